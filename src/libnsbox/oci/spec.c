#define _GNU_SOURCE
#include "oci/spec.h"
#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/json.h"
#include "base/size.h"
#include "base/strv.h"
#include "oci/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#define PROCESS_MAX (1u << 20)

/* runc's starting point, with nsbox's choices: no terminal (no console
 * socket is needed to try it), a read-only root, no_new_privs, the three
 * capabilities runc leaves. */
static const char default_spec[] =
    "{\n"
    "  \"ociVersion\": \"1.2.0\",\n"
    "  \"process\": {\n"
    "    \"terminal\": false,\n"
    "    \"user\": { \"uid\": 0, \"gid\": 0 },\n"
    "    \"args\": [ \"sh\" ],\n"
    "    \"env\": [ \"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\", \"TERM=xterm\" ],\n"
    "    \"cwd\": \"/\",\n"
    "    \"capabilities\": {\n"
    "      \"bounding\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
    "      \"effective\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ],\n"
    "      \"permitted\": [ \"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\" ]\n"
    "    },\n"
    "    \"rlimits\": [ { \"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 1024 } ],\n"
    "    \"noNewPrivileges\": true\n"
    "  },\n"
    "  \"root\": { \"path\": \"rootfs\", \"readonly\": true },\n"
    "  \"hostname\": \"nsbox\",\n"
    "  \"mounts\": [\n"
    "    { \"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\" },\n"
    "    { \"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
    "      \"options\": [ \"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\" ] },\n"
    "    { \"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\",\n"
    "      \"options\": [ \"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", \"mode=0620\", \"gid=5\" ] },\n"
    "    { \"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\",\n"
    "      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\" ] },\n"
    "    { \"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\",\n"
    "      \"options\": [ \"nosuid\", \"noexec\", \"nodev\" ] },\n"
    "    { \"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\",\n"
    "      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"ro\" ] },\n"
    "    { \"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\",\n"
    "      \"options\": [ \"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\" ] }\n"
    "  ],\n"
    "  \"linux\": {\n"
    "    \"resources\": { \"devices\": [ { \"allow\": false, \"access\": \"rwm\" } ] },\n"
    "    \"namespaces\": [ { \"type\": \"pid\" }, { \"type\": \"network\" }, { \"type\": \"ipc\" },\n"
    "                    { \"type\": \"uts\" }, { \"type\": \"mount\" }, { \"type\": \"cgroup\" } ],\n"
    "    \"maskedPaths\": [ \"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\", \"/proc/latency_stats\",\n"
    "                     \"/proc/timer_list\", \"/proc/timer_stats\", \"/proc/sched_debug\", \"/sys/firmware\",\n"
    "                     \"/proc/scsi\" ],\n"
    "    \"readonlyPaths\": [ \"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\", \"/proc/sysrq-trigger\" ]\n"
    "  }\n"
    "}\n";

int
nsbox_oci_spec_write (const char *bundle, struct nsbox_error **err)
{
  _cleanup_close_ int dir = open (bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  _cleanup_close_ int fd = -1;

  if (dir < 0)
    return nsbox_error_errno (err, errno, "open the bundle `%s`", bundle);
  fd = openat (dir, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0)
    return nsbox_error_errno (err, errno, "write `%s/config.json`", bundle);
  if (nsbox_write_all (fd, default_spec, sizeof default_spec - 1) < 0)
    return nsbox_error_errno (err, errno, "write `%s/config.json`", bundle);
  return 0;
}

static json_t *
names_json (const char *const *names)
{
  json_t *a = json_array ();

  for (size_t i = 0; a && names[i]; i++)
    json_array_append_new (a, json_string (names[i]));
  return a;
}

static json_t *
capabilities_json (void)
{
  json_t *a = json_array ();

  for (cap_value_t cap = 0; a && cap < (cap_value_t) cap_max_bits (); cap++)
    {
      _cleanup_free_ char *upper = NULL;
      char *name = cap_to_name (cap);
      if (name && asprintf (&upper, "%s", name) >= 0)
        {
          for (char *p = upper; *p; p++)
            *p = (char) (*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
          json_array_append_new (a, json_string (upper));
        }
      cap_free (name);
    }
  return a;
}

int
nsbox_oci_features_json (char **json, struct nsbox_error **err)
{
  static const char *const hooks[] = { "prestart", "createRuntime", "createContainer", "startContainer", "poststart",
                                       "poststop", NULL };
  static const char *const options[] = { "async", "atime", "bind", "defaults", "dev", "exec", "noatime", "nodev",
                                         "nodiratime", "noexec", "nosuid", "private", "rbind", "relatime", "rprivate",
                                         "ro", "rshared", "rslave", "runbindable", "rw", "shared", "slave",
                                         "strictatime", "suid", "unbindable", NULL };
  static const char *const namespaces[] = { "cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts", NULL };
  static const char *const actions[] = { "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                                         "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRAP", "SCMP_ACT_TRACE", NULL };
  static const char *const operators[] = { "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
                                           "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE", NULL };
  _cleanup_json_ json_t *doc = json_pack (
      "{s:s, s:s, s:o, s:o, s:{s:o, s:o, s:{s:b, s:b, s:b, s:b}, s:{s:b, s:o, s:o, s:[s]}, s:{s:b}, s:{s:b}}, "
      "s:{s:s}}",
      "ociVersionMin", NSBOX_OCI_VERSION_MIN, "ociVersionMax", NSBOX_OCI_VERSION_MAX, "hooks", names_json (hooks),
      "mountOptions", names_json (options), "linux", "namespaces", names_json (namespaces), "capabilities",
      capabilities_json (), "cgroup", "v1", 1, "v2", 1, "systemd", 0, "systemdUser", 0, "seccomp", "enabled", 1,
      "actions", names_json (actions), "operators", names_json (operators), "archs", "SCMP_ARCH_NATIVE", "apparmor",
      "enabled", 0, "selinux", "enabled", 0, "annotations", "io.github.nsbox.runtime", "nsbox-runtime");

  if (doc == NULL || (*json = json_dumps (doc, JSON_INDENT (2))) == NULL)
    return nsbox_error_oom (err);
  return 0;
}

int
nsbox_oci_cap_from_name (const char *name, struct nsbox_error **err)
{
  cap_value_t cap;

  if (cap_from_name (name, &cap) < 0 || cap < 0 || cap >= 64)
    return nsbox_error_errno (err, EINVAL, "unknown capability `%s`", name);
  return (int) cap;
}

int
nsbox_oci_env_set (char ***env, const char *assignment, struct nsbox_error **err)
{
  size_t key = strcspn (assignment, "=");

  if (assignment[key] != '=' || key == 0)
    return nsbox_error_errno (err, EINVAL, "environment `%s`: not KEY=VALUE", assignment);
  for (size_t i = 0; *env && (*env)[i]; i++)
    if (strncmp ((*env)[i], assignment, key + 1) == 0)
      {
        char *copy = strdup (assignment);
        if (copy == NULL)
          return nsbox_error_oom (err);
        free ((*env)[i]);
        (*env)[i] = copy;
        return 0;
      }
  return nsbox_strv_append (env, assignment, err);
}

int
nsbox_oci_parse_user (const char *text, uid_t *uid, gid_t *gid, struct nsbox_error **err)
{
  unsigned long u, g = 0;
  char *end;

  errno = 0;
  u = strtoul (text, &end, 10);
  if (*end == ':')
    g = strtoul (end + 1, &end, 10);
  if (errno || end == text || *end || u >= UINT32_MAX || g >= UINT32_MAX)
    return nsbox_error_errno (err, EINVAL, "--user `%s`: UID[:GID], numbers", text);
  *uid = (uid_t) u;
  *gid = (gid_t) g;
  return 0;
}

int
nsbox_oci_process_load (const char *path, struct nsbox_oci_process *p, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;
  size_t len;

  if (nsbox_read_file (path, PROCESS_MAX, &text, &len, err) < 0)
    return -1;
  return nsbox_oci_process_parse (path, text, len, p, err);
}

static int
copy_strv (char *const *from, char ***to, struct nsbox_error **err)
{
  *to = calloc (1, sizeof (char *));
  if (*to == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; from && from[i]; i++)
    if (nsbox_strv_append (to, from[i], err) < 0)
      return -1;
  return 0;
}

int
nsbox_oci_process_for_exec (const struct nsbox_oci_process *base, char *const *args, struct nsbox_oci_process *p,
                            struct nsbox_error **err)
{
  *p = *base;
  p->args = p->env = NULL;
  p->cwd = p->apparmor_profile = p->selinux_label = NULL;
  p->additional_gids = NULL;
  p->rlimits = NULL;
  p->n_additional_gids = p->n_rlimits = 0;
  /* exec gets no terminal of the container's unless asked (--tty). */
  p->terminal = false;
  p->has_oom_score_adj = false;
  if (copy_strv (args, &p->args, err) < 0 || copy_strv (base->env, &p->env, err) < 0
      || (p->cwd = strdup (base->cwd)) == NULL)
    return *err ? -1 : nsbox_error_oom (err);
  if (base->n_additional_gids)
    {
      p->additional_gids = calloc (base->n_additional_gids, sizeof (gid_t));
      if (p->additional_gids == NULL)
        return nsbox_error_oom (err);
      memcpy (p->additional_gids, base->additional_gids, base->n_additional_gids * sizeof (gid_t));
      p->n_additional_gids = base->n_additional_gids;
    }
  return 0;
}

int
nsbox_oci_process_apply (struct nsbox_oci_process *p, const struct nsbox_oci_process *flags, struct nsbox_error **err)
{
  p->terminal = p->terminal || flags->terminal;
  p->no_new_privileges = p->no_new_privileges || flags->no_new_privileges;
  for (size_t i = 0; flags->env && flags->env[i]; i++)
    if (nsbox_oci_env_set (&p->env, flags->env[i], err) < 0)
      return -1;
  if (flags->cwd)
    {
      free (p->cwd);
      if ((p->cwd = strdup (flags->cwd)) == NULL)
        return nsbox_error_oom (err);
    }
  if (flags->uid != (uid_t) -1)
    {
      p->uid = flags->uid;
      p->gid = flags->gid;
    }
  for (int set = 0; set < NSBOX_OCI_CAPS_COUNT; set++)
    p->caps[set] |= flags->caps[set];
  return 0;
}

void
nsbox_oci_resources_init (struct nsbox_oci_resources *r)
{
  *r = (struct nsbox_oci_resources){ .memory_limit = -1, .memory_reservation = -1, .memory_swap = -1,
                                     .cpu_quota = -1, .pids_limit = -1 };
}

void
nsbox_oci_resources_release (struct nsbox_oci_resources *r)
{
  free (r->cpuset_cpus);
  free (r->cpuset_mems);
  free (r->device_rules);
  nsbox_strv_freep (&r->unified);
  nsbox_oci_resources_init (r);
}

/* --resources FILE: a linux.resources object, read by the config's own reader. */
static int
resources_file (struct nsbox_oci_resources *r, const char *path, struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL, *doc = NULL;
  _cleanup_oci_config_ struct nsbox_oci_config config = { 0 };
  size_t len;

  /* "-": standard input, as containerd's shim passes it. */
  if ((strcmp (path, "-") == 0 ? nsbox_read_fd (0, "stdin", PROCESS_MAX, &text, &len, err)
                               : nsbox_read_file (path, PROCESS_MAX, &text, &len, err))
      < 0)
    return -1;
  if (asprintf (&doc, "{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"/\"},\"process\":{\"args\":[\"-\"],\"cwd\":\"/\","
                      "\"user\":{\"uid\":0,\"gid\":0}},\"linux\":{\"resources\":%.*s}}",
                (int) len, text)
      < 0)
    return nsbox_error_oom (err);
  if (nsbox_oci_config_parse (path, doc, strlen (doc), "/", &config, err) < 0)
    return -1;
  nsbox_oci_resources_release (r);
  *r = config.resources;
  nsbox_oci_resources_init (&config.resources);
  config.resources.device_rules = NULL;
  config.resources.unified = NULL;
  return 0;
}

static int
size_flag (const char *value, int64_t *out, struct nsbox_error **err)
{
  uint64_t bytes;

  if (strcmp (value, "-1") == 0)
    {
      *out = -1;
      return 0;
    }
  if (nsbox_parse_size (value, &bytes, err) < 0)
    return -1;
  *out = (int64_t) bytes;
  return 0;
}

static int
number_flag (const char *value, int64_t *out, struct nsbox_error **err)
{
  char *end;

  errno = 0;
  *out = strtoll (value, &end, 10);
  if (errno || end == value || *end)
    return nsbox_error_errno (err, EINVAL, "`%s` is not a number", value);
  return 0;
}

int
nsbox_oci_resources_flag (struct nsbox_oci_resources *r, int flag, const char *value, struct nsbox_error **err)
{
  int64_t n = 0;

  switch (flag)
    {
    case 'm':
      return size_flag (value, &r->memory_limit, err);
    case 'S':
      return size_flag (value, &r->memory_swap, err);
    case 'R':
      return size_flag (value, &r->memory_reservation, err);
    case 'p':
      return number_flag (value, &r->pids_limit, err);
    case 'q':
      return number_flag (value, &r->cpu_quota, err);
    case 'P':
    case 's':
      if (number_flag (value, &n, err) < 0)
        return -1;
      if (n < 0)
        return nsbox_error_errno (err, EINVAL, "`%s` must not be negative", value);
      *(flag == 'P' ? &r->cpu_period : &r->cpu_shares) = (uint64_t) n;
      return 0;
    case 'c':
    case 'M':
      free (flag == 'c' ? r->cpuset_cpus : r->cpuset_mems);
      *(flag == 'c' ? &r->cpuset_cpus : &r->cpuset_mems) = strdup (value);
      return 0;
    case 'r':
      return resources_file (r, value, err);
    default:
      return -1;
    }
}
