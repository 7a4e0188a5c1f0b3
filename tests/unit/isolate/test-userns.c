/* The pool of host-id blocks (isolate/userns.c): where it comes from, how
 * blocks are taken and given back, and what `nsbox gc` may free. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "isolate/userns.h"

static char dir[] = "/tmp/nsbox-userns.XXXXXX";
static char pool_dir[256], subuid[256], subgid[256], state_root[256];

static void
setup (void)
{
  cr_assert_not_null (mkdtemp (dir));
  snprintf (pool_dir, sizeof pool_dir, "%s/pool", dir);
  snprintf (subuid, sizeof subuid, "%s/subuid", dir);
  snprintf (subgid, sizeof subgid, "%s/subgid", dir);
  snprintf (state_root, sizeof state_root, "%s/state", dir);
  cr_assert_eq (mkdir (state_root, 0700), 0);
}

static void
teardown (void)
{
  char cmd[512];

  snprintf (cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq (system (cmd), 0);
}

TestSuite (unit_userns, .init = setup, .fini = teardown);

static void
write_file (const char *path, const char *text)
{
  FILE *f = fopen (path, "w");

  cr_assert_not_null (f);
  fputs (text, f);
  fclose (f);
}

static const struct nsbox_userns_pool *
load (const char *text, struct nsbox_userns_pool *pool, struct nsbox_error **err)
{
  return nsbox_userns_pool_load (text, subuid, subgid, pool, err) == 0 ? pool : NULL;
}

Test (unit_userns, the_nsbox_entries_of_subuid_and_subgid_are_the_pool)
{
  struct nsbox_userns_pool pool;

  write_file (subuid, "alice:100000:65536\nnsbox:200000:1310720\n");
  write_file (subgid, "nsbox:300000:655360\n");
  cr_assert_not_null (load (NULL, &pool, NULL));
  cr_assert_eq (pool.uid_start, 200000);
  cr_assert_eq (pool.gid_start, 300000);
  cr_assert_eq (pool.blocks, 10, "the smaller of the two counts");
}

Test (unit_userns, without_entries_the_built_in_range_unless_something_overlaps_it)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_userns_pool pool;

  cr_assert_not_null (load (NULL, &pool, NULL), "no files at all");
  cr_assert_eq (pool.uid_start, NSBOX_USERNS_BUILTIN_START);
  cr_assert_eq (pool.blocks, NSBOX_USERNS_BUILTIN_BLOCKS);
  write_file (subuid, "bob:1879113728:65536\n");
  cr_assert_null (load (NULL, &pool, &err));
  cr_assert_not_null (strstr (err->message, "overlaps"), "%s", err->message);
}

Test (unit_userns, an_entry_in_one_file_only_is_refused)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_userns_pool pool;

  write_file (subuid, "nsbox:200000:65536\n");
  cr_assert_null (load (NULL, &pool, &err));
  cr_assert_not_null (strstr (err->message, subgid), "%s", err->message);
}

Test (unit_userns, a_configured_range_is_checked)
{
  static const char *const bad[] = { "", "5", "1000:100", "0:65536", "4294901760:65536", "1:65536x", NULL };
  struct nsbox_userns_pool pool;

  cr_assert_not_null (load ("100000:200000", &pool, NULL));
  cr_assert_eq (pool.uid_start, 100000);
  cr_assert_eq (pool.gid_start, 100000);
  cr_assert_eq (pool.blocks, 3, "a remainder is not used");
  for (const char *const *t = bad; *t; t++)
    {
      _cleanup_error_ struct nsbox_error *err = NULL;
      cr_assert_null (load (*t, &pool, &err), "`%s` accepted", *t);
    }
}

Test (unit_userns, blocks_are_taken_once_until_given_back)
{
  struct nsbox_userns_pool pool = { 100000, 500000, 2, "test" };
  struct nsbox_userns_block a, b, c;
  _cleanup_error_ struct nsbox_error *err = NULL;
  size_t taken;

  cr_assert_eq (nsbox_userns_block_take (pool_dir, &pool, state_root, "a", &a, NULL), 0);
  cr_assert_eq (nsbox_userns_block_take (pool_dir, &pool, state_root, "b", &b, NULL), 0);
  cr_assert_neq (a.index, b.index);
  cr_assert_eq (a.host_uid, 100000 + a.index * NSBOX_USERNS_BLOCK);
  cr_assert_eq (a.host_gid, 500000 + a.index * NSBOX_USERNS_BLOCK);
  cr_assert_lt (nsbox_userns_block_take (pool_dir, &pool, state_root, "c", &c, &err), 0);
  cr_assert_eq (err->errno_value, EAGAIN, "%s", err->message);
  cr_assert_eq (nsbox_userns_count (pool_dir, state_root, &taken, NULL), 0);
  cr_assert_eq (taken, 2);
  cr_assert_eq (nsbox_userns_block_give_back (pool_dir, &a, NULL), 0);
  cr_assert_eq (nsbox_userns_block_take (pool_dir, &pool, state_root, "c", &c, NULL), 0);
  cr_assert_eq (c.index, a.index, "the freed block is taken again");
}

static void
count_freed (void *data, const char *block, const char *id)
{
  (void) block;
  cr_assert_str_eq (id, "dead", "only the dead sandbox's block is freed");
  (*(int *) data)++;
}

/* A block is free for gc once its nsbox is gone and its sandbox has no
 * state file; a live holder, or a state file still there, keeps it. */
Test (unit_userns, gc_frees_only_blocks_of_gone_sandboxes)
{
  struct nsbox_userns_pool pool = { 100000, 100000, 8, "test" };
  struct nsbox_userns_block block;
  char path[512];
  size_t freed, taken;
  int calls = 0, status;
  pid_t pid = fork ();

  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      /* Taken by a process that then dies: "dead" has no state file,
       * "killed" still has one (its sandbox not collected yet). */
      _exit (nsbox_userns_block_take (pool_dir, &pool, state_root, "dead", &block, NULL) != 0
             || nsbox_userns_block_take (pool_dir, &pool, state_root, "killed", &block, NULL) != 0);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  cr_assert_eq (status, 0);
  snprintf (path, sizeof path, "%s/killed.json", state_root);
  write_file (path, "{}");
  cr_assert_eq (nsbox_userns_block_take (pool_dir, &pool, state_root, "alive", &block, NULL), 0);
  cr_assert_eq (nsbox_userns_collect (pool_dir, "/another/root", count_freed, &calls, &freed, NULL), 0);
  cr_assert_eq (freed, 0, "blocks of another state root are not ours to free");
  cr_assert_eq (nsbox_userns_collect (pool_dir, state_root, count_freed, &calls, &freed, NULL), 0);
  cr_assert_eq (freed, 1);
  cr_assert_eq (calls, 1);
  cr_assert_eq (nsbox_userns_count (pool_dir, state_root, &taken, NULL), 0);
  cr_assert_eq (taken, 2, "alive and killed stay taken");
}

/* Takes every block of the pool in a process that then exits. */
static void
take_all_and_die (const struct nsbox_userns_pool *pool)
{
  int status;
  pid_t pid = fork ();

  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      struct nsbox_userns_block block;
      int failed = 0;

      for (uint32_t i = 0; i < pool->blocks; i++)
        failed |= nsbox_userns_block_take (pool_dir, pool, state_root, "killed", &block, NULL);
      _exit (failed != 0);
    }
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  cr_assert_eq (status, 0);
}

/* A process that holds one id of the block (a gid, or a uid) until killed. */
static pid_t
hold_id (bool gid, unsigned id)
{
  int ready[2];
  char byte;
  pid_t pid;

  cr_assert_eq (pipe (ready), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      /* After the change of ids, which clears it: no holder outlives a failed test. */
      if ((gid ? setresgid (id, id, id) : setresuid (id, id, id)) < 0 || prctl (PR_SET_PDEATHSIG, SIGKILL) < 0
          || getppid () == 1 || write (ready[1], "x", 1) != 1)
        _exit (1);
      for (;;)
        pause ();
    }
  close (ready[1]);
  cr_assert_eq (read (ready[0], &byte, 1), 1, "the holder could not take id %u", id);
  close (ready[0]);
  return pid;
}

static void
end (pid_t pid)
{
  cr_assert_eq (kill (pid, SIGKILL), 0);
  cr_assert_eq (waitpid (pid, NULL, 0), pid);
}

/* Killed nsboxes' blocks, not yet collected by gc, fill the pool: the next
 * sandbox takes one of them over rather than fail. */
Test (unit_userns, a_full_pool_takes_over_a_block_of_a_dead_holder)
{
  struct nsbox_userns_pool pool = { 0x60000000u, 0x60000000u, 2, "test" };
  struct nsbox_userns_block block;
  char path[512], target[1024];
  ssize_t n;

  take_all_and_die (&pool);
  cr_assert_eq (nsbox_userns_block_take (pool_dir, &pool, state_root, "next", &block, NULL), 0);
  snprintf (path, sizeof path, "%s/%u", pool_dir, block.index);
  n = readlink (path, target, sizeof target - 1);
  cr_assert_gt (n, 0);
  target[n] = '\0';
  cr_assert_not_null (strstr (target, " next "), "the record names the new holder: %s", target);
}

/* Until no thread holds any of its ids, a dead holder's block is not free:
 * a process that outlived its sandbox could still use them. */
Test (unit_userns, a_block_whose_ids_a_process_holds_is_not_taken_over)
{
  struct nsbox_userns_pool pool = { 0x60000000u, 0x60000000u, 1, "test" };
  struct nsbox_userns_block block;
  pid_t holder;

  take_all_and_die (&pool);
  for (int gid = 1; gid >= 0; gid--)
    {
      _cleanup_error_ struct nsbox_error *err = NULL;

      holder = hold_id (gid, 0x60000000u + 4242);
      cr_assert_lt (nsbox_userns_block_take (pool_dir, &pool, state_root, "next", &block, &err), 0,
                    "taken over while a process held a %s of it", gid ? "gid" : "uid");
      cr_assert_eq (err->errno_value, EAGAIN, "%s", err->message);
      end (holder);
    }
  cr_assert_eq (nsbox_userns_block_take (pool_dir, &pool, state_root, "next", &block, NULL), 0);
}
