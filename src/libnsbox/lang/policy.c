#define _GNU_SOURCE
#include "lang/policy.h"
#include "base/cleanup.h"
#include "sandbox/config.h"
#include "base/fdio.h"
#include "base/json.h"
#include "lang/regex-cost.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_MAX_CODE_BYTES (100ULL * 1024)
#define DEFAULT_ARTIFACT_SIZE (256ULL << 20)
#define MAX_POLICY_BYTES (1 << 20)

static void
step_release (struct nsbox_lang_step *s)
{
  nsbox_strv_freep (&s->argv);
  nsbox_strv_freep (&s->env);
  free (s->warm_cache_from);
  free (s->warm_cache_at);
}

void
nsbox_policy_release (struct nsbox_lang_policy *p)
{
  free (p->path);
  free (p->name);
  nsbox_strv_freep (&p->aliases);
  free (p->image);
  free (p->toolchain);
  free (p->file);
  nsbox_strv_freep (&p->support_paths);
  nsbox_strv_freep (&p->support_contents);
  nsbox_strv_freep (&p->env);
  free (p->workdir);
  step_release (&p->compile);
  step_release (&p->run);
  free (p->seccomp_standard);
  free (p->seccomp_strict);
  for (size_t i = 0; i < p->n_rules; i++)
    {
      free (p->rules[i].id);
      free (p->rules[i].pattern);
      free (p->rules[i].message);
      free (p->rules[i].recommendation);
      nsbox_strv_freep (&p->rules[i].imports);
      nsbox_strv_freep (&p->rules[i].uses);
      nsbox_strv_freep (&p->rules[i].dynamic);
    }
  free (p->rules);
  nsbox_strv_freep (&p->allow_imports);
  memset (p, 0, sizeof *p);
}

void
nsbox_policy_list_free (struct nsbox_lang_policy *policies, size_t n)
{
  for (size_t i = 0; i < n; i++)
    nsbox_policy_release (&policies[i]);
  free (policies);
}

static void
step_init (struct nsbox_lang_step *s)
{
  memset (s, 0, sizeof *s);
  s->memory_bytes = NSBOX_UNLIMITED;
  s->pids = NSBOX_UNLIMITED;
}

static int
parse_env (struct nsbox_json_ctx *ctx, json_t *value, const char *key, char ***env, struct nsbox_error **err)
{
  if (nsbox_json_strv (ctx, value, key, env, err) < 0)
    return -1;
  for (char **p = *env; p && *p; p++)
    if (strchr (*p, '=') == NULL || **p == '=')
      return nsbox_json_bad (ctx, key, err, "`%s` is not K=V", *p);
  return 0;
}

static int
parse_tmpfs (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_lang_step *s, struct nsbox_error **err)
{
  static const char *const keys[] = { "size", "exec", NULL };
  const char *key;
  json_t *v;

  if (nsbox_json_object (ctx, value, "tmpfs", keys, err) < 0)
    return -1;
  json_object_foreach (value, key, v)
  {
    int r = strcmp (key, "size") == 0 ? nsbox_json_size (ctx, v, "tmpfs.size", &s->tmpfs_size, err)
                                      : nsbox_json_bool (ctx, v, "tmpfs.exec", &s->tmpfs_exec, err);
    if (r < 0)
      return -1;
  }
  return 0;
}

/* "/a/b": no empty, "." or ".." component, not "/" itself, and none of the
 * characters overlayfs gives a meaning in its options. */
static bool
plain_absolute (const char *path)
{
  const char *p = path;

  if (*p != '/' || p[1] == '\0' || strpbrk (path, ":,\\"))
    return false;
  while (*p == '/')
    {
      size_t n = strcspn (++p, "/");

      if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
        return false;
      p += n;
    }
  return true;
}

/* {"from": "/var/cache/...", "at": "/tmp/..."} */
static int
parse_warm_cache (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_lang_step *s, struct nsbox_error **err)
{
  static const char *const keys[] = { "from", "at", NULL };

  if (nsbox_json_object (ctx, value, "warm_cache", keys, err) < 0 || nsbox_json_push (ctx, "warm_cache") < 0)
    return -1;
  if (nsbox_json_string (ctx, json_object_get (value, "from"), "from", &s->warm_cache_from, err) < 0
      || nsbox_json_string (ctx, json_object_get (value, "at"), "at", &s->warm_cache_at, err) < 0)
    return -1;
  if (!plain_absolute (s->warm_cache_from))
    return nsbox_json_bad (ctx, "from", err, "`%s` must be an absolute path of plain components", s->warm_cache_from);
  if (!plain_absolute (s->warm_cache_at) || strncmp (s->warm_cache_at, "/tmp/", 5) != 0)
    return nsbox_json_bad (ctx, "at", err, "`%s` must be a path below /tmp/", s->warm_cache_at);
  nsbox_json_pop (ctx);
  return 0;
}

static int
parse_step (struct nsbox_json_ctx *ctx, json_t *value, const char *name, struct nsbox_lang_step *s,
            struct nsbox_error **err)
{
  static const char *const keys[] = { "argv", "env", "memory", "timeout", "pids", "tmpfs", "warm_cache", NULL };
  const char *key;
  json_t *v;
  int r;

  if (nsbox_json_object (ctx, value, name, keys, err) < 0)
    return -1;
  if (nsbox_json_push (ctx, name) < 0)
    return nsbox_error_oom (err);
  json_object_foreach (value, key, v)
  {
    if (strcmp (key, "argv") == 0)
      r = nsbox_json_strv (ctx, v, key, &s->argv, err);
    else if (strcmp (key, "env") == 0)
      r = parse_env (ctx, v, key, &s->env, err);
    else if (strcmp (key, "memory") == 0)
      r = nsbox_json_size (ctx, v, key, &s->memory_bytes, err);
    else if (strcmp (key, "timeout") == 0)
      r = nsbox_json_seconds (ctx, v, key, &s->timeout_ms, err);
    else if (strcmp (key, "pids") == 0)
      r = nsbox_json_uint (ctx, v, key, 1, 1 << 22, &s->pids, err);
    else if (strcmp (key, "warm_cache") == 0)
      r = parse_warm_cache (ctx, v, s, err);
    else
      r = parse_tmpfs (ctx, v, s, err);
    if (r < 0)
      return -1;
  }
  if (s->argv == NULL || s->argv[0] == NULL)
    return nsbox_json_bad (ctx, "argv", err, "is required and must not be empty");
  nsbox_json_pop (ctx);
  return 0;
}

static int
parse_seccomp (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_lang_policy *p, struct nsbox_error **err)
{
  static const char *const keys[] = { "standard", "strict", NULL };
  const char *key;
  json_t *v;

  if (nsbox_json_object (ctx, value, "seccomp", keys, err) < 0)
    return -1;
  json_object_foreach (value, key, v)
  {
    char **field = strcmp (key, "standard") == 0 ? &p->seccomp_standard : &p->seccomp_strict;
    _cleanup_free_ char *k = NULL;

    if (asprintf (&k, "seccomp.%s", key) < 0)
      return nsbox_error_oom (err);
    if (nsbox_json_string (ctx, v, k, field, err) < 0)
      return -1;
  }
  return 0;
}

static int
check_pattern (struct nsbox_json_ctx *ctx, const char *pattern, struct nsbox_error **err)
{
  size_t cost = nsbox_regex_cost (pattern);
  regex_t re;
  int rc;

  if (cost == 0)
    return nsbox_json_bad (ctx, "pattern", err, "`%s` uses a back-reference, which a check pattern may not", pattern);
  if (cost > NSBOX_REGEX_MAX_COST)
    return nsbox_json_bad (ctx, "pattern", err, "`%s` repeats too much to compile (nested +, * or {n,m}, or a loop over what "
                                                 "can match nothing, such as x*+)",
                           pattern);
  rc = regcomp (&re, pattern, REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
  if (rc != 0)
    {
      char msg[128];

      regerror (rc, &re, msg, sizeof msg);
      return nsbox_json_bad (ctx, "pattern", err, "`%s` is not a POSIX extended regex: %s", pattern, msg);
    }
  regfree (&re);
  return 0;
}

/* A name list of a rule: non-empty names, a `*.` only in front of a member. */
static int
parse_names (struct nsbox_json_ctx *ctx, json_t *v, const char *key, char ***out, struct nsbox_error **err)
{
  if (nsbox_json_strv (ctx, v, key, out, err) < 0)
    return -1;
  for (char **n = *out; *n; n++)
    if (**n == '\0' || (strchr (*n, '*') && (strncmp (*n, "*.", 2) != 0 || strchr (*n + 2, '*'))))
      return nsbox_json_bad (ctx, key, err, "`%s` is not a name (a wildcard is only `*.member`)", *n);
  return 0;
}

static int
parse_rule (struct nsbox_json_ctx *ctx, json_t *value, const char *name, bool syntax, struct nsbox_check_rule *rule,
            struct nsbox_error **err)
{
  static const char *const keys[] = { "id", "pattern", "severity", "message", "recommendation", "imports", "uses",
                                      "dynamic", NULL };
  _cleanup_free_ char *severity = NULL;
  const char *key;
  json_t *v;

  if (nsbox_json_object (ctx, value, name, keys, err) < 0)
    return -1;
  if (nsbox_json_push (ctx, name) < 0)
    return nsbox_error_oom (err);
  json_object_foreach (value, key, v)
  {
    char ***names = strcmp (key, "imports") == 0 ? &rule->imports
                    : strcmp (key, "uses") == 0  ? &rule->uses
                    : strcmp (key, "dynamic") == 0 ? &rule->dynamic
                                                   : NULL;
    char **field = strcmp (key, "id") == 0                ? &rule->id
                   : strcmp (key, "pattern") == 0         ? &rule->pattern
                   : strcmp (key, "message") == 0         ? &rule->message
                   : strcmp (key, "recommendation") == 0 ? &rule->recommendation
                                                          : &severity;
    if (names ? parse_names (ctx, v, key, names, err) < 0 : nsbox_json_string (ctx, v, key, field, err) < 0)
      return -1;
  }
  if (rule->id == NULL || severity == NULL)
    return nsbox_json_bad (ctx, rule->id == NULL ? "id" : "severity", err, "is required");
  if (rule->pattern == NULL && rule->imports == NULL && rule->uses == NULL && rule->dynamic == NULL)
    return nsbox_json_bad (ctx, "pattern", err, "is required when a rule names no imports, uses or dynamic forms");
  if (!syntax && (rule->imports || rule->uses || rule->dynamic))
    return nsbox_json_bad (ctx, rule->imports ? "imports" : rule->uses ? "uses" : "dynamic", err,
                           "needs checks.syntax: names are found by parsing the code");
  if (nsbox_severity_parse (severity, &rule->severity) < 0)
    return nsbox_json_bad (ctx, "severity", err, "`%s` is not one of critical, high, medium, low", severity);
  if (rule->pattern && check_pattern (ctx, rule->pattern, err) < 0)
    return -1;
  nsbox_json_pop (ctx);
  return 0;
}

static int
parse_rules (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_lang_policy *p, struct nsbox_error **err)
{
  size_t i;
  json_t *v;

  if (!json_is_array (value))
    return nsbox_json_bad (ctx, "checks.rules", err, "must be an array of objects");
  p->rules = calloc (json_array_size (value) + 1, sizeof *p->rules);
  if (p->rules == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (value, i, v)
  {
    char name[48];

    snprintf (name, sizeof name, "checks.rules[%zu]", i);
    p->n_rules = i + 1;
    if (parse_rule (ctx, v, name, p->syntax != NSBOX_CODE_NONE, &p->rules[i], err) < 0)
      return -1;
    for (size_t j = 0; j < i; j++)
      if (strcmp (p->rules[j].id, p->rules[i].id) == 0)
        return nsbox_json_bad (ctx, name, err, "repeats the rule id `%s`", p->rules[i].id);
  }
  return 0;
}

static int
parse_syntax (struct nsbox_json_ctx *ctx, json_t *v, struct nsbox_lang_policy *p, struct nsbox_error **err)
{
  _cleanup_free_ char *name = NULL;

  if (nsbox_json_string (ctx, v, "checks.syntax", &name, err) < 0)
    return -1;
  if (nsbox_code_language_parse (name, &p->syntax) < 0)
    return nsbox_json_bad (ctx, "checks.syntax", err,
                           "`%s` is not one of python, javascript, typescript, go, c, cpp, rust, java", name);
  return 0;
}

/* The syntax comes first: whether a rule may name imports depends on it,
 * wherever the key stands in the object. */
static int
parse_checks (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_lang_policy *p, struct nsbox_error **err)
{
  static const char *const keys[] = { "max_code_size", "syntax", "allow_imports", "rules", NULL };
  json_t *v;

  if (nsbox_json_object (ctx, value, "checks", keys, err) < 0)
    return -1;
  if ((v = json_object_get (value, "syntax")) && parse_syntax (ctx, v, p, err) < 0)
    return -1;
  if ((v = json_object_get (value, "max_code_size"))
      && nsbox_json_size (ctx, v, "checks.max_code_size", &p->max_code_bytes, err) < 0)
    return -1;
  if ((v = json_object_get (value, "allow_imports")))
    {
      if (p->syntax == NSBOX_CODE_NONE)
        return nsbox_json_bad (ctx, "checks.allow_imports", err, "needs checks.syntax: imports are found by parsing the code");
      if (parse_names (ctx, v, "checks.allow_imports", &p->allow_imports, err) < 0)
        return -1;
    }
  if ((v = json_object_get (value, "rules")) && parse_rules (ctx, v, p, err) < 0)
    return -1;
  return 0;
}

static int
parse_path_key (struct nsbox_json_ctx *ctx, json_t *v, const char *key, char **field, struct nsbox_error **err)
{
  if (nsbox_json_string (ctx, v, key, field, err) < 0)
    return -1;
  if ((*field)[0] != '/' || strstr (*field, "/../") || strstr (*field, "/./") || (*field)[strlen (*field) - 1] == '/')
    return nsbox_json_bad (ctx, key, err, "`%s` must be an absolute, normalised path", *field);
  return 0;
}

static int parse_path_key (struct nsbox_json_ctx *ctx, json_t *v, const char *key, char **field,
                           struct nsbox_error **err);

static int
parse_support_files (struct nsbox_json_ctx *ctx, json_t *value, struct nsbox_lang_policy *p,
                     struct nsbox_error **err)
{
  const char *key;
  json_t *v;

  if (!json_is_object (value))
    return nsbox_json_bad (ctx, "support_files", err, "must be an object of path: content");
  if (nsbox_json_push (ctx, "support_files") < 0)
    return nsbox_error_oom (err);
  json_object_foreach (value, key, v)
  {
    _cleanup_free_ char *path = NULL;
    json_t *k = json_string (key);
    int r = k ? parse_path_key (ctx, k, key, &path, err) : nsbox_error_oom (err);

    json_decref (k);
    if (r < 0)
      return -1;
    if (!json_is_string (v) || strlen (json_string_value (v)) != json_string_length (v))
      return nsbox_json_bad (ctx, key, err, "must be a string (the file's content)");
    if (nsbox_strv_append (&p->support_paths, path, err) < 0
        || nsbox_strv_append (&p->support_contents, json_string_value (v), err) < 0)
      return -1;
  }
  nsbox_json_pop (ctx);
  return 0;
}

static int
parse_top_key (struct nsbox_json_ctx *ctx, const char *key, json_t *v, struct nsbox_lang_policy *p,
               struct nsbox_error **err)
{
  if (strcmp (key, "name") == 0)
    return nsbox_json_string (ctx, v, key, &p->name, err);
  if (strcmp (key, "aliases") == 0)
    return nsbox_json_strv (ctx, v, key, &p->aliases, err);
  if (strcmp (key, "image") == 0)
    return nsbox_json_string (ctx, v, key, &p->image, err);
  if (strcmp (key, "toolchain") == 0)
    return nsbox_json_string (ctx, v, key, &p->toolchain, err);
  if (strcmp (key, "file") == 0)
    return parse_path_key (ctx, v, key, &p->file, err);
  if (strcmp (key, "support_files") == 0)
    return parse_support_files (ctx, v, p, err);
  if (strcmp (key, "workdir") == 0)
    return parse_path_key (ctx, v, key, &p->workdir, err);
  if (strcmp (key, "env") == 0)
    return parse_env (ctx, v, key, &p->env, err);
  if (strcmp (key, "compile") == 0)
    {
      p->has_compile = true;
      return parse_step (ctx, v, key, &p->compile, err);
    }
  if (strcmp (key, "run") == 0)
    return parse_step (ctx, v, key, &p->run, err);
  if (strcmp (key, "artifact_size") == 0)
    return nsbox_json_size (ctx, v, key, &p->artifact_size, err);
  if (strcmp (key, "seccomp") == 0)
    return parse_seccomp (ctx, v, p, err);
  return parse_checks (ctx, v, p, err);
}

static bool
valid_name (const char *name)
{
  if (name[0] == '\0' || strlen (name) > 32)
    return false;
  for (const char *c = name; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '+' || *c == '_'))
      return false;
  return true;
}

static int
parse_document (struct nsbox_json_ctx *ctx, json_t *root, struct nsbox_lang_policy *p, struct nsbox_error **err)
{
  static const char *const keys[] = { "name",    "aliases", "image",         "toolchain", "file",   "workdir",       "env",
                                      "compile", "run",     "artifact_size", "seccomp",   "checks", "support_files", NULL };
  static const char *const required[] = { "name", "image", "file", "run", NULL };
  const char *key;
  json_t *v;

  if (nsbox_json_object (ctx, root, NULL, keys, err) < 0)
    return -1;
  for (const char *const *r = required; *r; r++)
    if (json_object_get (root, *r) == NULL)
      return nsbox_json_bad (ctx, *r, err, "is required");
  json_object_foreach (root, key, v)
  {
    if (parse_top_key (ctx, key, v, p, err) < 0)
      return -1;
  }
  if (!valid_name (p->name))
    return nsbox_json_bad (ctx, "name", err, "`%s` must be 1-32 of a-z 0-9 - + _", p->name);
  for (char **a = p->aliases; a && *a; a++)
    if (!valid_name (*a))
      return nsbox_json_bad (ctx, "aliases", err, "`%s` must be 1-32 of a-z 0-9 - + _", *a);
  return 0;
}

int
nsbox_policy_parse (const char *text, size_t length, const char *origin, struct nsbox_lang_policy *p,
                    struct nsbox_error **err)
{
  struct nsbox_json_ctx ctx = { .origin = origin };
  _cleanup_json_ json_t *root = NULL;

  memset (p, 0, sizeof *p);
  step_init (&p->compile);
  step_init (&p->run);
  p->max_code_bytes = DEFAULT_MAX_CODE_BYTES;
  p->artifact_size = DEFAULT_ARTIFACT_SIZE;
  if ((p->path = strdup (origin)) == NULL)
    return nsbox_error_oom (err);
  if (nsbox_json_parse (origin, text, length, &root, err) < 0)
    return -1;
  return parse_document (&ctx, root, p, err);
}

int
nsbox_policy_load_file (const char *path, struct nsbox_lang_policy *policy, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;
  size_t length;

  memset (policy, 0, sizeof *policy);
  if (nsbox_read_file (path, MAX_POLICY_BYTES, &text, &length, err) < 0)
    return -1;
  return nsbox_policy_parse (text, length, path, policy, err);
}

static bool
answers_to (const struct nsbox_lang_policy *p, const char *lang)
{
  if (strcmp (p->name, lang) == 0)
    return true;
  for (char **a = p->aliases; a && *a; a++)
    if (strcmp (*a, lang) == 0)
      return true;
  return false;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (((const struct nsbox_lang_policy *) a)->name, ((const struct nsbox_lang_policy *) b)->name);
}

static bool
seen_file (char **seen, const char *name)
{
  for (char **s = seen; s && *s; s++)
    if (strcmp (*s, name) == 0)
      return true;
  return false;
}

static int
append_policy (struct nsbox_lang_policy **list, size_t *n, const char *path, struct nsbox_error **err)
{
  struct nsbox_lang_policy *grown = realloc (*list, (*n + 1) * sizeof *grown);

  if (grown == NULL)
    return nsbox_error_oom (err);
  *list = grown;
  if (nsbox_policy_load_file (path, &grown[*n], err) < 0)
    {
      nsbox_policy_release (&grown[*n]);
      return -1;
    }
  (*n)++;
  return 0;
}

static int
list_dir (const char *dir, char ***seen, struct nsbox_lang_policy **list, size_t *n, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *d = opendir (dir);
  struct dirent *e;

  if (d == NULL)
    return errno == ENOENT ? 0 : nsbox_error_errno (err, errno, "policy directory `%s`", dir);
  while ((errno = 0, e = readdir (d)) != NULL)
    {
      size_t len = strlen (e->d_name);
      _cleanup_free_ char *path = NULL;

      if (len <= 5 || e->d_name[0] == '.' || strcmp (e->d_name + len - 5, ".json") != 0
          || seen_file (*seen, e->d_name))
        continue;
      if (asprintf (&path, "%s/%s", dir, e->d_name) < 0)
        return nsbox_error_oom (err);
      if (nsbox_strv_append (seen, e->d_name, err) < 0 || append_policy (list, n, path, err) < 0)
        return -1;
    }
  if (errno != 0)
    return nsbox_error_errno (err, errno, "read policy directory `%s`", dir);
  return 0;
}

int
nsbox_policy_list (const char *const *dirs, struct nsbox_lang_policy **policies, size_t *n, struct nsbox_error **err)
{
  _cleanup_strv_ char **seen = NULL;
  struct nsbox_lang_policy *list = NULL;
  size_t count = 0;

  for (const char *const *d = dirs; *d; d++)
    if (list_dir (*d, &seen, &list, &count, err) < 0)
      {
        nsbox_policy_list_free (list, count);
        return -1;
      }
  for (size_t i = 0; i < count; i++)
    for (size_t j = i + 1; j < count; j++)
      if (strcmp (list[i].name, list[j].name) == 0)
        {
          int r = nsbox_error_msg (err, "policies `%s` and `%s` both name the language `%s`", list[i].path,
                                   list[j].path, list[i].name);
          nsbox_policy_list_free (list, count);
          return r;
        }
  if (count > 1)
    qsort (list, count, sizeof *list, compare_names);
  *policies = list;
  *n = count;
  return 0;
}

int
nsbox_policy_find (const char *lang, const char *const *dirs, struct nsbox_lang_policy *policy,
                   struct nsbox_error **err)
{
  struct nsbox_lang_policy *list = NULL;
  size_t n = 0;

  /* NAME.json first: a broken unrelated policy must not stop this language. */
  if (valid_name (lang))
    for (const char *const *d = dirs; *d; d++)
      {
        _cleanup_free_ char *path = NULL;

        if (asprintf (&path, "%s/%s.json", *d, lang) < 0)
          return nsbox_error_oom (err);
        if (access (path, F_OK) == 0)
          {
            if (nsbox_policy_load_file (path, policy, err) < 0)
              return -1;
            if (strcmp (policy->name, lang) != 0)
              return nsbox_error_msg (err, "%s: name `%s` does not match the file name", path, policy->name);
            return 0;
          }
      }
  if (nsbox_policy_list (dirs, &list, &n, err) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    if (answers_to (&list[i], lang))
      {
        *policy = list[i];
        memset (&list[i], 0, sizeof list[i]);
        nsbox_policy_list_free (list, n);
        return 0;
      }
  nsbox_policy_list_free (list, n);
  {
    _cleanup_free_ char *where = NULL;
    size_t len = 0;
    FILE *f = open_memstream (&where, &len);

    if (f == NULL)
      return nsbox_error_oom (err);
    for (const char *const *d = dirs; *d; d++)
      fprintf (f, "%s%s", d == dirs ? "" : ", ", *d);
    fclose (f);
    return nsbox_error_msg (err, "no policy for the language `%s` (searched %s; see nsbox langs)", lang,
                            where ? where : "");
  }
}

const char *const *
nsbox_policy_default_dirs (void)
{
  static const char *const dirs[] = { NSBOX_SYSCONFDIR "/nsbox/lang", NSBOX_DATADIR "/lang", NULL };

  return dirs;
}

void
nsbox_policy_search_path (const char *policy_dir, const char *shipped_dir,
                          const char *dirs[NSBOX_POLICY_SEARCH_PATH_MAX])
{
  const char *const *defaults = nsbox_policy_default_dirs ();
  size_t n = 0;

  if (policy_dir)
    dirs[n++] = policy_dir;
  dirs[n++] = defaults[0];
  dirs[n++] = shipped_dir ? shipped_dir : defaults[1];
  dirs[n] = NULL;
}
