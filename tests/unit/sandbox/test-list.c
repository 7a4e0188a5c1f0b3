/* unit_list: nsbox_list() and nsbox_gc() on a state root of our own, with
 * state files that say a sandbox's nsbox runs, is gone, or is starting. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "nsbox.h"
#include "sandbox/state.h"

/* A pid that has just ended: its start time no longer matches anything. */
static pid_t
dead_pid (unsigned long long *start)
{
  int fds[2];
  pid_t pid;
  char c;

  cr_assert_eq (pipe (fds), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      close (fds[0]);
      pause ();
      _exit (0);
    }
  close (fds[1]);
  *start = nsbox_proc_start_time (pid);
  kill (pid, SIGKILL);
  cr_assert_eq (waitpid (pid, NULL, 0), pid);
  (void) read (fds[0], &c, 1);
  close (fds[0]);
  return pid;
}

static void
write_state (const char *root, const char *id, pid_t nsbox_pid, unsigned long long nsbox_start)
{
  char *command[] = { (char *) "sleep", (char *) "60", NULL };
  struct nsbox_state st = {
    .id = (char *) id, .pid = 1, .nsbox_pid = nsbox_pid, .nsbox_start = nsbox_start, .created = 1.0,
    .root = (char *) "/srv/root", .command = command, .memory_bytes = 64 << 20, .cpu_millis = 500, .pids = 8,
  };

  cr_assert_eq (nsbox_state_create (root, id, 0, NULL, NULL), 0);
  cr_assert_eq (nsbox_state_write (root, &st, NULL), 0);
}

static const struct nsbox_sandbox_info *
find (const struct nsbox_sandbox_info *list, size_t n, const char *id)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp (list[i].id, id) == 0)
      return &list[i];
  cr_assert_fail ("`%s` is not listed", id);
  return NULL;
}

struct seen
{
  char removed[256];
  int failed;
};

static void
note (void *data, enum nsbox_gc_kind kind, const char *name, const struct nsbox_error *failure)
{
  struct seen *s = data;

  cr_expect_eq (kind, NSBOX_GC_SANDBOX);
  if (failure)
    s->failed++;
  else
    snprintf (s->removed + strlen (s->removed), sizeof s->removed - strlen (s->removed), "%s ", name);
}

Test (unit_list, sandboxes_are_listed_and_only_orphans_collected)
{
  char *root = sbx_tmpdir ();
  struct nsbox_sandbox_info *list = NULL;
  unsigned long long start;
  pid_t gone = dead_pid (&start);
  struct seen seen = { 0 };
  size_t n = 0;

  write_state (root, "alive", getpid (), nsbox_proc_start_time (getpid ()));
  write_state (root, "orphan", gone, start);
  cr_assert_eq (nsbox_state_create (root, "starting", 0, NULL, NULL), 0);
  cr_assert_eq (nsbox_list (root, &list, &n, NULL), 0);
  cr_assert_eq (n, 3);
  cr_expect_eq (find (list, n, "alive")->status, NSBOX_SANDBOX_RUNNING);
  cr_expect_eq (find (list, n, "orphan")->status, NSBOX_SANDBOX_ORPHANED);
  cr_expect_eq (find (list, n, "starting")->status, NSBOX_SANDBOX_STARTING);
  cr_expect_str_eq (find (list, n, "alive")->command[1], "60");
  cr_expect_str_eq (find (list, n, "alive")->root, "/srv/root");
  cr_expect_eq (find (list, n, "alive")->memory_bytes, 64 << 20);
  cr_expect_null (find (list, n, "starting")->root);
  nsbox_list_free (list, n);

  cr_assert_eq (nsbox_gc (root, note, &seen, NULL), 0);
  cr_expect_str_eq (seen.removed, "orphan ");
  cr_expect_eq (seen.failed, 0);
  cr_assert_eq (nsbox_list (root, &list, &n, NULL), 0);
  cr_expect_eq (n, 2, "the running and the starting sandbox stay");
  nsbox_list_free (list, n);
  sbx_tmpdir_remove (root);
}

Test (unit_list, an_absent_state_root_is_empty)
{
  struct nsbox_sandbox_info *list = NULL;
  size_t n = 1;

  cr_assert_eq (nsbox_list ("/nonexistent/nsbox-state", &list, &n, NULL), 0);
  cr_expect_eq (n, 0);
  nsbox_list_free (list, n);
  cr_expect_eq (nsbox_gc ("/nonexistent/nsbox-state", NULL, NULL, NULL), 0);
}
