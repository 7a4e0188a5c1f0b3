/* exec-parse.h - `nsbox exec ARGS` parsed the way the CLI does, for the unit
 * suites: the command line onto a fresh spec (src/nsbox/exec-args.c), then
 * the library's rules between keys (nsbox_spec_check). */
#ifndef NSBOX_TEST_EXEC_PARSE_H
#define NSBOX_TEST_EXEC_PARSE_H

#include <criterion/criterion.h>
#include <stdlib.h>

#include "exec-args.h"
#include "run/spec.h"

/* Variables the CLI reads, which `make check` sets for the build tree. */
static inline void
exec_parse_clean_environment (void)
{
  unsetenv ("NSBOX_SECCOMP_PROFILE_DIR");
  unsetenv ("NSBOX_SECCOMP_CACHE_DIR");
  unsetenv ("NSBOX_LANG_POLICY_DIR");
  unsetenv ("NSBOX_CONFIG");
  unsetenv ("NSBOX_STORE");
}

/* args: NULL-terminated, args[0] = "exec".  Returns 0, or -1 with *message
 * (malloc'ed; message may be NULL) from the command line or the rules. */
static inline int
exec_parse_global (const struct nsbox_global_options *global, const char *const *args, struct nsbox_spec **spec,
                   char **message)
{
  struct nsbox_error *err = NULL;
  char *msg = NULL;
  struct nsbox_exec_parsed parsed = { 0 };
  int argc = 0, ret;

  while (args[argc])
    argc++;
  cr_assert_eq (nsbox_spec_new (spec, NULL), 0);
  ret = nsbox_exec_args_parse (global, argc, (char **) args, *spec, &parsed, &msg);
  if (ret == 0 && nsbox_spec_check (*spec, &err) < 0)
    {
      msg = nsbox_error_format (err);
      nsbox_error_free (err);
      ret = -1;
    }
  nsbox_exec_parsed_release (&parsed);
  if (message)
    *message = msg;
  else
    free (msg);
  return ret;
}

static inline int
exec_parse (const char *const *args, struct nsbox_spec **spec, char **message)
{
  static const struct nsbox_global_options global = { .state_root = NULL };

  return exec_parse_global (&global, args, spec, message);
}

#endif
