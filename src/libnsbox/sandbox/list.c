/* list.c - nsbox_list(): the sandboxes of a state root, from their state files. */
#define _GNU_SOURCE
#include "nsbox.h"
#include "base/cleanup.h"
#include "sandbox/config.h"
#include "sandbox/state.h"

#include <stdlib.h>
#include <string.h>

/* The state file's fields move into the entry (st is left empty). */
static void
fill (struct nsbox_sandbox_info *info, struct nsbox_state *st)
{
  /* The state names its nsbox from the start: a dead one shows at once,
   * also before the sandbox's first process exists. */
  if (!nsbox_state_owner_runs (st))
    info->status = NSBOX_SANDBOX_ORPHANED;
  else
    info->status = st->pid > 0 ? NSBOX_SANDBOX_RUNNING : NSBOX_SANDBOX_STARTING;
  info->pid = st->pid;
  info->created = st->created;
  /* A state file just claimed names no root yet ("" when read). */
  info->root = st->root && *st->root ? steal_pointer (&st->root) : NULL;
  info->command = steal_pointer (&st->command);
  info->memory_bytes = st->memory_bytes;
  info->cpu_millis = st->cpu_millis;
  info->pids = st->pids;
  info->userns = steal_pointer (&st->userns);
  info->host_uid = st->host_uid;
  info->owner_uid = st->owner_uid;
}

int
nsbox_list (const char *state_root, struct nsbox_sandbox_info **list, size_t *n, struct nsbox_error **err)
{
  _cleanup_strv_ char **ids = NULL;
  struct nsbox_sandbox_info *v;
  size_t count;

  *list = NULL;
  *n = 0;
  if (state_root == NULL)
    state_root = NSBOX_DEFAULT_STATE_ROOT;
  if (nsbox_state_list (state_root, &ids, err) < 0)
    return -1;
  count = nsbox_strv_length (ids);
  v = calloc (count + 1, sizeof *v);
  if (v == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < count; i++)
    {
      struct nsbox_state st = { 0 };
      _cleanup_error_ struct nsbox_error *unread = NULL;

      v[i].id = steal_pointer (&ids[i]);
      v[i].status = NSBOX_SANDBOX_STARTING;
      v[i].memory_bytes = v[i].cpu_millis = v[i].pids = NSBOX_UNLIMITED;
      v[i].host_uid = v[i].owner_uid = -1;
      /* Unreadable: starting (not written yet) or left by a killed nsbox. */
      if (nsbox_state_read (state_root, v[i].id, &st, &unread) == 0)
        fill (&v[i], &st);
      nsbox_state_release (&st);
    }
  *list = v;
  *n = count;
  return 0;
}

void
nsbox_list_free (struct nsbox_sandbox_info *list, size_t n)
{
  for (size_t i = 0; list && i < n; i++)
    {
      free (list[i].id);
      free (list[i].root);
      free (list[i].userns);
      nsbox_strv_freep (&list[i].command);
    }
  free (list);
}
