#define _GNU_SOURCE
#include "oci/config.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/json.h"
#include "base/strv.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define MAX_CONFIG_BYTES (4 << 20)
#define KEY_MAX 256
/* The kernel's limit on the lines of a uid_map or gid_map. */
#define MAX_ID_MAPPINGS 340
/* (uid_t) -1 means "leave unchanged" to setresuid(): never a user. */
#define ID_MAX 4294967294LL
/* RLIM_INFINITY as Go's encoder writes a uint64; jansson's integers stop at INT64_MAX. */
#define UNLIMITED_TOKEN "18446744073709551615"

struct reader
{
  const char *origin; /* the file, for messages */
  const char *bundle; /* absolute; NULL for a process document */
};

/* ---- messages ---------------------------------------------------------- */

__attribute__ ((format (printf, 4, 0))) static int
vbad (const char *origin, const char *key, struct nsbox_error **err, const char *fmt, va_list ap)
{
  nsbox_error_vmsg (err, fmt, ap);
  return nsbox_error_prefix (err, "%s: key `%s`", origin, key);
}

/* "ORIGIN: key `KEY`: message"; returns -1. */
__attribute__ ((format (printf, 4, 5))) static int
bad (const char *origin, const char *key, struct nsbox_error **err, const char *fmt, ...)
{
  va_list ap;
  int ret;

  va_start (ap, fmt);
  ret = vbad (origin, key, err, fmt, ap);
  va_end (ap);
  return ret;
}

static void
key_of (char key[KEY_MAX], const char *where, const char *name)
{
  snprintf (key, KEY_MAX, "%s%s%s", where, where[0] ? "." : "", name);
}

static void
item_key (char key[KEY_MAX], const char *where, const char *name, size_t i)
{
  snprintf (key, KEY_MAX, "%s%s%s[%zu]", where, where[0] ? "." : "", name, i);
}

/* bad() for the member `name` of the object at `where`. */
__attribute__ ((format (printf, 5, 6))) static int
bad_at (const struct reader *r, const char *where, const char *name, struct nsbox_error **err, const char *fmt, ...)
{
  char key[KEY_MAX];
  va_list ap;
  int ret;

  key_of (key, where, name);
  va_start (ap, fmt);
  ret = vbad (r->origin, key, err, fmt, ap);
  va_end (ap);
  return ret;
}

/* ---- generic members --------------------------------------------------- */

/* Go's encoder writes null for an unset pointer or slice: the same as absent. */
static json_t *
member (const json_t *object, const char *name)
{
  json_t *v = json_object_get (object, name);

  return json_is_null (v) ? NULL : v;
}

/* A NUL inside a string would silently cut a path or an argument short. */
static bool
string_ok (const json_t *v)
{
  return json_is_string (v) && strlen (json_string_value (v)) == json_string_length (v);
}

static bool
in_list (const char *const *list, const char *s)
{
  while (*list && strcmp (*list, s) != 0)
    list++;
  return *list != NULL;
}

/* Whether a value asks for nothing: null, "", [], {}, or an object of such. */
static bool
asks_nothing (const json_t *v)
{
  const char *key;
  json_t *m;

  if (v == NULL || json_is_null (v))
    return true;
  if (json_is_string (v))
    return json_string_length (v) == 0;
  if (json_is_array (v))
    return json_array_size (v) == 0;
  if (!json_is_object (v))
    return false;
  json_object_foreach ((json_t *) v, key, m)
  {
    if (!asks_nothing (m))
      return false;
  }
  return true;
}

/* In the objects that carry limits a typo is an error, never a dropped limit. */
static int
check_keys (const struct reader *r, const json_t *object, const char *where, const char *const *known,
            struct nsbox_error **err)
{
  const char *key;
  json_t *v;

  json_object_foreach ((json_t *) object, key, v)
  {
    if (!in_list (known, key))
      return bad_at (r, where, key, err, "unknown key");
  }
  return 0;
}

static int
refuse (const struct reader *r, const json_t *object, const char *where, const char *name, bool unless_empty,
        struct nsbox_error **err)
{
  json_t *v = member (object, name);

  if (v == NULL || (unless_empty && asks_nothing (v)))
    return 0;
  return bad_at (r, where, name, err, "not supported by nsbox");
}

static int
refuse_all (const struct reader *r, const json_t *object, const char *where, const char *const *names,
            bool unless_empty, struct nsbox_error **err)
{
  for (; *names; names++)
    if (refuse (r, object, where, *names, unless_empty, err) < 0)
      return -1;
  return 0;
}

static int
get_object (const struct reader *r, const json_t *parent, const char *where, const char *name, json_t **out,
            struct nsbox_error **err)
{
  *out = member (parent, name);
  if (*out != NULL && !json_is_object (*out))
    return bad_at (r, where, name, err, "must be an object");
  return 0;
}

/* A string member; absent leaves *out alone (or is an error when required), "" stores NULL. */
static int
read_string (const struct reader *r, const json_t *object, const char *where, const char *name, bool required,
             char **out, struct nsbox_error **err)
{
  json_t *v = member (object, name);
  char *copy = NULL;

  if (v == NULL)
    return required ? bad_at (r, where, name, err, "is required") : 0;
  if (!string_ok (v))
    return bad_at (r, where, name, err, "must be a string without NUL bytes");
  if (json_string_length (v) == 0 && required)
    return bad_at (r, where, name, err, "must not be empty");
  if (json_string_length (v) > 0 && (copy = strdup (json_string_value (v))) == NULL)
    return nsbox_error_oom (err);
  free (*out);
  *out = copy;
  return 0;
}

static int
read_path (const struct reader *r, const json_t *object, const char *where, const char *name, bool required,
           char **out, struct nsbox_error **err)
{
  if (read_string (r, object, where, name, required, out, err) < 0)
    return -1;
  if (*out != NULL && (*out)[0] != '/')
    return bad_at (r, where, name, err, "`%s` must be an absolute path", *out);
  return 0;
}

static int
read_bool (const struct reader *r, const json_t *object, const char *where, const char *name, bool *out,
           struct nsbox_error **err)
{
  json_t *v = member (object, name);

  if (v == NULL)
    return 0;
  if (!json_is_boolean (v))
    return bad_at (r, where, name, err, "must be true or false");
  *out = json_is_true (v);
  return 0;
}

/* An integer member in [min, max] (a real never is one): 1 when present, 0 when absent. */
static int
read_int (const struct reader *r, const json_t *object, const char *where, const char *name, int64_t min,
          int64_t max, int64_t *out, struct nsbox_error **err)
{
  json_t *v = member (object, name);
  json_int_t n;

  if (v == NULL)
    return 0;
  if (!json_is_integer (v) || (n = json_integer_value (v)) < min || n > max)
    return bad_at (r, where, name, err, "must be an integer from %" PRId64 " to %" PRId64, min, max);
  *out = n;
  return 1;
}

static int
need_int (const struct reader *r, const json_t *object, const char *where, const char *name, int64_t min,
          int64_t max, int64_t *out, struct nsbox_error **err)
{
  int ret = read_int (r, object, where, name, min, max, out, err);

  return ret == 0 ? bad_at (r, where, name, err, "is required") : ret;
}

/* An array of strings: 1 when present, 0 when absent. */
static int
read_strv (const struct reader *r, const json_t *object, const char *where, const char *name, char ***out,
           struct nsbox_error **err)
{
  json_t *v = member (object, name), *item;
  _cleanup_strv_ char **strv = NULL;
  size_t i;

  if (v == NULL)
    return 0;
  if (!json_is_array (v))
    return bad_at (r, where, name, err, "must be an array of strings");
  if ((strv = calloc (json_array_size (v) + 1, sizeof *strv)) == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (v, i, item)
  {
    if (!string_ok (item))
      return bad_at (r, where, name, err, "item %zu must be a string without NUL bytes", i);
    if ((strv[i] = strdup (json_string_value (item))) == NULL)
      return nsbox_error_oom (err);
  }
  nsbox_strv_freep (out);
  *out = steal_pointer (&strv);
  return 1;
}

static int
read_paths (const struct reader *r, const json_t *object, const char *where, const char *name, char ***out,
            struct nsbox_error **err)
{
  if (read_strv (r, object, where, name, out, err) < 0)
    return -1;
  for (size_t i = 0; *out && (*out)[i]; i++)
    if ((*out)[i][0] != '/')
      return bad_at (r, where, name, err, "item %zu (`%s`) must be an absolute path", i, (*out)[i]);
  return 0;
}

typedef int item_reader (const struct reader *r, const json_t *item, const char *key, void *out,
                         struct nsbox_error **err);

/* An array of objects into *items (each `size` bytes).  *n counts the items
 * begun, so that a release frees the one that failed half-way too. */
static int
read_items (const struct reader *r, const json_t *object, const char *where, const char *name, size_t size,
            item_reader *read_item, void **items, size_t *n, struct nsbox_error **err)
{
  json_t *a = member (object, name), *item;
  char key[KEY_MAX];
  size_t i;

  if (a == NULL)
    return 0;
  if (!json_is_array (a))
    return bad_at (r, where, name, err, "must be an array of objects");
  if ((*items = calloc (json_array_size (a) + 1, size)) == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (a, i, item)
  {
    item_key (key, where, name, i);
    *n = i + 1;
    if (!json_is_object (item))
      return bad (r->origin, key, err, "must be an object");
    if (read_item (r, item, key, (char *) *items + i * size, err) < 0)
      return -1;
  }
  return 0;
}

/* An object of strings into "key=value" lines; key_ok says which keys may be written. */
static int
read_string_map (const struct reader *r, const json_t *object, const char *where, const char *name,
                 bool (*key_ok) (const char *), const char *key_rule, char ***out, struct nsbox_error **err)
{
  json_t *map = member (object, name), *v;
  char key[KEY_MAX];
  const char *k;

  if (map == NULL)
    return 0;
  key_of (key, where, name);
  if (!json_is_object (map))
    return bad (r->origin, key, err, "must be an object of strings");
  json_object_foreach (map, k, v)
  {
    if (!key_ok (k))
      return bad_at (r, key, k, err, "%s", key_rule);
    if (!string_ok (v))
      return bad_at (r, key, k, err, "must be a string without NUL bytes");
    if (nsbox_strv_appendf (out, err, "%s=%s", k, json_string_value (v)) < 0)
      return -1;
  }
  return 0;
}

/* A relative path of the config is relative to the bundle. */
static int
resolve_in_bundle (const struct reader *r, char **path, struct nsbox_error **err)
{
  size_t len = strlen (r->bundle);
  char *joined;

  if ((*path)[0] == '/')
    return 0;
  if (asprintf (&joined, "%s%s%s", r->bundle, len && r->bundle[len - 1] == '/' ? "" : "/", *path) < 0)
    return nsbox_error_oom (err);
  free (*path);
  *path = joined;
  return 0;
}

static bool
has_dotdot (const char *path)
{
  for (const char *p = path; (p = strstr (p, "..")) != NULL; p += 2)
    if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
      return true;
  return false;
}

/* ---- names ------------------------------------------------------------- */

static const struct
{
  const char *type;
  int flag;
} namespace_types[] = {
  { "pid", CLONE_NEWPID }, { "network", CLONE_NEWNET }, { "mount", CLONE_NEWNS },       { "ipc", CLONE_NEWIPC },
  { "uts", CLONE_NEWUTS }, { "user", CLONE_NEWUSER },   { "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

int
nsbox_oci_namespace_flag (const char *type)
{
  for (size_t i = 0; type && i < sizeof namespace_types / sizeof *namespace_types; i++)
    if (strcmp (namespace_types[i].type, type) == 0)
      return namespace_types[i].flag;
  return 0;
}

const char *
nsbox_oci_namespace_type (int flag)
{
  for (size_t i = 0; i < sizeof namespace_types / sizeof *namespace_types; i++)
    if (namespace_types[i].flag == flag)
      return namespace_types[i].type;
  return NULL;
}

static const struct
{
  const char *name;
  int resource;
} rlimit_names[] = {
  { "RLIMIT_AS", RLIMIT_AS },
  { "RLIMIT_CORE", RLIMIT_CORE },
  { "RLIMIT_CPU", RLIMIT_CPU },
  { "RLIMIT_DATA", RLIMIT_DATA },
  { "RLIMIT_FSIZE", RLIMIT_FSIZE },
  { "RLIMIT_LOCKS", RLIMIT_LOCKS },
  { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
  { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
  { "RLIMIT_NICE", RLIMIT_NICE },
  { "RLIMIT_NOFILE", RLIMIT_NOFILE },
  { "RLIMIT_NPROC", RLIMIT_NPROC },
  { "RLIMIT_RSS", RLIMIT_RSS },
  { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
  { "RLIMIT_RTTIME", RLIMIT_RTTIME },
  { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
  { "RLIMIT_STACK", RLIMIT_STACK },
};

static int
rlimit_resource (const char *name)
{
  for (size_t i = 0; i < sizeof rlimit_names / sizeof *rlimit_names; i++)
    if (strcmp (rlimit_names[i].name, name) == 0)
      return rlimit_names[i].resource;
  return -1;
}

static const struct
{
  const char *name;
  unsigned long flags;
} propagations[] = {
  { "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },
  { "slave", MS_SLAVE },           { "rslave", MS_SLAVE | MS_REC },
  { "shared", MS_SHARED },         { "rshared", MS_SHARED | MS_REC },
  { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
};

static unsigned long
propagation_of (const char *name)
{
  for (size_t i = 0; i < sizeof propagations / sizeof *propagations; i++)
    if (strcmp (propagations[i].name, name) == 0)
      return propagations[i].flags;
  return 0;
}

/* The capability numbered by a name, with or without its CAP_ prefix; -1 if none. */
static int
capability_number (const char *name)
{
  char full[64];
  cap_value_t cap;

  /* cap_from_name() also takes "12" and stops at a comma: let only a name through. */
  if (name[0] == '\0' || strlen (name) > 48
      || strspn (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") != strlen (name))
    return -1;
  snprintf (full, sizeof full, "%s%s", strncasecmp (name, "CAP_", 4) == 0 ? "" : "CAP_", name);
  if (cap_from_name (full, &cap) < 0 || cap < 0 || cap >= 64)
    return -1;
  return cap;
}

/* ---- process ----------------------------------------------------------- */

static int
read_args_env (const struct reader *r, const json_t *v, const char *where, struct nsbox_oci_process *p,
               struct nsbox_error **err)
{
  if (read_strv (r, v, where, "args", &p->args, err) < 0 || read_strv (r, v, where, "env", &p->env, err) < 0)
    return -1;
  if (p->args == NULL || p->args[0] == NULL || p->args[0][0] == '\0')
    return bad_at (r, where, "args", err, "is required: a non-empty array of strings, the first one not empty");
  if (p->env == NULL && (p->env = calloc (1, sizeof (char *))) == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; p->env[i]; i++)
    if (p->env[i][0] == '=' || strchr (p->env[i], '=') == NULL)
      return bad_at (r, where, "env", err, "item %zu (`%.80s`) must be NAME=VALUE", i, p->env[i]);
  return 0;
}

static int
read_additional_gids (const struct reader *r, const json_t *user, const char *where, struct nsbox_oci_process *p,
                      struct nsbox_error **err)
{
  json_t *a = member (user, "additionalGids"), *item;
  size_t i;

  if (a == NULL)
    return 0;
  if (!json_is_array (a) || json_array_size (a) > NGROUPS_MAX)
    return bad_at (r, where, "additionalGids", err, "must be an array of at most %d group ids", NGROUPS_MAX);
  if ((p->additional_gids = calloc (json_array_size (a) + 1, sizeof *p->additional_gids)) == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (a, i, item)
  {
    if (!json_is_integer (item) || json_integer_value (item) < 0 || json_integer_value (item) > ID_MAX)
      return bad_at (r, where, "additionalGids", err, "item %zu must be an integer from 0 to %lld", i, ID_MAX);
    p->additional_gids[p->n_additional_gids++] = (gid_t) json_integer_value (item);
  }
  return 0;
}

static int
read_user (const struct reader *r, const json_t *v, const char *where, struct nsbox_oci_process *p,
           struct nsbox_error **err)
{
  char key[KEY_MAX];
  int64_t uid, gid, umask_value;
  json_t *user;
  int has_umask;

  if (get_object (r, v, where, "user", &user, err) < 0)
    return -1;
  if (user == NULL)
    return bad_at (r, where, "user", err, "is required");
  key_of (key, where, "user");
  /* A user name is resolved in the container's /etc/passwd on Windows only. */
  if (refuse (r, user, key, "username", true, err) < 0 || need_int (r, user, key, "uid", 0, ID_MAX, &uid, err) < 0
      || need_int (r, user, key, "gid", 0, ID_MAX, &gid, err) < 0
      || (has_umask = read_int (r, user, key, "umask", 0, 0777, &umask_value, err)) < 0
      || read_additional_gids (r, user, key, p, err) < 0)
    return -1;
  p->uid = (uid_t) uid;
  p->gid = (gid_t) gid;
  p->has_umask = has_umask;
  p->umask = has_umask ? (mode_t) umask_value : 0;
  return 0;
}

static int
read_cap_set (const struct reader *r, const json_t *caps, const char *where, const char *name, uint64_t *bits,
              struct nsbox_error **err)
{
  _cleanup_strv_ char **names = NULL;

  if (read_strv (r, caps, where, name, &names, err) < 0)
    return -1;
  for (size_t i = 0; names && names[i]; i++)
    {
      int cap = capability_number (names[i]);

      if (cap < 0)
        return bad_at (r, where, name, err, "unknown capability `%.64s`", names[i]);
      *bits |= UINT64_C (1) << cap;
    }
  return 0;
}

static int
read_capabilities (const struct reader *r, const json_t *v, const char *where, struct nsbox_oci_process *p,
                   struct nsbox_error **err)
{
  static const char *const sets[NSBOX_OCI_CAPS_COUNT] = {
    [NSBOX_OCI_CAPS_BOUNDING] = "bounding",       [NSBOX_OCI_CAPS_EFFECTIVE] = "effective",
    [NSBOX_OCI_CAPS_INHERITABLE] = "inheritable", [NSBOX_OCI_CAPS_PERMITTED] = "permitted",
    [NSBOX_OCI_CAPS_AMBIENT] = "ambient",
  };
  char key[KEY_MAX];
  json_t *caps;

  if (get_object (r, v, where, "capabilities", &caps, err) < 0)
    return -1;
  key_of (key, where, "capabilities");
  for (int s = 0; caps && s < NSBOX_OCI_CAPS_COUNT; s++)
    if (read_cap_set (r, caps, key, sets[s], &p->caps[s], err) < 0)
      return -1;
  return 0;
}

/* -1 means unlimited, and so does 2^64 - 1, which parse_document() rewrites to -1. */
static int
read_rlimit_value (const struct reader *r, const json_t *v, const char *key, const char *name, uint64_t *out,
                   struct nsbox_error **err)
{
  int64_t n;

  if (need_int (r, v, key, name, -1, INT64_MAX, &n, err) < 0)
    return -1;
  *out = n < 0 ? RLIM_INFINITY : (uint64_t) n;
  return 0;
}

static int
read_rlimit (const struct reader *r, const json_t *v, const char *key, void *out, struct nsbox_error **err)
{
  struct nsbox_oci_rlimit *l = out;
  _cleanup_free_ char *type = NULL;

  if (read_string (r, v, key, "type", true, &type, err) < 0)
    return -1;
  if ((l->resource = rlimit_resource (type)) < 0)
    return bad_at (r, key, "type", err, "unknown resource `%.64s`", type);
  if (read_rlimit_value (r, v, key, "soft", &l->soft, err) < 0
      || read_rlimit_value (r, v, key, "hard", &l->hard, err) < 0)
    return -1;
  if (l->soft > l->hard)
    return bad_at (r, key, "soft", err, "%" PRIu64 " is above the hard limit %" PRIu64, l->soft, l->hard);
  return 0;
}

static int
read_rlimits (const struct reader *r, const json_t *v, const char *where, struct nsbox_oci_process *p,
              struct nsbox_error **err)
{
  char key[KEY_MAX];

  if (read_items (r, v, where, "rlimits", sizeof *p->rlimits, read_rlimit, (void **) &p->rlimits, &p->n_rlimits,
                  err) < 0)
    return -1;
  /* With 16 resources a duplicate comes within the first 17 items: never quadratic for long. */
  for (size_t i = 1; i < p->n_rlimits; i++)
    for (size_t j = 0; j < i; j++)
      if (p->rlimits[i].resource == p->rlimits[j].resource)
        {
          item_key (key, where, "rlimits", i);
          return bad_at (r, key, "type", err, "appears twice");
        }
  return 0;
}

static int
read_process (const struct reader *r, const json_t *v, const char *where, struct nsbox_oci_process *p,
              struct nsbox_error **err)
{
  static const char *const keys[] = { "terminal", "consoleSize", "cwd", "env", "args", "commandLine", "rlimits",
                                      "apparmorProfile", "capabilities", "noNewPrivileges", "oomScoreAdj",
                                      "scheduler", "selinuxLabel", "ioPriority", "execCPUAffinity", "user", NULL };
  static const char *const refused[] = { "scheduler", "ioPriority", "execCPUAffinity", NULL };
  int64_t oom_score_adj;
  int has_oom;

  /* consoleSize is read and ignored on purpose. */
  if (check_keys (r, v, where, keys, err) < 0 || refuse_all (r, v, where, refused, false, err) < 0
      || refuse (r, v, where, "commandLine", true, err) < 0
      || read_bool (r, v, where, "terminal", &p->terminal, err) < 0 || read_args_env (r, v, where, p, err) < 0
      || read_path (r, v, where, "cwd", true, &p->cwd, err) < 0 || read_user (r, v, where, p, err) < 0
      || read_capabilities (r, v, where, p, err) < 0 || read_rlimits (r, v, where, p, err) < 0
      || read_bool (r, v, where, "noNewPrivileges", &p->no_new_privileges, err) < 0
      || (has_oom = read_int (r, v, where, "oomScoreAdj", -1000, 1000, &oom_score_adj, err)) < 0
      || read_string (r, v, where, "apparmorProfile", false, &p->apparmor_profile, err) < 0
      || read_string (r, v, where, "selinuxLabel", false, &p->selinux_label, err) < 0)
    return -1;
  p->has_oom_score_adj = has_oom;
  p->oom_score_adj = has_oom ? (int) oom_score_adj : 0;
  return 0;
}

/* ---- root, mounts, hooks ----------------------------------------------- */

static int
read_root (const struct reader *r, const json_t *doc, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  static const char *const keys[] = { "path", "readonly", NULL };
  json_t *root;

  if (get_object (r, doc, "", "root", &root, err) < 0)
    return -1;
  if (root == NULL)
    return bad (r->origin, "root", err, "is required");
  if (check_keys (r, root, "root", keys, err) < 0
      || read_string (r, root, "root", "path", true, &c->root_path, err) < 0
      || read_bool (r, root, "root", "readonly", &c->root_readonly, err) < 0)
    return -1;
  return resolve_in_bundle (r, &c->root_path, err);
}

/* Each option sets some attributes and clears others: of ro and rw, the last one wins. */
static const struct mount_attr_option
{
  const char *name;
  uint64_t set, clr;
} mount_attrs[] = {
  { "ro", MOUNT_ATTR_RDONLY, 0 },
  { "rw", 0, MOUNT_ATTR_RDONLY },
  { "nosuid", MOUNT_ATTR_NOSUID, 0 },
  { "suid", 0, MOUNT_ATTR_NOSUID },
  { "nodev", MOUNT_ATTR_NODEV, 0 },
  { "dev", 0, MOUNT_ATTR_NODEV },
  { "noexec", MOUNT_ATTR_NOEXEC, 0 },
  { "exec", 0, MOUNT_ATTR_NOEXEC },
  { "nodiratime", MOUNT_ATTR_NODIRATIME, 0 },
  { "diratime", 0, MOUNT_ATTR_NODIRATIME },
  { "nosymfollow", MOUNT_ATTR_NOSYMFOLLOW, 0 },
  { "symfollow", 0, MOUNT_ATTR_NOSYMFOLLOW },
  /* The atime modes are one field: mount_setattr() changes it only with all its bits in attr_clr. */
  { "atime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
  { "relatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
  { "noatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME },
  { "strictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
};

static const struct mount_attr_option *
mount_attr_of (const char *name)
{
  for (size_t i = 0; i < sizeof mount_attrs / sizeof *mount_attrs; i++)
    if (strcmp (mount_attrs[i].name, name) == 0)
      return &mount_attrs[i];
  return NULL;
}

static int
mount_option (const struct reader *r, const char *key, const char *o, struct nsbox_oci_mount *m,
              struct nsbox_error **err)
{
  /* The defaults of mount(8), which change nothing. */
  static const char *const ignored[] = { "defaults", "async", "nomand", "loud", NULL };
  /* Flags nsbox does not apply: passed on as data they would fail, or mean nothing, at mount time. */
  static const char *const refused[] = { "idmap",     "ridmap",     "remount",     "sync",
                                         "dirsync",   "mand",       "lazytime",  "nolazytime",  "silent",
                                         "iversion",  "noiversion", "norelatime", "nostrictatime", NULL };
  const struct mount_attr_option *a = mount_attr_of (o);
  unsigned long propagation = propagation_of (o);

  if (a != NULL)
    {
      m->attr_set = (m->attr_set & ~a->clr) | a->set;
      m->attr_clr = (m->attr_clr & ~a->set) | a->clr;
    }
  else if (propagation != 0)
    m->propagation = propagation;
  /* runc's and crun's: a tmpfs starts with what the image has at its destination. */
  else if (strcmp (o, "tmpcopyup") == 0)
    m->tmpcopyup = true;
  else if (strcmp (o, "bind") == 0 || strcmp (o, "rbind") == 0)
    {
      m->bind = true;
      m->recursive = m->recursive || o[0] == 'r';
    }
  /* "rro", "rnosuid", ...: the recursive attributes of runtime-spec 1.1. */
  else if (in_list (refused, o) || (o[0] == 'r' && mount_attr_of (o + 1) != NULL))
    return bad (r->origin, key, err, "`%s` is not supported by nsbox", o);
  else if (!in_list (ignored, o))
    return nsbox_strv_append (&m->data, o, err);
  return 0;
}

static int
read_mount_options (const struct reader *r, const json_t *v, const char *key, struct nsbox_oci_mount *m,
                    struct nsbox_error **err)
{
  _cleanup_strv_ char **options = NULL;
  char okey[KEY_MAX];

  if (read_strv (r, v, key, "options", &options, err) < 0)
    return -1;
  key_of (okey, key, "options");
  for (char **o = options; o && *o; o++)
    {
      char *save = NULL;

      /* runc joins the data with commas, so "mode=755,size=64k" as one item reads the same. */
      for (char *opt = strtok_r (*o, ",", &save); opt; opt = strtok_r (NULL, ",", &save))
        if (mount_option (r, okey, opt, m, err) < 0)
          return -1;
    }
  return 0;
}

static int
finish_mount (const struct reader *r, const char *key, struct nsbox_oci_mount *m, struct nsbox_error **err)
{
  char *absolute;

  /* runtime-spec 1.1 lets a destination be relative to the container's root. */
  if (m->destination[0] != '/')
    {
      if (asprintf (&absolute, "/%s", m->destination) < 0)
        return nsbox_error_oom (err);
      free (m->destination);
      m->destination = absolute;
    }
  if (m->type == NULL && !m->bind)
    return bad_at (r, key, "type", err, "is required (unless an option is bind or rbind)");
  if (m->type == NULL && (m->type = strdup ("bind")) == NULL)
    return nsbox_error_oom (err);
  m->bind = m->bind || strcmp (m->type, "bind") == 0;
  if (!m->bind)
    return 0;
  if (m->source == NULL)
    return bad_at (r, key, "source", err, "is required for a bind mount");
  return resolve_in_bundle (r, &m->source, err);
}

static int
read_mount (const struct reader *r, const json_t *v, const char *key, void *out, struct nsbox_error **err)
{
  static const char *const keys[] = { "destination", "type", "source", "options", "uidMappings", "gidMappings",
                                      NULL };
  static const char *const refused[] = { "uidMappings", "gidMappings", NULL };
  struct nsbox_oci_mount *m = out;

  if (check_keys (r, v, key, keys, err) < 0 || refuse_all (r, v, key, refused, true, err) < 0
      || read_string (r, v, key, "destination", true, &m->destination, err) < 0
      || read_string (r, v, key, "type", false, &m->type, err) < 0
      || read_string (r, v, key, "source", false, &m->source, err) < 0
      || read_mount_options (r, v, key, m, err) < 0)
    return -1;
  return finish_mount (r, key, m, err);
}

static int
read_hook (const struct reader *r, const json_t *v, const char *key, void *out, struct nsbox_error **err)
{
  struct nsbox_oci_hook *h = out;
  int64_t timeout = 0;

  if (read_path (r, v, key, "path", true, &h->path, err) < 0 || read_strv (r, v, key, "args", &h->args, err) < 0
      || read_strv (r, v, key, "env", &h->env, err) < 0
      || read_int (r, v, key, "timeout", 1, INT32_MAX, &timeout, err) < 0)
    return -1;
  if (h->args != NULL && h->args[0] == NULL)
    nsbox_strv_freep (&h->args);
  h->timeout = (unsigned) timeout;
  return 0;
}

static int
read_hooks (const struct reader *r, const json_t *doc, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  static const char *const kinds[NSBOX_OCI_HOOK_COUNT] = {
    [NSBOX_OCI_HOOK_PRESTART] = "prestart",
    [NSBOX_OCI_HOOK_CREATE_RUNTIME] = "createRuntime",
    [NSBOX_OCI_HOOK_CREATE_CONTAINER] = "createContainer",
    [NSBOX_OCI_HOOK_START_CONTAINER] = "startContainer",
    [NSBOX_OCI_HOOK_POSTSTART] = "poststart",
    [NSBOX_OCI_HOOK_POSTSTOP] = "poststop",
  };
  json_t *hooks;

  if (get_object (r, doc, "", "hooks", &hooks, err) < 0)
    return -1;
  for (int k = 0; hooks && k < NSBOX_OCI_HOOK_COUNT; k++)
    if (read_items (r, hooks, "hooks", kinds[k], sizeof *c->hooks[k], read_hook, (void **) &c->hooks[k],
                    &c->n_hooks[k], err) < 0)
      return -1;
  return 0;
}

/* ---- linux ------------------------------------------------------------- */

static int
read_namespace (const struct reader *r, const json_t *v, const char *key, void *out, struct nsbox_error **err)
{
  struct nsbox_oci_namespace *ns = out;
  _cleanup_free_ char *type = NULL;

  if (read_string (r, v, key, "type", true, &type, err) < 0)
    return -1;
  if ((ns->flag = nsbox_oci_namespace_flag (type)) == 0)
    return bad_at (r, key, "type", err, "unknown namespace type `%.64s`", type);
  return read_path (r, v, key, "path", false, &ns->path, err);
}

static int
read_namespaces (const struct reader *r, const json_t *lx, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  char key[KEY_MAX];

  if (read_items (r, lx, "linux", "namespaces", sizeof *c->namespaces, read_namespace, (void **) &c->namespaces,
                  &c->n_namespaces, err) < 0)
    return -1;
  /* With 8 types a duplicate comes within the first 9 items. */
  for (size_t i = 1; i < c->n_namespaces; i++)
    for (size_t j = 0; j < i; j++)
      if (c->namespaces[i].flag == c->namespaces[j].flag)
        {
          item_key (key, "linux", "namespaces", i);
          return bad_at (r, key, "type", err, "`%s` appears twice", nsbox_oci_namespace_type (c->namespaces[i].flag));
        }
  return 0;
}

static int
read_idmap (const struct reader *r, const json_t *v, const char *key, void *out, struct nsbox_error **err)
{
  struct nsbox_oci_idmap *map = out;
  int64_t container_id, host_id, size;

  if (need_int (r, v, key, "containerID", 0, UINT32_MAX, &container_id, err) < 0
      || need_int (r, v, key, "hostID", 0, UINT32_MAX, &host_id, err) < 0
      || need_int (r, v, key, "size", 1, UINT32_MAX, &size, err) < 0)
    return -1;
  if (container_id + size > (int64_t) UINT32_MAX + 1 || host_id + size > (int64_t) UINT32_MAX + 1)
    return bad_at (r, key, "size", err, "the range goes past id 4294967295");
  *map = (struct nsbox_oci_idmap){ (uint32_t) container_id, (uint32_t) host_id, (uint32_t) size };
  return 0;
}

static int
read_idmaps (const struct reader *r, const json_t *lx, const char *name, struct nsbox_oci_idmap **maps, size_t *n,
             struct nsbox_error **err)
{
  if (json_array_size (member (lx, name)) > MAX_ID_MAPPINGS)
    return bad_at (r, "linux", name, err, "at most %d mappings", MAX_ID_MAPPINGS);
  return read_items (r, lx, "linux", name, sizeof **maps, read_idmap, (void **) maps, n, err);
}

/* Some engines send the whole st_mode: its file type must then be the device's own. */
static int
device_mode (const struct reader *r, const char *key, char type, int64_t mode, mode_t *out, struct nsbox_error **err)
{
  int64_t format = type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR;

  if ((mode & ~(int64_t) 07777) != 0 && (mode & ~(int64_t) 07777) != format)
    return bad_at (r, key, "fileMode", err, "%#" PRIo64 " is not a mode of permission bits (07777 at most)", mode);
  *out = (mode_t) (mode & 07777);
  return 0;
}

static int
read_device (const struct reader *r, const json_t *v, const char *key, void *out, struct nsbox_error **err)
{
  struct nsbox_oci_device *d = out;
  _cleanup_free_ char *type = NULL;
  int64_t major = -1, minor = -1, mode = 0666, uid = 0, gid = 0;

  if (read_path (r, v, key, "path", true, &d->path, err) < 0 || read_string (r, v, key, "type", true, &type, err) < 0)
    return -1;
  if (strncmp (d->path, "/dev/", 5) != 0 || d->path[5] == '\0' || has_dotdot (d->path))
    return bad_at (r, key, "path", err, "`%s` must be below /dev", d->path);
  if (strlen (type) != 1 || strchr ("cbup", type[0]) == NULL)
    return bad_at (r, key, "type", err, "must be c, b, u or p, not `%.16s`", type);
  d->type = type[0];
  if (read_int (r, v, key, "major", 0, UINT32_MAX, &major, err) < 0
      || read_int (r, v, key, "minor", 0, UINT32_MAX, &minor, err) < 0
      || read_int (r, v, key, "fileMode", 0, UINT32_MAX, &mode, err) < 0
      || read_int (r, v, key, "uid", 0, ID_MAX, &uid, err) < 0 || read_int (r, v, key, "gid", 0, ID_MAX, &gid, err) < 0
      || device_mode (r, key, d->type, mode, &d->mode, err) < 0)
    return -1;
  if (d->type != 'p' && (major < 0 || minor < 0))
    return bad_at (r, key, major < 0 ? "major" : "minor", err, "is required for a device of type %c", d->type);
  d->major = major < 0 ? 0 : (uint32_t) major;
  d->minor = minor < 0 ? 0 : (uint32_t) minor;
  d->uid = (uid_t) uid;
  d->gid = (gid_t) gid;
  return 0;
}

/* A limit where -1, and 0 as runc reads it, mean none. */
static int
read_limit (const struct reader *r, const json_t *object, const char *where, const char *name, int64_t *out,
            struct nsbox_error **err)
{
  if (read_int (r, object, where, name, -1, INT64_MAX, out, err) < 0)
    return -1;
  if (*out == 0)
    *out = -1;
  return 0;
}

static int
read_memory (const struct reader *r, const json_t *res, struct nsbox_oci_resources *out, struct nsbox_error **err)
{
  static const char *const where = "linux.resources.memory";
  json_t *m;

  /* kernel, kernelTCP, swappiness, disableOOMKiller, useHierarchy and
   * checkBeforeUpdate are read and ignored on purpose. */
  static const char *const keys[] = { "limit", "reservation", "swap", "kernel", "kernelTCP", "swappiness",
                                      "disableOOMKiller", "useHierarchy", "checkBeforeUpdate", NULL };

  if (get_object (r, res, "linux.resources", "memory", &m, err) < 0 || (m && check_keys (r, m, where, keys, err) < 0)
      || read_limit (r, m, where, "limit", &out->memory_limit, err) < 0
      || read_limit (r, m, where, "reservation", &out->memory_reservation, err) < 0
      || read_limit (r, m, where, "swap", &out->memory_swap, err) < 0)
    return -1;
  if (out->memory_swap > 0 && out->memory_limit > 0 && out->memory_swap < out->memory_limit)
    return bad_at (r, where, "swap", err, "%" PRId64 " is below the memory limit %" PRId64
                   ": it counts memory and swap", out->memory_swap, out->memory_limit);
  return 0;
}

static int
read_cpuset (const struct reader *r, const json_t *cpu, const char *where, const char *name, char **out,
             struct nsbox_error **err)
{
  if (read_string (r, cpu, where, name, false, out, err) < 0)
    return -1;
  if (*out != NULL && strspn (*out, "0123456789,-") != strlen (*out))
    return bad_at (r, where, name, err, "`%.64s` is not a list like 0-3,5", *out);
  return 0;
}

static int
read_cpu (const struct reader *r, const json_t *res, struct nsbox_oci_resources *out, struct nsbox_error **err)
{
  static const char *const where = "linux.resources.cpu";
  int64_t shares = 0, period = 0;
  json_t *cpu;

  /* realtimeRuntime, realtimePeriod, idle and burst are read and ignored on purpose. */
  static const char *const keys[] = { "shares", "quota", "period", "cpus", "mems", "realtimeRuntime",
                                      "realtimePeriod", "idle", "burst", NULL };

  if (get_object (r, res, "linux.resources", "cpu", &cpu, err) < 0 || (cpu && check_keys (r, cpu, where, keys, err) < 0)
      || read_int (r, cpu, where, "shares", 0, 262144, &shares, err) < 0
      || read_limit (r, cpu, where, "quota", &out->cpu_quota, err) < 0
      || read_int (r, cpu, where, "period", 0, 1000000, &period, err) < 0
      || read_cpuset (r, cpu, where, "cpus", &out->cpuset_cpus, err) < 0
      || read_cpuset (r, cpu, where, "mems", &out->cpuset_mems, err) < 0)
    return -1;
  out->cpu_shares = (uint64_t) shares;
  out->cpu_period = (uint64_t) period;
  return 0;
}

static int
read_pids (const struct reader *r, const json_t *res, struct nsbox_oci_resources *out, struct nsbox_error **err)
{
  int64_t limit = -1;
  json_t *pids;

  static const char *const keys[] = { "limit", NULL };

  if (get_object (r, res, "linux.resources", "pids", &pids, err) < 0
      || (pids && check_keys (r, pids, "linux.resources.pids", keys, err) < 0)
      || read_int (r, pids, "linux.resources.pids", "limit", INT64_MIN, INT64_MAX, &limit, err) < 0)
    return -1;
  out->pids_limit = limit > 0 ? limit : -1;
  return 0;
}

static int
rule_access (const struct reader *r, const char *key, const char *access, struct nsbox_oci_device_rule *d,
             struct nsbox_error **err)
{
  static const char rwm[] = "rwm";
  bool want[3] = { access == NULL, access == NULL, access == NULL };
  size_t n = 0;

  for (const char *a = access; a && *a; a++)
    {
      const char *at = strchr (rwm, *a);

      if (at == NULL || want[at - rwm])
        return bad_at (r, key, "access", err, "`%.16s` must be some of r, w and m, each once", access);
      want[at - rwm] = true;
    }
  /* Stored in the order the cgroup files write them, whatever the config's. */
  for (int i = 0; i < 3; i++)
    if (want[i])
      d->access[n++] = rwm[i];
  d->access[n] = '\0';
  return 0;
}

static int
read_device_rule (const struct reader *r, const json_t *v, const char *key, void *out, struct nsbox_error **err)
{
  struct nsbox_oci_device_rule *d = out;
  _cleanup_free_ char *type = NULL, *access = NULL;

  d->major = d->minor = -1;
  if (member (v, "allow") == NULL)
    return bad_at (r, key, "allow", err, "is required");
  if (read_bool (r, v, key, "allow", &d->allow, err) < 0 || read_string (r, v, key, "type", false, &type, err) < 0
      || read_int (r, v, key, "major", -1, UINT32_MAX, &d->major, err) < 0
      || read_int (r, v, key, "minor", -1, UINT32_MAX, &d->minor, err) < 0
      || read_string (r, v, key, "access", false, &access, err) < 0)
    return -1;
  if (type != NULL && (strlen (type) != 1 || strchr ("acb", type[0]) == NULL))
    return bad_at (r, key, "type", err, "must be a, c or b, not `%.16s`", type);
  d->type = type ? type[0] : 'a';
  return rule_access (r, key, access, d, err);
}

/* A file of the container's own cgroup directory, never a path out of it. */
static bool
unified_key_ok (const char *key)
{
  return key[0] != '\0' && key[0] != '.' && strchr (key, '/') == NULL && strchr (key, '=') == NULL;
}

static bool
sysctl_key_ok (const char *key)
{
  return key[0] != '\0' && key[0] != '.' && key[0] != '/' && strchr (key, '=') == NULL && strstr (key, "..") == NULL;
}

static int
read_resources (const struct reader *r, const json_t *lx, struct nsbox_oci_resources *out, struct nsbox_error **err)
{
  static const char *const where = "linux.resources";
  static const char *const keys[] = { "devices", "memory", "cpu",  "blockIO", "hugepageLimits",
                                      "network", "pids",   "rdma", "unified", NULL };
  static const char *const refused[] = { "blockIO", "hugepageLimits", "network", "rdma", NULL };
  json_t *res;

  if (get_object (r, lx, "linux", "resources", &res, err) < 0)
    return -1;
  if (res == NULL)
    return 0;
  if (check_keys (r, res, where, keys, err) < 0 || refuse_all (r, res, where, refused, true, err) < 0
      || read_memory (r, res, out, err) < 0 || read_cpu (r, res, out, err) < 0 || read_pids (r, res, out, err) < 0
      || read_items (r, res, where, "devices", sizeof *out->device_rules, read_device_rule,
                     (void **) &out->device_rules, &out->n_device_rules, err) < 0
      || read_string_map (r, res, where, "unified", unified_key_ok,
                          "must name a file of the cgroup: no `/` or `=`, not starting with `.`", &out->unified, err)
             < 0)
    return -1;
  return 0;
}

static int
read_seccomp (const struct reader *r, const json_t *lx, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  json_t *seccomp;

  if (get_object (r, lx, "linux", "seccomp", &seccomp, err) < 0)
    return -1;
  if (seccomp == NULL)
    return 0;
  if (refuse (r, seccomp, "linux.seccomp", "listenerPath", true, err) < 0
      || refuse (r, seccomp, "linux.seccomp", "listenerMetadata", true, err) < 0)
    return -1;
  if ((c->seccomp_json = json_dumps (seccomp, JSON_COMPACT)) == NULL)
    return nsbox_error_oom (err);
  return 0;
}

static int
read_rootfs_propagation (const struct reader *r, const json_t *lx, struct nsbox_oci_config *c,
                         struct nsbox_error **err)
{
  _cleanup_free_ char *name = NULL;

  if (read_string (r, lx, "linux", "rootfsPropagation", false, &name, err) < 0)
    return -1;
  if (name == NULL)
    return 0;
  if ((c->rootfs_propagation = propagation_of (name)) == 0)
    return bad (r->origin, "linux.rootfsPropagation", err,
                "`%.32s` is none of private, rprivate, slave, rslave, shared, rshared, unbindable, runbindable", name);
  return 0;
}

static int
read_personality (const struct reader *r, const json_t *lx, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  _cleanup_free_ char *domain = NULL;
  json_t *p;

  if (get_object (r, lx, "linux", "personality", &p, err) < 0)
    return -1;
  if (p == NULL)
    return 0;
  if (read_string (r, p, "linux.personality", "domain", true, &domain, err) < 0
      || refuse (r, p, "linux.personality", "flags", true, err) < 0)
    return -1;
  if (strcmp (domain, "LINUX") != 0 && strcmp (domain, "LINUX32") != 0)
    return bad (r->origin, "linux.personality.domain", err, "must be LINUX or LINUX32, not `%.32s`", domain);
  c->personality_linux32 = strcmp (domain, "LINUX32") == 0;
  return 0;
}

static int
read_linux_lists (const struct reader *r, const json_t *lx, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  if (read_namespaces (r, lx, c, err) < 0
      || read_idmaps (r, lx, "uidMappings", &c->uid_mappings, &c->n_uid_mappings, err) < 0
      || read_idmaps (r, lx, "gidMappings", &c->gid_mappings, &c->n_gid_mappings, err) < 0
      || read_items (r, lx, "linux", "devices", sizeof *c->devices, read_device, (void **) &c->devices,
                     &c->n_devices, err) < 0
      || read_string_map (r, lx, "linux", "sysctl", sysctl_key_ok,
                          "must be a sysctl name: no `=` or `..`, not starting with `.` or `/`", &c->sysctl, err) < 0
      || read_paths (r, lx, "linux", "maskedPaths", &c->masked_paths, err) < 0
      || read_paths (r, lx, "linux", "readonlyPaths", &c->readonly_paths, err) < 0)
    return -1;
  return 0;
}

static int
read_linux (const struct reader *r, const json_t *doc, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  static const char *const keys[] = { "namespaces",    "uidMappings",       "gidMappings", "timeOffsets",
                                      "devices",       "netDevices",        "cgroupsPath", "rootfsPropagation",
                                      "seccomp",       "sysctl",            "resources",   "intelRdt",
                                      "personality",   "maskedPaths",       "readonlyPaths", "mountLabel",
                                      NULL };
  static const char *const refused[] = { "intelRdt", "timeOffsets", "netDevices", NULL };
  json_t *lx;

  if (get_object (r, doc, "", "linux", &lx, err) < 0)
    return -1;
  if (lx == NULL)
    return 0;
  if (check_keys (r, lx, "linux", keys, err) < 0 || refuse_all (r, lx, "linux", refused, false, err) < 0
      || read_linux_lists (r, lx, c, err) < 0
      || read_string (r, lx, "linux", "cgroupsPath", false, &c->cgroups_path, err) < 0
      || read_resources (r, lx, &c->resources, err) < 0 || read_seccomp (r, lx, c, err) < 0
      || read_rootfs_propagation (r, lx, c, err) < 0 || read_personality (r, lx, c, err) < 0
      || read_string (r, lx, "linux", "mountLabel", false, &c->mount_label, err) < 0)
    return -1;
  return 0;
}

/* ---- the document ------------------------------------------------------ */

/* 1.0, 1.1 and 1.2 with any patch level or suffix ("1.0.2-dev"), never "1.10". */
static bool
version_readable (const char *v)
{
  return strncmp (v, "1.", 2) == 0 && v[2] >= '0' && v[2] <= '2'
         && (v[3] == '\0' || v[3] == '.' || v[3] == '-' || v[3] == '+');
}

static int
read_version (const struct reader *r, const json_t *doc, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  if (read_string (r, doc, "", "ociVersion", true, &c->oci_version, err) < 0)
    return -1;
  if (!version_readable (c->oci_version))
    return bad (r->origin, "ociVersion", err, "`%.32s` is not a version nsbox reads (%s to 1.2.x)", c->oci_version,
                NSBOX_OCI_VERSION_MIN);
  return 0;
}

static int
read_annotations (const struct reader *r, const json_t *doc, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  const char *key;
  json_t *a, *v;

  if (get_object (r, doc, "", "annotations", &a, err) < 0)
    return -1;
  json_object_foreach (a, key, v)
  {
    if (!json_is_string (v))
      return bad_at (r, "annotations", key, err, "must be a string");
  }
  c->annotations_json = a ? json_dumps (a, JSON_COMPACT | JSON_SORT_KEYS) : strdup ("{}");
  return c->annotations_json ? 0 : nsbox_error_oom (err);
}

static int
read_config (const struct reader *r, const json_t *doc, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  static const char *const refused[] = { "solaris", "windows", "vm", "zos", NULL };
  json_t *process;

  if (!json_is_object (doc))
    return nsbox_error_msg (err, "%s: the document must be a JSON object", r->origin);
  if (read_version (r, doc, c, err) < 0 || refuse_all (r, doc, "", refused, false, err) < 0
      || read_root (r, doc, c, err) < 0 || read_string (r, doc, "", "hostname", false, &c->hostname, err) < 0
      || read_string (r, doc, "", "domainname", false, &c->domainname, err) < 0
      || read_annotations (r, doc, c, err) < 0
      || read_items (r, doc, "", "mounts", sizeof *c->mounts, read_mount, (void **) &c->mounts, &c->n_mounts, err) < 0
      || read_hooks (r, doc, c, err) < 0 || read_linux (r, doc, c, err) < 0
      || get_object (r, doc, "", "process", &process, err) < 0)
    return -1;
  /* Optional for `create` in the spec, but nsbox has nothing to run without it. */
  if (process == NULL)
    return bad (r->origin, "process", err, "is required");
  return read_process (r, process, "process", &c->process, err);
}

static bool
unlimited_before (const char *text, size_t end)
{
  size_t len = strlen (UNLIMITED_TOKEN);

  return end >= len + 1 && memcmp (text + end - len, UNLIMITED_TOKEN, len) == 0
         && strchr ("-0123456789", text[end - len - 1]) == NULL;
}

/* nsbox_json_parse(), except that Go's RLIM_INFINITY (2^64 - 1, which
 * docker writes for --ulimit X=-1) reads as -1: the same width, so every
 * line and column of a message stays right. */
static int
parse_document (const char *origin, const char *text, size_t length, json_t **out, struct nsbox_error **err)
{
  _cleanup_free_ char *copy = NULL;
  json_error_t jerr;

  for (int rewrites = 0; rewrites <= 64; rewrites++)
    {
      if ((*out = json_loadb (copy ? copy : text, length, JSON_REJECT_DUPLICATES, &jerr)) != NULL)
        return 0;
      if (json_error_code (&jerr) != json_error_numeric_overflow || jerr.position < 0
          || (size_t) jerr.position > length || !unlimited_before (copy ? copy : text, (size_t) jerr.position))
        break;
      if (copy == NULL)
        {
          if ((copy = malloc (length + 1)) == NULL)
            return nsbox_error_oom (err);
          memcpy (copy, text, length);
        }
      memset (copy + jerr.position - strlen (UNLIMITED_TOKEN), ' ', strlen (UNLIMITED_TOKEN));
      memcpy (copy + jerr.position - strlen (UNLIMITED_TOKEN), "-1", 2);
    }
  return nsbox_error_msg (err, "%s:%d:%d: invalid JSON: %s", origin, jerr.line, jerr.column, jerr.text);
}

int
nsbox_oci_config_parse (const char *origin, const char *text, size_t length, const char *bundle,
                        struct nsbox_oci_config *config, struct nsbox_error **err)
{
  struct reader r = { .origin = origin, .bundle = bundle };
  _cleanup_json_ json_t *doc = NULL;

  memset (config, 0, sizeof *config);
  if (bundle == NULL || bundle[0] != '/')
    return nsbox_error_msg (err, "%s: the bundle `%s` must be an absolute path", origin, bundle ? bundle : "");
  if (parse_document (origin, text, length, &doc, err) < 0)
    return -1;
  config->rootfs_propagation = MS_PRIVATE | MS_REC;
  config->resources.memory_limit = config->resources.memory_reservation = config->resources.memory_swap = -1;
  config->resources.cpu_quota = config->resources.pids_limit = -1;
  if ((config->bundle = strdup (bundle)) == NULL)
    return nsbox_error_oom (err);
  if (read_config (&r, doc, config, err) < 0)
    {
      nsbox_oci_config_release (config);
      return -1;
    }
  return 0;
}

int
nsbox_oci_config_load (const char *bundle, struct nsbox_oci_config *config, struct nsbox_error **err)
{
  _cleanup_free_ char *dir = NULL, *path = NULL, *text = NULL;
  size_t length;

  memset (config, 0, sizeof *config);
  if ((dir = realpath (bundle, NULL)) == NULL)
    return nsbox_error_errno (err, errno, "bundle `%s`", bundle);
  if (asprintf (&path, "%s/config.json", strcmp (dir, "/") == 0 ? "" : dir) < 0)
    {
      path = NULL;
      return nsbox_error_oom (err);
    }
  if (nsbox_read_file (path, MAX_CONFIG_BYTES, &text, &length, err) < 0)
    return -1;
  return nsbox_oci_config_parse (path, text, length, dir, config, err);
}

int
nsbox_oci_process_parse (const char *origin, const char *text, size_t length, struct nsbox_oci_process *process,
                         struct nsbox_error **err)
{
  struct reader r = { .origin = origin, .bundle = NULL };
  _cleanup_json_ json_t *doc = NULL;

  memset (process, 0, sizeof *process);
  if (parse_document (origin, text, length, &doc, err) < 0)
    return -1;
  if (!json_is_object (doc))
    return nsbox_error_msg (err, "%s: the document must be a JSON object", origin);
  if (read_process (&r, doc, "", process, err) < 0)
    {
      nsbox_oci_process_release (process);
      return -1;
    }
  return 0;
}

const struct nsbox_oci_namespace *
nsbox_oci_config_namespace (const struct nsbox_oci_config *config, int flag)
{
  for (size_t i = 0; i < config->n_namespaces; i++)
    if (config->namespaces[i].flag == flag)
      return &config->namespaces[i];
  return NULL;
}

/* ---- release ----------------------------------------------------------- */

void
nsbox_oci_process_release (struct nsbox_oci_process *process)
{
  nsbox_strv_freep (&process->args);
  nsbox_strv_freep (&process->env);
  free (process->cwd);
  free (process->additional_gids);
  free (process->rlimits);
  free (process->apparmor_profile);
  free (process->selinux_label);
  memset (process, 0, sizeof *process);
}

static void
release_mounts (struct nsbox_oci_config *c)
{
  for (size_t i = 0; i < c->n_mounts; i++)
    {
      free (c->mounts[i].destination);
      free (c->mounts[i].type);
      free (c->mounts[i].source);
      nsbox_strv_freep (&c->mounts[i].data);
    }
  free (c->mounts);
}

static void
release_hooks (struct nsbox_oci_config *c)
{
  for (int k = 0; k < NSBOX_OCI_HOOK_COUNT; k++)
    {
      for (size_t i = 0; i < c->n_hooks[k]; i++)
        {
          free (c->hooks[k][i].path);
          nsbox_strv_freep (&c->hooks[k][i].args);
          nsbox_strv_freep (&c->hooks[k][i].env);
        }
      free (c->hooks[k]);
    }
}

static void
release_linux (struct nsbox_oci_config *c)
{
  for (size_t i = 0; i < c->n_namespaces; i++)
    free (c->namespaces[i].path);
  free (c->namespaces);
  free (c->uid_mappings);
  free (c->gid_mappings);
  for (size_t i = 0; i < c->n_devices; i++)
    free (c->devices[i].path);
  free (c->devices);
  free (c->cgroups_path);
  free (c->resources.cpuset_cpus);
  free (c->resources.cpuset_mems);
  free (c->resources.device_rules);
  nsbox_strv_freep (&c->resources.unified);
  nsbox_strv_freep (&c->sysctl);
  nsbox_strv_freep (&c->masked_paths);
  nsbox_strv_freep (&c->readonly_paths);
  free (c->seccomp_json);
  free (c->mount_label);
}

void
nsbox_oci_config_release (struct nsbox_oci_config *config)
{
  free (config->oci_version);
  free (config->bundle);
  free (config->root_path);
  free (config->hostname);
  free (config->domainname);
  nsbox_oci_process_release (&config->process);
  release_mounts (config);
  release_hooks (config);
  free (config->annotations_json);
  release_linux (config);
  memset (config, 0, sizeof *config);
}
