/* gc.c - nsbox_gc(): remove what sandboxes left behind when their nsbox died
 * (SIGKILL, a crash, a reboot of /run aside): processes, cgroups, state, and
 * the artifact tmpfs of language runs. */
#define _GNU_SOURCE
#include "nsbox.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "cgroup/cgroup.h"
#include "sandbox/state.h"
#include "isolate/userns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* A state file still empty (or unreadable) this young may belong to an
 * nsbox that is still starting. */
#define STARTING_GRACE_S 60

/* The sandbox's PID 1, if it still runs: killing it ends its pid namespace. */
static void
kill_sandbox_init (const struct nsbox_state *st)
{
  int pidfd;

  if (st->pid <= 0 || st->pid_start == 0)
    return;
  pidfd = (int) syscall (SYS_pidfd_open, st->pid, 0);
  if (pidfd < 0)
    return;
  /* Checked after pidfd_open: the fd now pins this very process. */
  if (nsbox_proc_start_time (st->pid) == st->pid_start)
    syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
  close (pidfd);
}

/* Without a readable state file: leave it alone while it may still be
 * starting, or when its nsbox has just removed it (ended normally). */
static bool
leave_unreadable_state (const char *state_root, const char *id)
{
  _cleanup_free_ char *path = NULL;
  struct stat sb;

  if (nsbox_state_path (state_root, id, NSBOX_STATE_SUFFIX, &path, NULL) < 0 || stat (path, &sb) < 0)
    return true;
  return time (NULL) - sb.st_mtime < STARTING_GRACE_S;
}

/* Returns 1 when removed, 0 when the sandbox is alive (or starting), -1 on error. */
static int
collect (const char *state_root, const char *id, int64_t owner, struct nsbox_error **err)
{
  struct nsbox_state st = { 0 };
  _cleanup_error_ struct nsbox_error *read_err = NULL;
  _cleanup_strv_ char **found = NULL;
  _cleanup_free_ char *name = NULL;
  char **paths;
  int ret;

  if (nsbox_state_read (state_root, id, &st, &read_err) < 0)
    {
      /* Whose it is cannot be told: root's gc decides. */
      if (owner >= 0 || leave_unreadable_state (state_root, id))
        return 0;
    }
  else if (nsbox_state_owner_runs (&st) || (owner >= 0 && st.owner_uid != owner))
    {
      nsbox_state_release (&st);
      return 0;
    }
  kill_sandbox_init (&st);
  paths = st.cgroup_paths;
  if (paths == NULL || paths[0] == NULL)
    {
      /* Killed between creating its cgroups and recording them. */
      if (asprintf (&name, "nsbox-%s", id) < 0)
        {
          nsbox_state_release (&st);
          return nsbox_error_oom (err);
        }
      if (nsbox_cgroup_find (NULL, name, &found, err) < 0)
        {
          nsbox_state_release (&st);
          return -1;
        }
      paths = found;
    }
  ret = nsbox_cgroup_remove_paths (paths, err);
  nsbox_state_release (&st);
  if (ret < 0)
    return -1;
  if (nsbox_state_remove (state_root, id, err) < 0)
    return -1;
  return 1;
}

static void
tell (nsbox_gc_report_fn report, void *data, enum nsbox_gc_kind kind, const char *name,
      const struct nsbox_error *failure)
{
  if (report)
    report (data, kind, name, failure);
}

struct gc_report
{
  nsbox_gc_report_fn report;
  void *data;
};

static void
tell_block (void *data, const char *block, const char *sandbox_id)
{
  struct gc_report *r = data;
  _cleanup_free_ char *name = NULL;

  if (asprintf (&name, "%s (of %s)", block, sandbox_id) >= 0)
    tell (r->report, r->data, NSBOX_GC_USERNS, name, NULL);
}

/* One artifact directory whose nsbox is gone: -1 (reported) when it stays. */
static int
remove_artifact (const char *base, const char *entry, nsbox_gc_report_fn report, void *data)
{
  _cleanup_error_ struct nsbox_error *failure = NULL;
  _cleanup_free_ char *path = NULL;

  if (asprintf (&path, "%s/%s", base, entry) < 0)
    nsbox_error_oom (&failure);
  /* EINVAL: not mounted (nsbox died between mkdir and mount, or a
   * rootless run's plain directory, removed with what it holds). */
  else if (umount2 (path, MNT_DETACH) < 0 && errno != EINVAL)
    nsbox_error_errno (&failure, errno, "artifact `%s`", path);
  else if (nsbox_remove_tree_at (AT_FDCWD, path, &failure) < 0)
    nsbox_error_prefix (&failure, "artifact");
  tell (report, data, NSBOX_GC_ARTIFACT, entry, failure);
  return failure ? -1 : 0;
}

/* The artifact tmpfs of language runs whose nsbox is gone (state.h); returns
 * how many could not be removed. */
static int
sweep_artifacts (const char *state_root, nsbox_gc_report_fn report, void *data, struct nsbox_error **err)
{
  _cleanup_free_ char *base = NULL;
  _cleanup_closedir_ DIR *d = NULL;
  struct dirent *e;
  int failed = 0;

  if (asprintf (&base, "%s/%s", state_root, NSBOX_STATE_ARTIFACTS) < 0)
    return nsbox_error_oom (err);
  d = opendir (base);
  if (d == NULL)
    return 0;
  while ((e = readdir (d)))
    {
      if ((e->d_type != DT_DIR && e->d_type != DT_UNKNOWN) || nsbox_state_artifact_owner_runs (e->d_name) != 0)
        continue;
      if (remove_artifact (base, e->d_name, report, data) < 0)
        failed++;
    }
  return failed;
}

int
nsbox_gc_owned (const char *state_root, int64_t owner, nsbox_gc_report_fn report, void *data,
                   struct nsbox_error **err)
{
  _cleanup_strv_ char **ids = NULL;
  int failed = 0, swept;
  size_t freed;

  if (state_root == NULL)
    state_root = NSBOX_DEFAULT_STATE_ROOT;
  if (nsbox_state_list (state_root, &ids, err) < 0)
    return -1;
  for (char **id = ids; *id; id++)
    {
      _cleanup_error_ struct nsbox_error *one = NULL;
      int r = collect (state_root, *id, owner, &one);

      if (r < 0)
        failed++;
      if (r != 0)
        tell (report, data, NSBOX_GC_SANDBOX, *id, one);
    }
  /* An artifact directory names its nsbox, not its owner: root's gc. */
  swept = owner >= 0 ? 0 : sweep_artifacts (state_root, report, data, err);
  if (swept < 0)
    return -1;
  /* Last: a block is free once its sandbox is collected.  Blocks are
   * root's: a rootless nsbox takes none, and may not read the pool. */
  if (geteuid () == 0
      && nsbox_userns_collect (NSBOX_DEFAULT_USERNS_POOL_DIR, state_root, tell_block,
                               &(struct gc_report){ report, data }, &freed, err) < 0)
    return -1;
  return failed + swept;
}

int
nsbox_gc (const char *state_root, nsbox_gc_report_fn report, void *data, struct nsbox_error **err)
{
  return nsbox_gc_owned (state_root, -1, report, data, err);
}
