#define _GNU_SOURCE
#include "oci/setup.h"
#include "oci/devices.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/strv.h"
#include "cgroup/cgroup.h"
#include "sandbox/config.h"
#include "sandbox/syncmsg.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define DEFAULT_CPU_PERIOD 100000

/* "machine-x.slice" -> "/machine.slice/machine-x.slice", systemd's nesting. */
static int
slice_path (const char *slice, char **out, struct nsbox_error **err)
{
  _cleanup_free_ char *path = strdup ("");
  size_t len = strlen (slice);

  if (path == NULL)
    return nsbox_error_oom (err);
  if (len == 0 || strcmp (slice, "-.slice") == 0)
    {
      *out = steal_pointer (&path);
      return 0;
    }
  if (len < 7 || strcmp (slice + len - 6, ".slice") != 0 || strchr (slice, '/'))
    return nsbox_error_errno (err, EINVAL, "cgroupsPath: `%s` is not a systemd slice", slice);
  for (const char *dash = slice; (dash = strchr (dash, '-')) != NULL; dash++)
    {
      char *longer = NULL;
      if (asprintf (&longer, "%s/%.*s.slice", path, (int) (dash - slice), slice) < 0)
        return nsbox_error_oom (err);
      free (path);
      path = longer;
    }
  if (asprintf (out, "%s/%s", path, slice) < 0)
    return nsbox_error_oom (err);
  return 0;
}

/* The container's cgroup as parent (relative to each hierarchy's root, or
 * NULL for nsbox's own cgroup) and name. */
static int
cgroup_location (const struct nsbox_oci_config *c, const char *id, bool systemd, char **parent, char **name,
                 struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL;
  char *slash;

  if (c->cgroups_path == NULL)
    {
      *parent = NULL;
      return asprintf (name, "nsbox-oci-%s", id) < 0 ? nsbox_error_oom (err) : 0;
    }
  if (systemd && strchr (c->cgroups_path, ':'))
    {
      _cleanup_free_ char *slice = NULL;
      char a[256], b[256], d[256];
      if (sscanf (c->cgroups_path, "%255[^:]:%255[^:]:%255s", a, b, d) != 3 || slice_path (a, &slice, err) < 0)
        return err && *err ? -1 : nsbox_error_errno (err, EINVAL, "cgroupsPath `%s`: not slice:prefix:name", c->cgroups_path);
      if (asprintf (&path, "%s/%s-%s.scope", slice, b, d) < 0)
        return nsbox_error_oom (err);
    }
  else if ((path = strdup (c->cgroups_path)) == NULL)
    return nsbox_error_oom (err);
  while ((slash = strrchr (path, '/')) != NULL && slash[1] == '\0')
    *slash = '\0';
  slash = strrchr (path, '/');
  *name = strdup (slash ? slash + 1 : path);
  if (slash)
    *slash = '\0';
  *parent = strdup (slash && *path ? path : "/");
  if (*name == NULL || *parent == NULL)
    return nsbox_error_oom (err);
  return 0;
}

static uint64_t
positive_or_unlimited (int64_t v)
{
  return v > 0 ? (uint64_t) v : NSBOX_UNLIMITED;
}

static void
limits_of (const struct nsbox_oci_resources *r, struct nsbox_cgroup_limits *l)
{
  uint64_t period = r->cpu_period ? r->cpu_period : DEFAULT_CPU_PERIOD;

  l->memory_bytes = positive_or_unlimited (r->memory_limit);
  l->pids = positive_or_unlimited (r->pids_limit);
  l->cpu_millis = r->cpu_quota > 0 ? ((uint64_t) r->cpu_quota * 1000 + period - 1) / period : NSBOX_UNLIMITED;
  l->cpu_controller = r->cpu_shares != 0;
  /* Every container gets device rules (the defaults at least) where v1 holds them. */
  l->devices_controller = true;
}

static int
set_number (struct nsbox_cgroup *cg, const char *v2_file, const char *v1_file, int64_t value,
            struct nsbox_error **err)
{
  char text[32];

  snprintf (text, sizeof text, "%" PRId64, value);
  return nsbox_cgroup_set_file (cg, nsbox_cgroup_is_v2 (cg, v2_file) ? v2_file : v1_file, text, err);
}

int
nsbox_oci_cgroup_apply (struct nsbox_cgroup *cg, const struct nsbox_oci_resources *r, struct nsbox_error **err)
{
  if (r->cpu_shares
      && (nsbox_cgroup_is_v2 (cg, "cpu.weight")
              ? set_number (cg, "cpu.weight", NULL, (int64_t) (1 + ((r->cpu_shares - 2) * 9999) / 262142), err)
              : set_number (cg, "", "cpu.shares", (int64_t) r->cpu_shares, err))
             < 0)
    return -1;
  if (r->memory_reservation > 0 && set_number (cg, "memory.low", "memory.soft_limit_in_bytes", r->memory_reservation, err) < 0)
    return -1;
  if (r->memory_swap > 0)
    {
      bool v2 = nsbox_cgroup_is_v2 (cg, "memory.swap.max");
      int64_t v = v2 && r->memory_limit > 0 ? r->memory_swap - r->memory_limit : r->memory_swap;
      if (set_number (cg, "memory.swap.max", "memory.memsw.limit_in_bytes", v, err) < 0)
        return -1;
    }
  if (r->cpuset_cpus && nsbox_cgroup_set_file (cg, "cpuset.cpus", r->cpuset_cpus, err) < 0)
    return -1;
  if (r->cpuset_mems && nsbox_cgroup_set_file (cg, "cpuset.mems", r->cpuset_mems, err) < 0)
    return -1;
  for (size_t i = 0; r->unified && r->unified[i]; i++)
    {
      _cleanup_free_ char *file = strndup (r->unified[i], strcspn (r->unified[i], "="));
      if (file == NULL)
        return nsbox_error_oom (err);
      if (!nsbox_cgroup_is_v2 (cg, file))
        return nsbox_error_errno (err, ENOENT, "linux.resources.unified: `%s` is not a file of the container's cgroup2 "
                                               "directory (controller not enabled, or a hybrid host)", file);
      if (nsbox_cgroup_set_file (cg, file, strchr (r->unified[i], '=') + 1, err) < 0)
        return -1;
    }
  return 0;
}

int
nsbox_oci_cgroup_create (const struct nsbox_oci_config *c, const char *id, bool systemd, struct nsbox_oci_cgroup *out,
                         struct nsbox_error **err)
{
  _cleanup_free_ char *parent = NULL;
  struct nsbox_cgroup_limits limits;

  *out = (struct nsbox_oci_cgroup){ 0 };
  limits_of (&c->resources, &limits);
  if (cgroup_location (c, id, systemd, &parent, &out->name, err) < 0)
    return -1;
  if (parent && nsbox_cgroup_make_parents (parent, &out->made_parents, err) < 0)
    return -1;
  if (nsbox_cgroup_create (parent, out->name, &limits, &out->cg, err) < 0)
    return -1;
  out->paths = nsbox_cgroup_paths (out->cg);
  if (out->paths == NULL)
    return nsbox_error_oom (err);
  if (nsbox_oci_cgroup_apply (out->cg, &c->resources, err) < 0)
    return -1;
  return nsbox_oci_devices_apply (out->cg, c, err);
}

void
nsbox_oci_cgroup_remove_parents (char *const *made)
{
  size_t n = nsbox_strv_length (made);

  /* Deepest first; one a sibling container still uses stays. */
  while (n-- > 0)
    rmdir (made[n]);
}

int
nsbox_oci_cgroup_remove (struct nsbox_oci_cgroup *cgroup, struct nsbox_error **err)
{
  int ret = 0;

  if (cgroup->cg != NULL)
    ret = nsbox_cgroup_destroy (steal_pointer (&cgroup->cg), err);
  nsbox_oci_cgroup_remove_parents (cgroup->made_parents);
  return ret;
}

void
nsbox_oci_cgroup_release (struct nsbox_oci_cgroup *cgroup)
{
  nsbox_cgroup_close (cgroup->cg);
  nsbox_strv_freep (&cgroup->paths);
  nsbox_strv_freep (&cgroup->made_parents);
  free (cgroup->name);
  *cgroup = (struct nsbox_oci_cgroup){ 0 };
}

int
nsbox_oci_seccomp_prepare (const char *json, const char *cache_dir, struct nsbox_seccomp_program *prog,
                           struct nsbox_error **err)
{
  if (nsbox_seccomp_prepare_json ("linux.seccomp", json, strlen (json), cache_dir, prog, err) < 0)
    return nsbox_error_prefix (err, "config.json");
  return 0;
}

uint64_t
nsbox_oci_clone_flags (const struct nsbox_oci_config *c)
{
  uint64_t flags = 0;

  for (size_t i = 0; i < c->n_namespaces; i++)
    if (c->namespaces[i].path == NULL && c->namespaces[i].flag != CLONE_NEWCGROUP)
      flags |= (uint64_t) c->namespaces[i].flag;
  return flags;
}

static int
open_namespace (const struct nsbox_oci_namespace *ns, struct nsbox_oci_init *init, struct nsbox_error **err)
{
  int fd = open (ns->path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the %s namespace `%s`", nsbox_oci_namespace_type (ns->flag), ns->path);
  /* A pid namespace applies to the children of whoever enters it. */
  if (ns->flag == CLONE_NEWPID)
    {
      int ret = setns (fd, CLONE_NEWPID);
      close (fd);
      return ret < 0 ? nsbox_error_errno (err, errno, "join the pid namespace `%s`", ns->path) : 0;
    }
  init->join_fds[init->n_join] = fd;
  init->join_flags[init->n_join++] = ns->flag;
  return 0;
}

int
nsbox_oci_prepare_init (const struct nsbox_oci_config *c, const struct nsbox_oci_cgroup *cgroup,
                        struct nsbox_oci_init *init, struct nsbox_error **err)
{
  /* The user namespace first (it owns the others), the mount namespace last
   * (entering it changes what paths mean). */
  static const int order[] = { CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWNET, CLONE_NEWCGROUP,
                               CLONE_NEWTIME, CLONE_NEWNS };
  const struct nsbox_oci_namespace *cgroupns = nsbox_oci_config_namespace (c, CLONE_NEWCGROUP);
  const struct nsbox_oci_namespace *userns = nsbox_oci_config_namespace (c, CLONE_NEWUSER);
  const struct nsbox_oci_namespace *mntns = nsbox_oci_config_namespace (c, CLONE_NEWNS);

  for (size_t i = 0; i < sizeof order / sizeof *order; i++)
    {
      const struct nsbox_oci_namespace *ns = nsbox_oci_config_namespace (c, order[i]);
      if (ns && ns->path && open_namespace (ns, init, err) < 0)
        return -1;
    }
  init->new_userns = userns && userns->path == NULL;
  init->new_cgroupns = cgroupns && cgroupns->path == NULL;
  init->setup_mounts = mntns && mntns->path == NULL;
  init->cgroup_name = cgroup->name;
  return 0;
}

void
nsbox_oci_close_joined (struct nsbox_oci_init *init)
{
  for (size_t i = 0; i < init->n_join; i++)
    close (init->join_fds[i]);
  init->n_join = 0;
}

static int
write_map (pid_t pid, const char *file, const struct nsbox_oci_idmap *m, size_t n, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&text, &len);
  char path[64];
  _cleanup_close_ int fd = -1;

  if (f == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < n; i++)
    fprintf (f, "%u %u %u\n", m[i].container_id, m[i].host_id, m[i].size);
  if (fclose (f) != 0)
    return nsbox_error_oom (err);
  snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, file);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, text, len) != (ssize_t) len)
    return nsbox_error_errno (err, errno, "write %s of the container's process", file);
  return 0;
}

static int
write_oom_score_adj (pid_t pid, int value, struct nsbox_error **err)
{
  char path[64], text[16];
  _cleanup_close_ int fd = -1;

  snprintf (path, sizeof path, "/proc/%d/oom_score_adj", (int) pid);
  snprintf (text, sizeof text, "%d", value);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, text, strlen (text)) < 0)
    return nsbox_error_errno (err, errno, "set oomScoreAdj %d", value);
  return 0;
}

int
nsbox_oci_start_init (const struct nsbox_oci_config *c, const struct nsbox_oci_cgroup *cgroup, pid_t pid, int sync_fd,
                      struct nsbox_error **err)
{
  const struct nsbox_oci_namespace *userns = c ? nsbox_oci_config_namespace (c, CLONE_NEWUSER) : NULL;

  if (userns && userns->path == NULL
      && (write_map (pid, "uid_map", c->uid_mappings, c->n_uid_mappings, err) < 0
          || write_map (pid, "gid_map", c->gid_mappings, c->n_gid_mappings, err) < 0))
    return -1;
  if (cgroup->cg && nsbox_cgroup_add_process (cgroup->cg, pid, err) < 0)
    return -1;
  if (c && c->process.has_oom_score_adj && write_oom_score_adj (pid, c->process.oom_score_adj, err) < 0)
    return -1;
  return nsbox_oci_sync_tell (sync_fd, NSBOX_OCI_SYNC_GO, (int32_t) pid, err);
}

int
nsbox_oci_sync_tell (int sync_fd, int type, int32_t value, struct nsbox_error **err)
{
  struct nsbox_sync_msg msg = { .type = type, .wait_status = value };
  int ret = nsbox_sync_send (sync_fd, &msg);

  return ret < 0 ? nsbox_error_errno (err, -ret, "talk to the container's process") : 0;
}

int
nsbox_oci_send_console (const char *socket_path, int master, struct nsbox_error **err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  _cleanup_close_ int sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  char name[] = "/dev/ptmx";
  char control[CMSG_SPACE (sizeof (int))] = { 0 };
  struct iovec iov = { .iov_base = name, .iov_len = sizeof name - 1 };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
  struct cmsghdr *cmsg = CMSG_FIRSTHDR (&msg);

  if (socket_path == NULL || strlen (socket_path) >= sizeof addr.sun_path)
    return nsbox_error_errno (err, EINVAL, "--console-socket `%s`", socket_path ? socket_path : "");
  strcpy (addr.sun_path, socket_path);
  if (sock < 0 || connect (sock, (struct sockaddr *) &addr, sizeof addr) < 0)
    return nsbox_error_errno (err, errno, "connect to the console socket `%s`", socket_path);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cmsg), &master, sizeof (int));
  if (sendmsg (sock, &msg, MSG_NOSIGNAL) < 0)
    return nsbox_error_errno (err, errno, "send the terminal to `%s`", socket_path);
  return 0;
}

int
nsbox_oci_write_pid_file (const char *path, pid_t pid, struct nsbox_error **err)
{
  _cleanup_free_ char *tmp = NULL;
  _cleanup_close_ int fd = -1;
  char text[16];

  snprintf (text, sizeof text, "%d", (int) pid);
  if (asprintf (&tmp, "%s.nsbox-tmp", path) < 0)
    return nsbox_error_oom (err);
  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0 || nsbox_write_all (fd, text, strlen (text)) < 0 || rename (tmp, path) < 0)
    {
      int saved = errno;
      unlink (tmp);
      return nsbox_error_errno (err, saved, "write the pid file `%s`", path);
    }
  return 0;
}

int
nsbox_oci_follow_setup (int sync_fd, const char *console_socket, nsbox_oci_prestart_fn *prestart, void *data,
                        struct nsbox_error **err)
{
  for (;;)
    {
      struct nsbox_sync_msg msg;
      _cleanup_close_ int fd = -1;
      ssize_t n = nsbox_sync_recv (sync_fd, &msg, &fd, 0);

      if (n == -EINTR)
        continue;
      if (n < 0)
        return nsbox_error_errno (err, (int) -n, "follow the container's set-up");
      if (n == 0)
        return nsbox_error_msg (err, "the container's process died during its set-up");
      if (msg.type == NSBOX_SYNC_ERROR)
        return nsbox_sync_msg_error (&msg, err);
      if (msg.type == NSBOX_OCI_SYNC_CREATED)
        return 0;
      if (msg.type == NSBOX_OCI_SYNC_TERMINAL && fd >= 0)
        {
          if (nsbox_oci_send_console (console_socket, fd, err) < 0)
            return -1;
        }
      else if (msg.type == NSBOX_OCI_SYNC_PRESTART && prestart)
        {
          if (prestart (data, err) < 0 || nsbox_oci_sync_tell (sync_fd, NSBOX_OCI_SYNC_HOOKS_DONE, 0, err) < 0)
            return -1;
        }
      else
        return nsbox_error_errno (err, EPROTO, "unexpected message from the container's process");
    }
}

/* runc's rule for both: a profile or label is applied where its security
 * module is enabled and ignored where it is not.  nsbox applies neither, so
 * where one is enabled the container is refused rather than started without. */
static bool
apparmor_enabled (void)
{
  char c = 'N';
  int fd = open ("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);

  if (fd >= 0)
    {
      if (read (fd, &c, 1) != 1)
        c = 'N';
      close (fd);
    }
  return c == 'Y';
}

static bool
selinux_enabled (void)
{
  return access ("/sys/fs/selinux/enforce", F_OK) == 0;
}

int
nsbox_oci_check_lsm (const struct nsbox_oci_config *c, const struct nsbox_oci_process *p, struct nsbox_error **err)
{
  if (p->apparmor_profile && apparmor_enabled ())
    return nsbox_error_msg (err, "key `process.apparmorProfile`: this host enables AppArmor, and nsbox does not apply "
                                 "AppArmor profiles");
  if ((p->selinux_label || (c && c->mount_label)) && selinux_enabled ())
    return nsbox_error_msg (err, "key `%s`: this host enables SELinux, and nsbox does not apply SELinux labels",
                            p->selinux_label ? "process.selinuxLabel" : "linux.mountLabel");
  return 0;
}

/* Which namespace a sysctl belongs to; 0 when none does (the host's). */
static int
sysctl_namespace (const char *key, size_t len)
{
  static const char *const ipc[] = { "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
                                     "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", NULL };

  for (size_t i = 0; ipc[i]; i++)
    if (strlen (ipc[i]) == len && strncmp (key, ipc[i], len) == 0)
      return CLONE_NEWIPC;
  if (strncmp (key, "fs.mqueue.", 10) == 0)
    return CLONE_NEWIPC;
  if (strncmp (key, "net.", 4) == 0)
    return CLONE_NEWNET;
  if ((len == 15 && strncmp (key, "kernel.hostname", 15) == 0)
      || (len == 17 && strncmp (key, "kernel.domainname", 17) == 0))
    return CLONE_NEWUTS;
  return 0;
}

/* A namespace joined by path may be the runtime's own (the host's). */
static bool
is_own_namespace (const struct nsbox_oci_namespace *ns)
{
  const char *type = ns->flag == CLONE_NEWNET ? "net" : nsbox_oci_namespace_type (ns->flag);
  char own[64];
  struct stat a, b;

  snprintf (own, sizeof own, "/proc/self/ns/%s", type);
  return ns->path != NULL && stat (ns->path, &a) == 0 && stat (own, &b) == 0 && a.st_ino == b.st_ino
         && a.st_dev == b.st_dev;
}

int
nsbox_oci_check_sysctls (const struct nsbox_oci_config *c, struct nsbox_error **err)
{
  for (size_t i = 0; c->sysctl && c->sysctl[i]; i++)
    {
      size_t len = strcspn (c->sysctl[i], "=");
      int ns = sysctl_namespace (c->sysctl[i], len);

      /* The set-up writes it as root of the host: a key of no namespace of
       * the container's would change the host. */
      if (ns == 0)
        return nsbox_error_msg (err, "key `linux.sysctl.%.*s`: not a sysctl of a namespace the container has",
                                (int) len, c->sysctl[i]);
      if (nsbox_oci_config_namespace (c, ns) == NULL || is_own_namespace (nsbox_oci_config_namespace (c, ns)))
        return nsbox_error_msg (err, "key `linux.sysctl.%.*s`: needs a %s namespace of the container's own", (int) len,
                                c->sysctl[i], nsbox_oci_namespace_type (ns));
    }
  return 0;
}
