/* unit_state: the names of artifact directories, which `nsbox gc` trusts to
 * decide what it may unmount. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

#include "sandbox/state.h"

Test (unit_state, artifact_names_tell_a_running_owner_from_a_gone_one)
{
  char name[96];

  snprintf (name, sizeof name, "%d-%llu-Ab3xZ9", (int) getpid (), nsbox_proc_start_time (getpid ()));
  cr_assert_eq (nsbox_state_artifact_owner_runs (name), 1);
  /* Our pid with another start time: a reused pid, the owner is gone. */
  snprintf (name, sizeof name, "%d-%llu-Ab3xZ9", (int) getpid (), nsbox_proc_start_time (getpid ()) + 1);
  cr_assert_eq (nsbox_state_artifact_owner_runs (name), 0);
}

Test (unit_state, other_names_are_not_artifacts)
{
  static const char *const names[] = {
    "", "abc", "12-34", "12-34-", "12-34-abc", "12-34-abcdefg", "-1-34-abcdef", "0-34-abcdef", "12-0-abcdef",
    "12-34-abc/de", "12-34-abcde.", "x12-34-abcdef", "12-34-abcdef ",
  };

  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    cr_assert_eq (nsbox_state_artifact_owner_runs (names[i]), -1, "`%s`", names[i]);
}
