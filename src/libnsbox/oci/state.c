#define _GNU_SOURCE
#include "oci/state.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/json.h"
#include "base/proc.h"
#include "base/strv.h"
#include "cgroup/cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_MAX (1 << 20)

int
nsbox_oci_check_id (const char *id, struct nsbox_error **err)
{
  static const char allowed[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-.";

  if (id == NULL || *id == '\0' || strlen (id) > 1024 || id[strspn (id, allowed)] != '\0' || strcmp (id, ".") == 0
      || strcmp (id, "..") == 0)
    return nsbox_error_errno (err, EINVAL, "invalid container id `%s` (letters, digits, `_+-.`)", id ? id : "");
  return 0;
}

int
nsbox_oci_root_open (const char *root, bool create, struct nsbox_error **err)
{
  int fd;

  if (create && nsbox_make_dirs (root, 0700, err) < 0)
    return -1;
  fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the runtime root `%s`", root);
  return fd;
}

static int
lock_dir (int fd, const char *id, struct nsbox_error **err)
{
  while (flock (fd, LOCK_EX) < 0)
    if (errno != EINTR)
      return nsbox_error_errno (err, errno, "lock container `%s`", id);
  return 0;
}

int
nsbox_oci_dir_create (int root_fd, const char *id, struct nsbox_error **err)
{
  _cleanup_close_ int fd = -1;

  if (nsbox_oci_check_id (id, err) < 0)
    return -1;
  if (mkdirat (root_fd, id, 0700) < 0)
    return errno == EEXIST ? nsbox_error_errno (err, EEXIST, "container `%s` exists", id)
                           : nsbox_error_errno (err, errno, "create the directory of container `%s`", id);
  fd = openat (root_fd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the directory of container `%s`", id);
  if (lock_dir (fd, id, err) < 0)
    return -1;
  return steal_fd (&fd);
}

int
nsbox_oci_dir_open (int root_fd, const char *id, struct nsbox_error **err)
{
  _cleanup_close_ int fd = -1;

  if (nsbox_oci_check_id (id, err) < 0)
    return -1;
  fd = openat (root_fd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return errno == ENOENT ? nsbox_error_errno (err, ENOENT, "container `%s` does not exist", id)
                           : nsbox_error_errno (err, errno, "open the directory of container `%s`", id);
  if (lock_dir (fd, id, err) < 0)
    return -1;
  return steal_fd (&fd);
}

static json_t *
strv_json (char *const *v)
{
  json_t *a = json_array ();

  for (size_t i = 0; a && v && v[i]; i++)
    json_array_append_new (a, json_string (v[i]));
  return a;
}

int
nsbox_oci_state_write (int dir_fd, const struct nsbox_oci_state *s, struct nsbox_error **err)
{
  _cleanup_json_ json_t *annotations = json_loads (s->annotations_json ? s->annotations_json : "{}", 0, NULL);
  _cleanup_json_ json_t *doc = json_pack ("{s:s, s:i, s:I, s:s, s:s, s:O, s:o, s:o, s:I, s:b}", "id", s->id, "pid",
                                          (int) s->pid, "pid_start", (json_int_t) s->pid_start, "bundle", s->bundle,
                                          "created", s->created, "annotations", annotations, "cgroup_paths",
                                          strv_json (s->cgroup_paths), "cgroup_parents", strv_json (s->cgroup_parents),
                                          "owner", (json_int_t) s->owner, "systemd_cgroup", s->systemd_cgroup);
  _cleanup_free_ char *text = NULL;
  _cleanup_close_ int fd = -1;

  if (doc == NULL || (text = json_dumps (doc, JSON_COMPACT)) == NULL)
    return nsbox_error_oom (err);
  fd = openat (dir_fd, NSBOX_OCI_STATE_FILE ".tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "write the state of container `%s`", s->id);
  if (nsbox_write_all (fd, text, strlen (text)) < 0 || fsync (fd) < 0)
    return nsbox_error_errno (err, errno, "write the state of container `%s`", s->id);
  if (renameat (dir_fd, NSBOX_OCI_STATE_FILE ".tmp", dir_fd, NSBOX_OCI_STATE_FILE) < 0)
    return nsbox_error_errno (err, errno, "write the state of container `%s`", s->id);
  return 0;
}

static int
read_strv (json_t *doc, const char *key, char ***out, struct nsbox_error **err)
{
  json_t *a = json_object_get (doc, key);
  size_t i;
  json_t *v;

  *out = calloc (1, sizeof (char *));
  if (*out == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (a, i, v)
    if (json_is_string (v) && nsbox_strv_append (out, json_string_value (v), err) < 0)
      return -1;
  return 0;
}

static int
dup_string (json_t *doc, const char *key, char **out, struct nsbox_error **err)
{
  const char *v = nsbox_json_get_string (doc, key);

  if (v == NULL)
    return nsbox_error_msg (err, "state.json: no `%s`", key);
  *out = strdup (v);
  return *out ? 0 : nsbox_error_oom (err);
}

int
nsbox_oci_state_read (int dir_fd, struct nsbox_oci_state *s, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dir_fd, NSBOX_OCI_STATE_FILE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  _cleanup_json_ json_t *doc = NULL;

  *s = (struct nsbox_oci_state){ 0 };
  if (fd < 0)
    return nsbox_error_errno (err, errno, "read state.json");
  if (nsbox_json_load_fd (fd, "state.json", STATE_MAX, &doc, err) < 0)
    return -1;
  s->pid = (pid_t) json_integer_value (json_object_get (doc, "pid"));
  s->pid_start = (unsigned long long) json_integer_value (json_object_get (doc, "pid_start"));
  s->owner = (uid_t) json_integer_value (json_object_get (doc, "owner"));
  s->systemd_cgroup = json_is_true (json_object_get (doc, "systemd_cgroup"));
  s->annotations_json = json_dumps (json_object_get (doc, "annotations"), JSON_COMPACT | JSON_ENCODE_ANY);
  if (s->annotations_json == NULL)
    return nsbox_error_oom (err);
  if (dup_string (doc, "id", &s->id, err) < 0 || dup_string (doc, "bundle", &s->bundle, err) < 0
      || dup_string (doc, "created", &s->created, err) < 0
      || read_strv (doc, "cgroup_paths", &s->cgroup_paths, err) < 0
      || read_strv (doc, "cgroup_parents", &s->cgroup_parents, err) < 0)
    return -1;
  return 0;
}

void
nsbox_oci_state_release (struct nsbox_oci_state *s)
{
  free (s->id);
  free (s->bundle);
  free (s->created);
  free (s->annotations_json);
  nsbox_strv_freep (&s->cgroup_paths);
  nsbox_strv_freep (&s->cgroup_parents);
  *s = (struct nsbox_oci_state){ 0 };
}

bool
nsbox_oci_state_alive (const struct nsbox_oci_state *s)
{
  /* A zombie still has its start time: it has exited all the same. */
  char path[64], buf[512];
  _cleanup_close_ int fd = -1;
  ssize_t n;
  const char *state;

  if (s->pid <= 0 || nsbox_proc_start_time (s->pid) != s->pid_start)
    return false;
  snprintf (path, sizeof path, "/proc/%d/stat", (int) s->pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || (n = read (fd, buf, sizeof buf - 1)) <= 0)
    return false;
  buf[n] = '\0';
  state = strrchr (buf, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

enum nsbox_oci_status
nsbox_oci_state_status (int dir_fd, const struct nsbox_oci_state *s)
{
  struct nsbox_cgroup *cg = NULL;
  _cleanup_error_ struct nsbox_error *ignored = NULL;
  bool paused = false;

  if (s->pid <= 0)
    return NSBOX_OCI_CREATING;
  if (!nsbox_oci_state_alive (s))
    return NSBOX_OCI_STOPPED;
  if (faccessat (dir_fd, NSBOX_OCI_FIFO, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
    return NSBOX_OCI_CREATED;
  if (nsbox_cgroup_open_paths (s->cgroup_paths, &cg, &ignored) == 0)
    {
      paused = nsbox_cgroup_frozen (cg) == 1;
      nsbox_cgroup_close (cg);
    }
  return paused ? NSBOX_OCI_PAUSED : NSBOX_OCI_RUNNING;
}

const char *
nsbox_oci_status_name (enum nsbox_oci_status status)
{
  static const char *const names[] = { "creating", "created", "running", "paused", "stopped" };

  return names[status];
}

char *
nsbox_oci_state_json (const struct nsbox_oci_state *s, enum nsbox_oci_status status, const char *rootfs, bool pretty)
{
  _cleanup_json_ json_t *annotations = json_loads (s->annotations_json ? s->annotations_json : "{}", 0, NULL);
  bool alive = status != NSBOX_OCI_STOPPED && status != NSBOX_OCI_CREATING;
  char owner[32];
  struct passwd pw, *found = NULL;
  char buf[1024];

  /* runc's owner: the name of whoever made the container. */
  if (getpwuid_r (s->owner, &pw, buf, sizeof buf, &found) == 0 && found != NULL)
    snprintf (owner, sizeof owner, "%s", found->pw_name);
  else
    snprintf (owner, sizeof owner, "%u", (unsigned) s->owner);
  _cleanup_json_ json_t *doc
      = json_pack ("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:O, s:s}", "ociVersion", "1.2.0", "id", s->id, "status",
                   nsbox_oci_status_name (status), "pid", alive ? (int) s->pid : 0, "bundle", s->bundle, "rootfs",
                   rootfs ? rootfs : "", "created", s->created, "annotations", annotations ? annotations : json_object (),
                   "owner", owner);

  if (doc == NULL)
    return NULL;
  return json_dumps (doc, pretty ? JSON_INDENT (2) : JSON_COMPACT);
}

int
nsbox_oci_dir_remove (int root_fd, const char *id, struct nsbox_error **err)
{
  if (nsbox_oci_check_id (id, err) < 0)
    return -1;
  return nsbox_remove_tree_at (root_fd, id, err);
}

char *
nsbox_oci_hook_state (const char *id, const char *status, pid_t pid, const char *bundle, const char *annotations_json)
{
  _cleanup_json_ json_t *annotations = json_loads (annotations_json ? annotations_json : "{}", 0, NULL);
  _cleanup_json_ json_t *doc = json_pack ("{s:s, s:s, s:s, s:i, s:s, s:O}", "ociVersion", "1.2.0", "id", id, "status",
                                          status, "pid", (int) pid, "bundle", bundle,
                                          "annotations", annotations ? annotations : json_object ());

  return doc ? json_dumps (doc, JSON_COMPACT) : NULL;
}
