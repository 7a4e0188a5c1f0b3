/* libFuzzer target: the command line's value parsers (sizes, durations, users, mounts and
 * volumes, rlimits, --since), `nsbox exec`'s whole option parser on an argv made of the input
 * (every key's setter, --cpus, --pids, --memory ..., and the rules between keys), and the JSON
 * description of a sandbox (`nsbox exec --config`, nsbox_run_json).
 *
 * The first byte chooses the parser; the rest is its argument (for the option parser, the
 * arguments separated by NUL or newline bytes). */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "cli.h"
#include "exec-args.h"
#include "fuzz.h"
#include "isolate/rlimits.h"
#include "lang/stats.h"
#include "run/spec.h"
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

static struct nsbox_spec *
new_spec (void)
{
  struct nsbox_spec *spec = NULL;

  if (nsbox_spec_new (&spec, NULL) < 0)
    abort ();
  return spec;
}

/* argv = { "exec", the input's NUL/newline separated pieces... } */
static void
fuzz_exec_options (const uint8_t *data, size_t size)
{
  static const struct nsbox_global_options global = { .state_root = NULL };
  char *text = malloc (size + 1);
  char *argv[66] = { (char *) "exec" };
  int argc = 1;
  struct nsbox_spec *spec = new_spec ();
  struct nsbox_error *err = NULL;
  char *message = NULL;
  struct nsbox_exec_parsed parsed = { 0 };

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
  /* A refusal always says why. */
  if (nsbox_exec_args_parse (&global, argc, argv, spec, &parsed, &message) < 0)
    {
      if (message == NULL)
        __builtin_trap ();
    }
  else if (!parsed.help)
    fuzz_check_error (nsbox_spec_check (spec, &err), &err);
  free (message);
  nsbox_exec_parsed_release (&parsed);
  nsbox_spec_free (spec);
  free (text);
}

/* The JSON description: every key through its setter, then the rules between keys. */
static void
fuzz_config (const char *text)
{
  struct nsbox_spec *spec = new_spec ();
  struct nsbox_error *err = NULL;
  int ret = nsbox_spec_load_json (spec, text, "fuzz", &err);

  if (ret == 0)
    ret = nsbox_spec_check (spec, &err);
  fuzz_check_error (ret, &err);
  nsbox_spec_free (spec);
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
  switch (data[0] % 9)
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
    case 7:
      fuzz_exec_options (data + 1, size - 1);
      break;
    default:
      fuzz_config (text);
      break;
    }
  free (text);
  return 0;
}
