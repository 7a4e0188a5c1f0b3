/* libFuzzer target: the command line's value parsers (sizes, durations, users, mounts and
 * volumes, rlimits, --since) and, for the parsers that live only in the CLI (--cpus, --pids,
 * --memory ...), `nsbox exec`'s whole option parser on an argv made of the input.
 *
 * The first byte chooses the parser; the rest is its argument (for the option parser, the
 * arguments separated by NUL or newline bytes). */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "exec-options.h"
#include "fuzz.h"
#include "isolate/rlimits.h"
#include "lang/stats.h"
#include "sandbox/config.h"

static void
fuzz_mount (const char *text, bool short_form)
{
  struct nsbox_bind_mount m = { 0 };
  struct nsbox_error *err = NULL;
  int ret = nsbox_parse_mount (text, short_form, &m, &err);

  /* A parsed mount always has both ends, and the destination is absolute. */
  if (ret == 0 && (m.source == NULL || m.destination == NULL || m.destination[0] != '/'))
    __builtin_trap ();
  free (m.source);
  free (m.destination);
  fuzz_check_error (ret, &err);
}

/* argv = { "exec", the input's NUL/newline separated pieces... } */
static void
fuzz_exec_options (const uint8_t *data, size_t size)
{
  char *text = malloc (size + 1);
  char *argv[66] = { (char *) "exec" };
  int argc = 1;
  struct nsbox_exec_options o;
  struct nsbox_error *err = NULL;
  int ret;

  if (text == NULL)
    abort ();
  memcpy (text, data, size);
  text[size] = '\0';
  for (size_t i = 0; i < size; i++)
    if (text[i] == '\n')
      text[i] = '\0';
  for (size_t i = 0; i <= size && argc < 65; i += strlen (text + i) + 1)
    argv[argc++] = text + i;
  argv[argc] = NULL;
  ret = nsbox_exec_parse (argc, argv, &o, &err);
  nsbox_exec_options_release (&o);
  fuzz_check_error (ret, &err);
  free (text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_error *err = NULL;
  char *text;
  uint64_t u64;
  double seconds;
  uid_t uid;
  gid_t gid;
  enum nsbox_rlimit_kind kind;
  struct nsbox_rlimit limit;

  if (size < 1)
    return 0;
  text = fuzz_string (data + 1, size - 1);
  switch (data[0] % 8)
    {
    case 0:
      fuzz_check_error (nsbox_parse_size (text, &u64, &err), &err);
      break;
    case 1:
      fuzz_check_error (nsbox_parse_seconds (text, &u64, &err), &err);
      break;
    case 2:
      fuzz_check_error (nsbox_parse_user (text, &uid, &gid, &err), &err);
      break;
    case 3:
      fuzz_mount (text, true);
      break;
    case 4:
      fuzz_mount (text, false);
      break;
    case 5:
      if (nsbox_rlimit_parse (text, &kind, &limit, &err) == 0 && (kind >= NSBOX_RLIMIT_COUNT || limit.soft > limit.hard))
        __builtin_trap ();
      fuzz_check_error (err ? -1 : 0, &err);
      break;
    case 6:
      if (nsbox_parse_duration (text, &seconds, &err) == 0 && !(seconds >= 0))
        __builtin_trap ();
      fuzz_check_error (err ? -1 : 0, &err);
      break;
    default:
      fuzz_exec_options (data + 1, size - 1);
      break;
    }
  free (text);
  return 0;
}
