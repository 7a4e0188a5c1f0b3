/* image_prune: prune holds the store lock only to decide what is garbage; the deleting
 * happens outside it, so sandboxes start while a long prune runs. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "image/resolve.h"
#include "image-harness.h"

TestSuite (image_prune, .fini = image_cleanup);

/* Enough files that deleting them takes a good fraction of a second on any disk of ours
 * (about 0.6 s on the 2-core VM's ext4), while resolving an image takes a millisecond. */
#define GARBAGE_DIRS 50
#define GARBAGE_FILES_PER_DIR 2000
#define GARBAGE_HEX "0000000000000000000000000000000000000000000000000000000000000001"

struct fixture
{
  char *dir;
  char store[4096];
  char garbage[4200];
};

static long long
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void
sleep_ms (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep (&ts, NULL);
}

static int
wait_status (pid_t pid)
{
  int status;

  cr_assert_eq (waitpid (pid, &status, 0), pid);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* A store with the image `kept` and an unreferenced layer of many files for prune to delete. */
static void
fixture_setup (struct fixture *f)
{
  char image[4200], source[4300];
  char *err = NULL;

  f->dir = image_tmpdir ();
  snprintf (f->store, sizeof f->store, "%s/store", f->dir);
  snprintf (image, sizeof image, "%s/layout", f->dir);
  snprintf (source, sizeof source, "oci:%s", image);
  image_make ("oci", image, "--layer", "busybox", NULL);
  cr_assert_eq (image_cli (f->store, NULL, &err, "image", "import", source, "--name", "kept", NULL), 0, "%s", err);
  free (err);
  snprintf (f->garbage, sizeof f->garbage, "%s/layers/" GARBAGE_HEX, f->store);
  cr_assert_eq (mkdir (f->garbage, 0755), 0);
  for (int d = 0; d < GARBAGE_DIRS; d++)
    {
      char sub[4300];
      int dfd;

      snprintf (sub, sizeof sub, "%s/d%d", f->garbage, d);
      cr_assert_eq (mkdir (sub, 0755), 0);
      dfd = open (sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      cr_assert_geq (dfd, 0);
      for (int i = 0; i < GARBAGE_FILES_PER_DIR; i++)
        {
          char name[32];
          int fd;

          snprintf (name, sizeof name, "f%d", i);
          fd = openat (dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
          cr_assert_geq (fd, 0);
          close (fd);
        }
      close (dfd);
    }
}

/* The store lock is held exclusively right now (by prune): a shared try fails. */
static bool
store_locked_exclusively (const struct fixture *f)
{
  char path[4200];
  int fd, r;

  snprintf (path, sizeof path, "%s/lock", f->store);
  fd = open (path, O_RDWR | O_CLOEXEC);
  cr_assert_geq (fd, 0);
  r = flock (fd, LOCK_SH | LOCK_NB);
  close (fd);
  return r < 0 && errno == EWOULDBLOCK;
}

/* Prune has begun: it holds the lock, or it has already taken the garbage away. */
static void
wait_for_prune_to_start (const struct fixture *f)
{
  for (int waited = 0; waited < 20000; waited++)
    {
      if (store_locked_exclusively (f) || !image_path_exists (f->garbage))
        return;
      sleep_ms (1);
    }
  cr_assert_fail ("prune never started");
}

Test (image_prune, resolve_is_not_blocked_while_prune_deletes, .timeout = 120)
{
  struct fixture f;
  struct nsbox_image *image = NULL;
  struct nsbox_error *err = NULL;
  long long start, waited;
  bool ended;
  pid_t pruner;
  int status;

  fixture_setup (&f);
  pruner = image_cli_spawn (f.store, "image", "prune", NULL);
  wait_for_prune_to_start (&f);
  start = now_ms ();
  cr_assert_eq (nsbox_image_resolve (f.store, "kept", &image, &err), 0, "%s", err ? err->message : "");
  waited = now_ms () - start;
  /* Before the fix, resolve waited for the whole deletion. */
  ended = waitpid (pruner, &status, WNOHANG) == pruner;
  cr_expect (!ended, "prune ended before resolve returned (%lld ms): resolve waited for it", waited);
  cr_expect_lt (waited, 250, "resolve waited %lld ms for prune", waited);
  cr_assert (image_path_exists (image->lower_dirs[0]), "prune removed the layer of a referenced image");
  nsbox_image_free (image);
  if (!ended)
    status = wait_status (pruner);
  else
    status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  cr_assert_eq (status, 0);
  cr_assert (!image_path_exists (f.garbage));
  cr_assert_eq (image_count_entries (f.store, "layers"), 1);
  cr_assert_eq (image_count_entries (f.store, "trash"), 0, "prune left its trash behind");
  image_tmpdir_remove (f.dir);
}

Test (image_prune, a_real_exec_starts_while_prune_deletes, .timeout = 120)
{
  struct fixture f;
  const char *nsbox = getenv ("NSBOX_BIN") ? getenv ("NSBOX_BIN") : "src/nsbox/nsbox";
  char *argv[] = { (char *) nsbox, "--store", f.store, "exec", "kept", "--", "echo", "ran", NULL };
  char *out = NULL, *err = NULL;
  long long start, waited;
  pid_t pruner;
  int status;

  fixture_setup (&f);
  argv[2] = f.store;
  pruner = image_cli_spawn (f.store, "image", "prune", NULL);
  wait_for_prune_to_start (&f);
  start = now_ms ();
  cr_assert_eq (image_run (argv, &out, &err), 0, "%s", err);
  waited = now_ms () - start;
  cr_assert_str_eq (out, "ran\n");
  if (waitpid (pruner, &status, WNOHANG) == 0)
    cr_assert_eq (wait_status (pruner), 0);
  else
    cr_expect_fail ("prune ended before the exec did (%lld ms): the exec waited for it", waited);
  free (out);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_prune, a_killed_prune_leaves_nothing_that_breaks_the_next, .timeout = 120)
{
  struct fixture f;
  struct nsbox_image *image = NULL;
  char *out = NULL;
  pid_t pruner;

  fixture_setup (&f);
  pruner = image_cli_spawn (f.store, "image", "prune", NULL);
  wait_for_prune_to_start (&f);
  sleep_ms (20);
  kill (pruner, SIGKILL);
  cr_assert_eq (wait_status (pruner), 128 + SIGKILL, "prune finished before it could be killed");
  cr_assert (!image_path_exists (f.garbage), "garbage still in layers/ after prune started deleting");
  cr_assert_eq (nsbox_image_resolve (f.store, "kept", &image, NULL), 0);
  nsbox_image_free (image);
  /* The next prune finishes the killed one's work. */
  cr_assert_eq (image_cli (f.store, &out, NULL, "image", "prune", NULL), 0);
  free (out);
  cr_assert_eq (image_count_entries (f.store, "trash"), 0, "the killed prune's trash is still there");
  cr_assert_eq (image_count_entries (f.store, "layers"), 1);
  image_tmpdir_remove (f.dir);
}

Test (image_prune, a_running_prune_keeps_its_trash_from_another)
{
  struct fixture f;
  char live[4300], file[4400];
  char *out = NULL;
  int fd, file_fd;

  fixture_setup (&f);
  /* A trash directory whose owner is alive holds a flock on it; another prune leaves it alone. */
  snprintf (live, sizeof live, "%s/trash", f.store);
  mkdir (live, 0700);
  snprintf (live, sizeof live, "%s/trash/prune-live", f.store);
  cr_assert_eq (mkdir (live, 0700), 0);
  snprintf (file, sizeof file, "%s/x", live);
  file_fd = open (file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  cr_assert_geq (file_fd, 0);
  close (file_fd);
  fd = open (live, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  cr_assert_geq (fd, 0);
  cr_assert_eq (flock (fd, LOCK_EX | LOCK_NB), 0);
  cr_assert_eq (image_cli (f.store, &out, NULL, "image", "prune", NULL), 0);
  free (out);
  cr_assert (image_path_exists (file), "prune emptied another prune's trash");
  close (fd);
  cr_assert_eq (image_cli (f.store, &out, NULL, "image", "prune", NULL), 0);
  free (out);
  cr_assert (!image_path_exists (live), "an abandoned trash directory was not removed");
  image_tmpdir_remove (f.dir);
}
