#define _GNU_SOURCE
#include "sandbox/state.h"
#include "base/fdio.h"
#include "base/cleanup.h"
#include "sandbox/config.h"
#include "sandbox/io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int
nsbox_state_path (const char *state_root, const char *id, const char *suffix, char **out, struct nsbox_error **err)
{
  if (asprintf (out, "%s/%s%s", state_root, id, suffix ? suffix : "") < 0)
    return nsbox_error_oom (err);
  return 0;
}

static bool
valid_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return false;
  for (const char *p = id; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
      return false;
  return true;
}

static int
make_state_root (const char *state_root, struct nsbox_error **err)
{
  if (mkdir (state_root, 0711) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "create the state directory `%s`", state_root);
  return 0;
}

/* A JSON string of a path, into f. */
static void
put_json_string (FILE *f, const char *s)
{
  fputc ('"', f);
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    if (*p == '"' || *p == '\\')
      fprintf (f, "\\%c", *p);
    else if (*p < 0x20)
      fprintf (f, "\\u%04x", *p);
    else
      fputc (*p, f);
  fputc ('"', f);
}

/* What a state file says from its first moment: whose it is and where its
 * cgroups will be.  Made by hand: it is on the way to the sandbox's start,
 * where jansson's first use (seeding its hash) would cost more than this. */
static char *
owner_json (const char *id, uid_t owner_uid, char *const *cgroup_paths)
{
  struct timespec wall;
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&text, &len);

  if (f == NULL)
    return NULL;
  clock_gettime (CLOCK_REALTIME, &wall);
  fprintf (f, "{\"id\":\"%s\",\"nsbox_pid\":%d,\"nsbox_start\":%llu,\"created\":%.6f,\"owner_uid\":%u,\"cgroups\":[",
           id, (int) getpid (), nsbox_proc_start_time (getpid ()), (double) wall.tv_sec + (double) wall.tv_nsec / 1e9,
           (unsigned) owner_uid);
  for (size_t i = 0; cgroup_paths && cgroup_paths[i]; i++)
    {
      if (i)
        fputc (',', f);
      put_json_string (f, cgroup_paths[i]);
    }
  fputs ("]}", f);
  if (fclose (f) != 0)
    {
      free (text);
      return NULL;
    }
  return text;
}

/* Written whole before it gets its name (an O_TMPFILE linked in): no reader
 * ever sees it empty, and linkat fails if the id is taken.  -EOPNOTSUPP and
 * the like when the file system cannot. */
static int
claim_linked (const char *state_root, const char *path, const char *text)
{
  _cleanup_close_ int fd = open (state_root, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  char proc[64];
  int ret;

  if (fd < 0)
    return -errno;
  if ((ret = nsbox_write_all (fd, text, strlen (text))) < 0)
    return ret;
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  if (linkat (AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) < 0)
    return errno == EEXIST ? -EEXIST : -errno;
  return 0;
}

int
nsbox_state_create (const char *state_root, const char *id, uid_t owner_uid, char *const *cgroup_paths,
                    struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL;
  _cleanup_free_ char *text = NULL;
  _cleanup_close_ int fd = -1;
  int ret;

  if (!valid_id (id))
    return nsbox_error_msg (err, "invalid sandbox id `%s`: use letters, digits, `-` and `_`", id ? id : "");
  if (make_state_root (state_root, err) < 0 || nsbox_state_path (state_root, id, NSBOX_STATE_SUFFIX, &path, err) < 0)
    return -1;
  /* nsbox's pid and start time from the start: if it dies before the
   * sandbox is recorded, `nsbox ps` and `gc` see at once that it is gone. */
  if ((text = owner_json (id, owner_uid, cgroup_paths)) == NULL)
    return nsbox_error_oom (err);
  ret = claim_linked (state_root, path, text);
  if (ret == 0)
    return 0;
  if (ret == -EEXIST)
    return nsbox_error_errno (err, EEXIST, "create the sandbox state `%s`", path);
  /* No O_TMPFILE here: O_EXCL claims the id, then the owner is written. */
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "create the sandbox state `%s`", path);
  if ((ret = nsbox_write_all (fd, text, strlen (text))) < 0)
    return nsbox_error_errno (err, -ret, "write the sandbox state `%s`", path);
  return 0;
}

int
nsbox_state_mount_points (const char *state_root, char **root, char **upper, struct nsbox_error **err)
{
  _cleanup_free_ char *r = NULL;
  _cleanup_free_ char *u = NULL;

  if (asprintf (&r, "%s/%s", state_root, NSBOX_STATE_ROOT_MOUNT) < 0
      || asprintf (&u, "%s/%s", state_root, NSBOX_STATE_UPPER_MOUNT) < 0)
    return nsbox_error_oom (err);
  if (mkdir (r, 0700) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "create `%s`", r);
  *root = steal_pointer (&r);
  *upper = steal_pointer (&u);
  return 0;
}

static json_t *
strv_to_json (char **v)
{
  json_t *a = json_array ();

  for (size_t i = 0; a && v && v[i]; i++)
    {
      json_t *s = json_string (v[i]);
      json_array_append_new (a, s ? s : json_null ());
    }
  return a;
}

static json_t *
limit_to_json (uint64_t v)
{
  return v == NSBOX_UNLIMITED ? json_null () : json_integer ((json_int_t) v);
}

int
nsbox_state_write (const char *state_root, const struct nsbox_state *s, struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL, *tmp = NULL;
  json_auto_t *j = NULL;

  if (nsbox_state_path (state_root, s->id, NSBOX_STATE_SUFFIX, &path, err) < 0
      || nsbox_state_path (state_root, s->id, NSBOX_STATE_SUFFIX ".tmp", &tmp, err) < 0)
    return -1;
  j = json_pack ("{s:s, s:I, s:I, s:I, s:I, s:f, s:s, s:o, s:{s:o, s:o, s:o}, s:o, s:s?, s:I, s:I}", "id", s->id, "pid",
                 (json_int_t) s->pid, "pid_start", (json_int_t) s->pid_start, "nsbox_pid", (json_int_t) s->nsbox_pid,
                 "nsbox_start", (json_int_t) s->nsbox_start, "created", s->created, "root", s->root ? s->root : "",
                 "command", strv_to_json (s->command), "limits", "memory_bytes", limit_to_json (s->memory_bytes),
                 "cpu_millis", limit_to_json (s->cpu_millis), "pids", limit_to_json (s->pids), "cgroups",
                 strv_to_json (s->cgroup_paths), "userns", s->userns, "host_uid", (json_int_t) s->host_uid, "owner_uid", (json_int_t) s->owner_uid);
  if (j == NULL)
    return nsbox_error_oom (err);
  if (json_dump_file (j, tmp, JSON_COMPACT) < 0)
    return nsbox_error_errno (err, errno ? errno : EIO, "write `%s`", tmp);
  if (rename (tmp, path) < 0)
    return nsbox_error_errno (err, errno, "write `%s`", path);
  return 0;
}

static char **
json_to_strv (json_t *a)
{
  size_t n = json_array_size (a);
  char **v = calloc (n + 1, sizeof (char *));

  for (size_t i = 0; v && i < n; i++)
    v[i] = strdup (json_string_value (json_array_get (a, i)) ? json_string_value (json_array_get (a, i)) : "");
  return v;
}

static uint64_t
json_limit (json_t *v)
{
  return json_is_integer (v) ? (uint64_t) json_integer_value (v) : NSBOX_UNLIMITED;
}

int
nsbox_state_read (const char *state_root, const char *id, struct nsbox_state *s, struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL;
  json_auto_t *j = NULL;
  json_error_t jerr;
  json_t *limits;

  memset (s, 0, sizeof *s);
  if (nsbox_state_path (state_root, id, NSBOX_STATE_SUFFIX, &path, err) < 0)
    return -1;
  j = json_load_file (path, 0, &jerr);
  if (j == NULL)
    return nsbox_error_errno (err, errno ? errno : EINVAL, "read `%s`: %s", path, jerr.text);
  s->id = strdup (id);
  s->pid = (pid_t) json_integer_value (json_object_get (j, "pid"));
  s->pid_start = (unsigned long long) json_integer_value (json_object_get (j, "pid_start"));
  s->nsbox_pid = (pid_t) json_integer_value (json_object_get (j, "nsbox_pid"));
  s->nsbox_start = (unsigned long long) json_integer_value (json_object_get (j, "nsbox_start"));
  s->created = json_real_value (json_object_get (j, "created"));
  s->root = strdup (json_string_value (json_object_get (j, "root")) ? json_string_value (json_object_get (j, "root")) : "");
  s->command = json_to_strv (json_object_get (j, "command"));
  s->cgroup_paths = json_to_strv (json_object_get (j, "cgroups"));
  limits = json_object_get (j, "limits");
  s->memory_bytes = json_limit (json_object_get (limits, "memory_bytes"));
  s->cpu_millis = json_limit (json_object_get (limits, "cpu_millis"));
  s->pids = json_limit (json_object_get (limits, "pids"));
  s->userns = json_string_value (json_object_get (j, "userns")) ? strdup (json_string_value (json_object_get (j, "userns"))) : NULL;
  s->host_uid = json_is_integer (json_object_get (j, "host_uid")) ? json_integer_value (json_object_get (j, "host_uid")) : -1;
  /* A file without one is root's (written before owners were recorded). */
  s->owner_uid = json_is_integer (json_object_get (j, "owner_uid")) ? json_integer_value (json_object_get (j, "owner_uid")) : 0;
  return 0;
}

int
nsbox_state_remove (const char *state_root, const char *id, struct nsbox_error **err)
{
  static const char *const suffixes[] = { NSBOX_STATE_SUFFIX ".tmp", NSBOX_STATE_SUFFIX, NULL };

  if (!valid_id (id))
    return nsbox_error_msg (err, "invalid sandbox id `%s`", id ? id : "");
  /* The state file last: while it exists, gc knows the sandbox. */
  for (size_t i = 0; suffixes[i]; i++)
    {
      _cleanup_free_ char *p = NULL;
      if (nsbox_state_path (state_root, id, suffixes[i], &p, err) < 0)
        return -1;
      if (unlink (p) < 0 && errno != ENOENT)
        return nsbox_error_errno (err, errno, "remove `%s`", p);
    }
  return 0;
}

int
nsbox_state_list (const char *state_root, char ***ids, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *d = opendir (state_root);
  const size_t suffix = strlen (NSBOX_STATE_SUFFIX);
  char **v = calloc (1, sizeof (char *));
  struct dirent *e;

  if (v == NULL)
    return nsbox_error_oom (err);
  *ids = v;
  if (d == NULL)
    return errno == ENOENT ? 0 : nsbox_error_errno (err, errno, "open `%s`", state_root);
  while ((e = readdir (d)))
    {
      size_t len = strlen (e->d_name);
      _cleanup_free_ char *id = NULL;

      if (e->d_name[0] == '.' || len <= suffix || strcmp (e->d_name + len - suffix, NSBOX_STATE_SUFFIX) != 0)
        continue;
      id = strndup (e->d_name, len - suffix);
      if (id == NULL)
        return nsbox_error_oom (err);
      if (valid_id (id) && nsbox_strv_append (ids, id, err) < 0)
        return -1;
    }
  return 0;
}

void
nsbox_state_release (struct nsbox_state *s)
{
  free (s->id);
  free (s->root);
  for (char **p = s->command; p && *p; p++)
    free (*p);
  free (s->command);
  for (char **p = s->cgroup_paths; p && *p; p++)
    free (*p);
  free (s->cgroup_paths);
  free (s->userns);
  memset (s, 0, sizeof *s);
}

int
nsbox_state_artifact_create (const char *state_root, char **path, struct nsbox_error **err)
{
  _cleanup_free_ char *base = NULL;
  _cleanup_free_ char *dir = NULL;

  if (asprintf (&base, "%s/%s", state_root, NSBOX_STATE_ARTIFACTS) < 0
      || asprintf (&dir, "%s/%d-%llu-XXXXXX", base, (int) getpid (), nsbox_proc_start_time (getpid ())) < 0)
    return nsbox_error_oom (err);
  if (mkdir (state_root, 0711) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "create the state directory `%s`", state_root);
  if (mkdir (base, 0700) < 0 && errno != EEXIST)
    return nsbox_error_errno (err, errno, "create `%s`", base);
  if (mkdtemp (dir) == NULL)
    return nsbox_error_errno (err, errno, "create an artifact directory in `%s`", base);
  *path = steal_pointer (&dir);
  return 0;
}

int
nsbox_state_artifact_owner_runs (const char *name)
{
  unsigned long long start;
  int pid, suffix = 0, end = 0;

  /* <pid>-<start>- and mkdtemp's six characters, nothing else. */
  if (sscanf (name, "%d-%llu-%n%*6[A-Za-z0-9]%n", &pid, &start, &suffix, &end) != 2 || end - suffix != 6
      || name[end] != '\0' || pid <= 0 || start == 0)
    return -1;
  return nsbox_proc_start_time (pid) == start;
}

bool
nsbox_state_owner_runs (const struct nsbox_state *st)
{
  return st->nsbox_pid > 0 && st->nsbox_start != 0 && nsbox_proc_start_time (st->nsbox_pid) == st->nsbox_start;
}

