#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "isolate/paths.h"

static char root[] = "/tmp/nsbox-paths.XXXXXX";
static int root_fd = -1;

static void
setup (void)
{
  cr_assert_not_null (mkdtemp (root));
  root_fd = open (root, O_PATH | O_DIRECTORY);
  cr_assert_geq (root_fd, 0);
  cr_assert_eq (mkdirat (root_fd, "etc", 0755), 0);
  /* Links that would lead outside if resolved against the host's root. */
  cr_assert_eq (symlinkat ("/etc", root_fd, "abs"), 0);
  cr_assert_eq (symlinkat ("../../../../etc", root_fd, "rel"), 0);
  cr_assert_eq (symlinkat ("/proc/self/root/etc", root_fd, "magic"), 0);
}

static void
teardown (void)
{
  char cmd[128];

  close (root_fd);
  snprintf (cmd, sizeof cmd, "rm -rf %s", root);
  cr_assert_eq (system (cmd), 0);
}

static void
assert_inside (int fd, const char *expect_suffix)
{
  char link[64], target[4096] = "";
  char expected[4096];

  nsbox_path_fd_name (fd, link);
  cr_assert_gt (readlink (link, target, sizeof target - 1), 0);
  snprintf (expected, sizeof expected, "%s%s", root, expect_suffix);
  cr_assert_str_eq (target, expected);
}

TestSuite (unit_paths, .init = setup, .fini = teardown);

Test (unit_paths, absolute_symlink_stays_in_root)
{
  _cleanup_close_ int fd = nsbox_path_open_in_root (root_fd, "/abs", NSBOX_PATH_MUST_EXIST, NULL);

  cr_assert_geq (fd, 0);
  assert_inside (fd, "/etc");
}

Test (unit_paths, dotdot_symlink_stays_in_root)
{
  _cleanup_close_ int fd = nsbox_path_open_in_root (root_fd, "/rel", NSBOX_PATH_MUST_EXIST, NULL);

  cr_assert_geq (fd, 0);
  assert_inside (fd, "/etc");
}

Test (unit_paths, magic_links_are_refused)
{
  cr_assert_lt (nsbox_path_open_in_root (root_fd, "/magic/passwd", NSBOX_PATH_MUST_EXIST, NULL), 0);
}

Test (unit_paths, creating_through_a_symlink_lands_in_root)
{
  _cleanup_close_ int fd = nsbox_path_open_in_root (root_fd, "/abs/new/deeper", NSBOX_PATH_CREATE_DIR, NULL);
  struct stat st;

  cr_assert_geq (fd, 0);
  assert_inside (fd, "/etc/new/deeper");
  cr_assert_neq (stat ("/etc/new/deeper", &st), 0, "nothing may be created on the host");
}

Test (unit_paths, create_file_makes_parents)
{
  _cleanup_close_ int fd = nsbox_path_open_in_root (root_fd, "/a/b/file", NSBOX_PATH_CREATE_FILE, NULL);
  struct stat st;

  cr_assert_geq (fd, 0);
  cr_assert_eq (fstatat (root_fd, "a/b/file", &st, 0), 0);
  cr_assert (S_ISREG (st.st_mode));
}

Test (unit_paths, dangling_symlink_is_not_followed_on_create)
{
  _cleanup_error_ struct nsbox_error *err = NULL;

  /* Inside the root, "/abs/x" resolves to <root>/etc/x; a symlink named x
   * pointing anywhere must not be replaced by, or followed to, a directory. */
  cr_assert_eq (symlinkat ("/nowhere", root_fd, "etc/x"), 0);
  cr_assert_lt (nsbox_path_open_in_root (root_fd, "/etc/x/y", NSBOX_PATH_CREATE_DIR, &err), 0);
}

Test (unit_paths, dotdot_is_refused_lexically)
{
  char out[64];

  cr_assert_lt (nsbox_path_normalize ("/a/../b", out, sizeof out, NULL), 0);
  cr_assert_eq (nsbox_path_normalize ("//a/./b//", out, sizeof out, NULL), 0);
  cr_assert_str_eq (out, "/a/b");
  cr_assert_lt (nsbox_path_normalize ("relative", out, sizeof out, NULL), 0);
}
