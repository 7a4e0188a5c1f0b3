/* policy.h - language policies: how code in one language is compiled and run.
 *
 * A policy is one JSON file (policies/lang/NAME.json, installed under
 * $(pkgdatadir)/lang; a file of the same name in $(sysconfdir)/nsbox/lang
 * replaces it).  Its format is in nsbox-policy(5).  The parser refuses unknown
 * keys and bad values with an error naming the file and the key. */
#ifndef NSBOX_POLICY_H
#define NSBOX_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "lang/code-lex.h"
#include "lang/violation.h"

/* Where a compile step leaves its artifact; the run step sees it read-only. */
#define NSBOX_LANG_OUT_DIR "/out"

/* One pre-execution check.  It matches what the code-aware checks found
 * (lang/code-facts.h): an import of a listed module or below it, a use of a
 * listed name or a member of it ("*.exec": a member of that name of
 * anything), a listed dynamic form; and, for a `pattern`, a POSIX extended
 * regex matched line by line over the code with its comments and string
 * contents blanked (the raw code when the policy has no syntax). */
struct nsbox_check_rule
{
  char *id;
  char *pattern; /* may be NULL */
  char *message;
  char *recommendation; /* what to do instead; may be NULL */
  enum nsbox_severity severity;
  char **imports, **uses, **dynamic; /* NULL-terminated; NULL = none */
};

/* One sandbox of a language run (compile or run) and its own limits. */
struct nsbox_lang_step
{
  char **argv;           /* NULL-terminated */
  char **env;            /* extra "K=V" for this step only */
  uint64_t memory_bytes; /* NSBOX_UNLIMITED when the policy sets none */
  uint64_t timeout_ms;   /* 0 = none */
  uint64_t pids;         /* NSBOX_UNLIMITED when the policy sets none */
  uint64_t tmpfs_size;   /* 0 = the sandbox default */
  bool tmpfs_exec;
  /* A cache of the image the step's tool writes (isolate/warmcache.h):
   * `from` in the image, writable at `at` below /tmp; NULL = none. */
  char *warm_cache_from, *warm_cache_at;
};

struct nsbox_lang_policy
{
  char *path; /* the file it was read from */
  char *name;
  char **aliases;      /* other names it answers to (NULL-terminated, may be empty) */
  char *image;         /* e.g. "nsbox/python:latest" */
  char *toolchain;     /* what the image runs it with, e.g. "Go 1.23 (Debian 12 backports)"; may be NULL */
  char *file;          /* where the code is placed, e.g. "/code/main.py" */
  char **support_paths; /* more read-only files for every step (e.g. type declarations) */
  char **support_contents;
  char **env;          /* "K=V" for every step */
  char *workdir;       /* NULL = "/tmp" */
  bool has_compile;
  struct nsbox_lang_step compile;
  struct nsbox_lang_step run;
  uint64_t artifact_size; /* bytes of the /out tmpfs between compile and run */
  char *seccomp_standard; /* seccomp profile per nsbox profile; NULL = unconfined */
  char *seccomp_strict;
  uint64_t max_code_bytes;
  enum nsbox_code_language syntax; /* how the checks parse the code; NONE = lines only */
  char **allow_imports;            /* when set, an import outside these is a critical finding */
  struct nsbox_check_rule *rules;
  size_t n_rules;
};

/* Parse a policy from JSON text; `origin` names it in errors (a path). */
int nsbox_policy_parse (const char *text, size_t length, const char *origin, struct nsbox_lang_policy *policy,
                        struct nsbox_error **err);

/* Read and parse one policy file. */
int nsbox_policy_load_file (const char *path, struct nsbox_lang_policy *policy, struct nsbox_error **err);

/* Find the policy named `lang` (or having it as an alias) in the directories
 * (NULL-terminated, first wins for a file name).  Fails naming the language
 * and the directories searched when none matches. */
int nsbox_policy_find (const char *lang, const char *const *dirs, struct nsbox_lang_policy *policy,
                       struct nsbox_error **err);

/* Every policy in the directories, sorted by name (a file in an earlier
 * directory hides one of the same file name in a later one). */
int nsbox_policy_list (const char *const *dirs, struct nsbox_lang_policy **policies, size_t *n,
                       struct nsbox_error **err);

/* The built-in search path: $(sysconfdir)/nsbox/lang, then $(pkgdatadir)/lang. */
const char *const *nsbox_policy_default_dirs (void);

/* The search path: nsbox.conf's policy_dir (may be NULL), the site's
 * ($(sysconfdir)/nsbox/lang), then the shipped policies (shipped_dir, NULL =
 * $(pkgdatadir)/lang; the build tree's nsbox names its source tree's): at
 * most three directories, NULL-terminated, in dirs. */
#define NSBOX_POLICY_SEARCH_PATH_MAX 4
void nsbox_policy_search_path (const char *policy_dir, const char *shipped_dir,
                               const char *dirs[NSBOX_POLICY_SEARCH_PATH_MAX]);

void nsbox_policy_release (struct nsbox_lang_policy *policy);
void nsbox_policy_list_free (struct nsbox_lang_policy *policies, size_t n);

#endif
