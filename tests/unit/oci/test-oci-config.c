/* oci_config: reading a bundle's config.json (oci/config.h). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <jansson.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/json.h"
#include "base/strv.h"
#include "oci/config.h"

/* What `runc spec` writes (runc 1.1), the document most engines start from. */
static const char runc_spec[] = "{"
  "\"ociVersion\": \"1.0.2-dev\","
  "\"process\": {"
  "  \"terminal\": true,"
  "  \"user\": {\"uid\": 0, \"gid\": 0},"
  "  \"args\": [\"sh\"],"
  "  \"env\": [\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\", \"TERM=xterm\"],"
  "  \"cwd\": \"/\","
  "  \"capabilities\": {"
  "    \"bounding\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"],"
  "    \"effective\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"],"
  "    \"permitted\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"],"
  "    \"ambient\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"]"
  "  },"
  "  \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 1024}],"
  "  \"noNewPrivileges\": true"
  "},"
  "\"root\": {\"path\": \"rootfs\", \"readonly\": true},"
  "\"hostname\": \"runc\","
  "\"mounts\": ["
  "  {\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},"
  "  {\"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\","
  "   \"options\": [\"nosuid\", \"strictatime\", \"mode=755\", \"size=65536k\"]},"
  "  {\"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\","
  "   \"options\": [\"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", \"mode=0620\", \"gid=5\"]},"
  "  {\"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\": \"shm\","
  "   \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"mode=1777\", \"size=65536k\"]},"
  "  {\"destination\": \"/dev/mqueue\", \"type\": \"mqueue\", \"source\": \"mqueue\","
  "   \"options\": [\"nosuid\", \"noexec\", \"nodev\"]},"
  "  {\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\","
  "   \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"ro\"]},"
  "  {\"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\","
  "   \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\"]}"
  "],"
  "\"linux\": {"
  "  \"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]},"
  "  \"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"network\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"},"
  "                 {\"type\": \"mount\"}, {\"type\": \"cgroup\"}],"
  "  \"maskedPaths\": [\"/proc/acpi\", \"/proc/asound\", \"/proc/kcore\", \"/proc/keys\", \"/proc/latency_stats\","
  "                  \"/proc/timer_list\", \"/proc/timer_stats\", \"/proc/sched_debug\", \"/sys/firmware\","
  "                  \"/proc/scsi\"],"
  "  \"readonlyPaths\": [\"/proc/bus\", \"/proc/fs\", \"/proc/irq\", \"/proc/sys\", \"/proc/sysrq-trigger\"]"
  "}"
  "}";

static json_t *
spec (void)
{
  json_error_t jerr;
  json_t *doc = json_loads (runc_spec, 0, &jerr);

  cr_assert_not_null (doc, "the test's document: %s", jerr.text);
  return doc;
}

/* Set the member at a dotted path (objects made on the way) to a JSON value. */
static void
set (json_t *doc, const char *path, const char *value)
{
  _cleanup_free_ char *copy = strdup (path);
  char *dot, *name = copy;
  json_t *v = json_loads (value, JSON_DECODE_ANY, NULL);

  cr_assert_not_null (v, "the test's value: %s", value);
  while ((dot = strchr (name, '.')) != NULL)
    {
      json_t *next;

      *dot = '\0';
      if ((next = json_object_get (doc, name)) == NULL)
        json_object_set_new (doc, name, next = json_object ());
      doc = next;
      name = dot + 1;
    }
  json_object_set_new (doc, name, v);
}

static int
parse_doc (json_t *doc, struct nsbox_oci_config *c, struct nsbox_error **err)
{
  _cleanup_free_ char *text = json_dumps (doc, 0);

  cr_assert_not_null (text);
  return nsbox_oci_config_parse ("config.json", text, strlen (text), "/bundle", c, err);
}

/* The spec with one member changed reads. */
static void
read_with (struct nsbox_oci_config *c, const char *path, const char *value)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;

  set (doc, path, value);
  cr_assert_eq (parse_doc (doc, c, &err), 0, "%s = %s: %s", path, value, err ? err->message : "");
}

/* The spec with one member changed is refused, and the message holds `says`. */
static void
refused_with (const char *path, const char *value, const char *says)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_oci_config c;

  set (doc, path, value);
  cr_assert_lt (parse_doc (doc, &c, &err), 0, "%s = %s was accepted", path, value);
  cr_assert_not_null (err);
  cr_expect_not_null (strstr (err->message, says), "%s = %s: `%s` is not in: %s", path, value, says, err->message);
  cr_expect_null (c.process.args, "a refused config is released");
}

static const struct nsbox_oci_mount *
mount_at (const struct nsbox_oci_config *c, const char *destination)
{
  for (size_t i = 0; i < c->n_mounts; i++)
    if (strcmp (c->mounts[i].destination, destination) == 0)
      return &c->mounts[i];
  cr_assert_fail ("no mount on %s", destination);
  return NULL;
}

Test (unit_oci_config, a_runc_spec_reads)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };
  const struct nsbox_oci_process *p = &c.process;

  read_with (&c, "hostname", "\"runc\"");
  cr_expect_str_eq (c.oci_version, "1.0.2-dev");
  cr_expect_str_eq (c.bundle, "/bundle");
  cr_expect_str_eq (c.root_path, "/bundle/rootfs");
  cr_expect (c.root_readonly);
  cr_expect_str_eq (c.hostname, "runc");
  cr_expect_null (c.domainname);
  cr_expect (p->terminal);
  cr_expect_eq (nsbox_strv_length (p->args), 1);
  cr_expect_str_eq (p->args[0], "sh");
  cr_expect_eq (nsbox_strv_length (p->env), 2);
  cr_expect_str_eq (p->env[1], "TERM=xterm");
  cr_expect_str_eq (p->cwd, "/");
  cr_expect_eq (p->uid, 0);
  cr_expect_eq (p->gid, 0);
  cr_expect_not (p->has_umask);
  cr_expect (p->no_new_privileges);
  cr_expect_not (p->has_oom_score_adj);
  cr_expect_null (p->apparmor_profile);
  cr_expect_str_eq (c.annotations_json, "{}");
  cr_expect_eq (c.rootfs_propagation, MS_PRIVATE | MS_REC);
  cr_expect_null (c.seccomp_json);
  cr_expect_null (c.cgroups_path);
}

Test (unit_oci_config, capabilities_and_rlimits_read)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };
  const struct nsbox_oci_process *p = &c.process;
  uint64_t three = (1ULL << CAP_AUDIT_WRITE) | (1ULL << CAP_KILL) | (1ULL << CAP_NET_BIND_SERVICE);

  read_with (&c, "process.capabilities.inheritable", "[\"KILL\", \"cap_chown\"]");
  cr_expect (p->caps[NSBOX_OCI_CAPS_BOUNDING] & (1ULL << CAP_KILL));
  cr_expect_eq (p->caps[NSBOX_OCI_CAPS_BOUNDING], three);
  cr_expect_eq (p->caps[NSBOX_OCI_CAPS_EFFECTIVE], three);
  cr_expect_eq (p->caps[NSBOX_OCI_CAPS_PERMITTED], three);
  cr_expect_eq (p->caps[NSBOX_OCI_CAPS_AMBIENT], three);
  cr_expect_eq (p->caps[NSBOX_OCI_CAPS_INHERITABLE], (1ULL << CAP_KILL) | (1ULL << CAP_CHOWN),
                "with or without CAP_, in either case");
  cr_assert_eq (p->n_rlimits, 1);
  cr_expect_eq (p->rlimits[0].resource, RLIMIT_NOFILE);
  cr_expect_eq (p->rlimits[0].soft, 1024);
  cr_expect_eq (p->rlimits[0].hard, 1024);
}

Test (unit_oci_config, the_runc_spec_mounts_read)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };
  const struct nsbox_oci_mount *m;

  read_with (&c, "hostname", "\"runc\"");
  cr_assert_eq (c.n_mounts, 7);
  m = mount_at (&c, "/proc");
  cr_expect_str_eq (m->type, "proc");
  cr_expect_str_eq (m->source, "proc");
  cr_expect_not (m->bind);
  cr_expect_eq (m->attr_set, 0);
  cr_expect_null (m->data);
  m = mount_at (&c, "/dev");
  cr_expect_str_eq (m->type, "tmpfs");
  cr_expect_eq (m->attr_set, MOUNT_ATTR_NOSUID | MOUNT_ATTR_STRICTATIME);
  cr_expect_eq (m->attr_clr, MOUNT_ATTR__ATIME, "mount_setattr() changes the atime mode only so");
  cr_assert_eq (nsbox_strv_length (m->data), 2);
  cr_expect_str_eq (m->data[0], "mode=755");
  cr_expect_str_eq (m->data[1], "size=65536k");
  m = mount_at (&c, "/dev/pts");
  cr_assert_eq (nsbox_strv_length (m->data), 4);
  cr_expect_str_eq (m->data[0], "newinstance");
  cr_expect_str_eq (m->data[3], "gid=5");
  m = mount_at (&c, "/sys");
  cr_expect_str_eq (m->type, "sysfs");
  cr_expect_eq (m->attr_set, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NODEV);
  cr_expect_eq (m->attr_clr, 0);
  cr_expect_eq (m->propagation, 0);
  m = mount_at (&c, "/sys/fs/cgroup");
  cr_expect_eq (m->attr_set,
                MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NODEV | MOUNT_ATTR_RELATIME);
}

Test (unit_oci_config, namespaces_and_paths_read)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };
  static const int flags[] = { CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWNS };

  read_with (&c, "linux.cgroupsPath", "\"/nsbox/one\"");
  cr_assert_eq (c.n_namespaces, 6);
  for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
    {
      cr_assert_not_null (nsbox_oci_config_namespace (&c, flags[i]), "%s", nsbox_oci_namespace_type (flags[i]));
      cr_expect_null (nsbox_oci_config_namespace (&c, flags[i])->path);
    }
  cr_expect_null (nsbox_oci_config_namespace (&c, CLONE_NEWUSER));
  cr_assert_eq (nsbox_strv_length (c.masked_paths), 10);
  cr_expect_str_eq (c.masked_paths[0], "/proc/acpi");
  cr_expect_str_eq (c.masked_paths[9], "/proc/scsi");
  cr_assert_eq (nsbox_strv_length (c.readonly_paths), 5);
  cr_expect_str_eq (c.readonly_paths[3], "/proc/sys");
  cr_expect_str_eq (c.cgroups_path, "/nsbox/one");
  cr_assert_eq (c.resources.n_device_rules, 1);
  cr_expect_not (c.resources.device_rules[0].allow);
  cr_expect_eq (c.resources.device_rules[0].type, 'a');
  cr_expect_eq (c.resources.device_rules[0].major, -1);
  cr_expect_str_eq (c.resources.device_rules[0].access, "rwm");
}

Test (unit_oci_config, namespace_names_map_both_ways)
{
  static const char *const names[] = { "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time" };

  cr_expect_eq (nsbox_oci_namespace_flag ("pid"), CLONE_NEWPID);
  cr_expect_eq (nsbox_oci_namespace_flag ("network"), CLONE_NEWNET);
  cr_expect_eq (nsbox_oci_namespace_flag ("mount"), CLONE_NEWNS);
  cr_expect_eq (nsbox_oci_namespace_flag ("net"), 0);
  cr_expect_eq (nsbox_oci_namespace_flag (NULL), 0);
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    cr_expect_str_eq (nsbox_oci_namespace_type (nsbox_oci_namespace_flag (names[i])), names[i]);
  cr_expect_null (nsbox_oci_namespace_type (0));
}

/* Each a field nsbox cannot honour: refused, and named. */
Test (unit_oci_config, unsupported_keys_are_refused_by_name)
{
  static const struct
  {
    const char *path, *value, *key;
  } cases[] = {
    { "linux.intelRdt", "{\"closID\": \"x\"}", "`linux.intelRdt`: not supported by nsbox" },
    { "linux.resources.hugepageLimits", "[{\"pageSize\": \"2MB\", \"limit\": 1}]", "`linux.resources.hugepageLimits`" },
    { "linux.resources.blockIO", "{\"weight\": 10}", "`linux.resources.blockIO`" },
    { "linux.resources.network", "{\"classID\": 1}", "`linux.resources.network`" },
    { "linux.resources.rdma", "{\"mlx5_1\": {\"hcaHandles\": 3}}", "`linux.resources.rdma`" },
    { "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"/run/l.sock\"}",
      "`linux.seccomp.listenerPath`" },
    { "linux.timeOffsets", "{\"monotonic\": {\"secs\": 1}}", "`linux.timeOffsets`" },
    { "linux.netDevices", "{\"eth1\": {}}", "`linux.netDevices`" },
    { "process.ioPriority", "{\"class\": \"IOPRIO_CLASS_IDLE\"}", "`process.ioPriority`" },
    { "process.scheduler", "{\"policy\": \"SCHED_IDLE\"}", "`process.scheduler`" },
    { "process.execCPUAffinity", "{\"initial\": \"0\"}", "`process.execCPUAffinity`" },
    { "process.commandLine", "\"sh -c true\"", "`process.commandLine`" },
    { "process.user.username", "\"root\"", "`process.user.username`" },
    { "solaris", "{\"milestone\": \"x\"}", "`solaris`" },
    { "windows", "{}", "`windows`" },
    { "vm", "{\"kernel\": {\"path\": \"/k\"}}", "`vm`" },
    { "zos", "{}", "`zos`" },
    { "linux.personality", "{\"domain\": \"LINUX\", \"flags\": [\"x\"]}", "`linux.personality.flags`" },
  };

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    {
      refused_with (cases[i].path, cases[i].value, cases[i].key);
      refused_with (cases[i].path, cases[i].value, "not supported by nsbox");
    }
}

Test (unit_oci_config, empty_unsupported_resources_ask_nothing)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  set (doc, "linux.resources.hugepageLimits", "[]");
  set (doc, "linux.resources.blockIO", "{\"weightDevice\": []}");
  set (doc, "linux.resources.network", "{}");
  set (doc, "linux.resources.rdma", "{}");
  set (doc, "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"\"}");
  cr_assert_eq (parse_doc (doc, &c, &err), 0, "%s", err ? err->message : "");
}

Test (unit_oci_config, fields_ignored_on_purpose_read)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  set (doc, "process.consoleSize", "{\"height\": 24, \"width\": 80}");
  set (doc, "process.selinuxLabel", "\"system_u:system_r:container_t:s0\"");
  set (doc, "linux.resources.memory",
       "{\"limit\": 1048576, \"kernel\": 1, \"kernelTCP\": 1, \"swappiness\": 0, \"disableOOMKiller\": false,"
       " \"useHierarchy\": true, \"checkBeforeUpdate\": true}");
  set (doc, "linux.resources.cpu", "{\"realtimeRuntime\": 1, \"realtimePeriod\": 1, \"idle\": 0, \"burst\": 5}");
  set (doc, "linux.mountLabel", "\"system_u:object_r:container_file_t:s0\"");
  set (doc, "annotations", "{\"z\": \"1\", \"a\": \"2\"}");
  set (doc, "domainname", "\"example.org\"");
  set (doc, "org.example.vendor", "{\"anything\": true}");
  cr_assert_eq (parse_doc (doc, &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_eq (c.resources.memory_limit, 1048576);
  cr_expect_str_eq (c.mount_label, "system_u:object_r:container_file_t:s0");
  cr_expect_str_eq (c.annotations_json, "{\"a\":\"2\",\"z\":\"1\"}");
  cr_expect_str_eq (c.domainname, "example.org");
}

/* A typo never drops a limit or a mount without a word. */
Test (unit_oci_config, a_typo_is_refused_where_limits_live)
{
  refused_with ("linux.resources.memroy", "{\"limit\": 1}", "config.json: key `linux.resources.memroy`: unknown key");
  refused_with ("linux.resources.memory", "{\"limt\": 1}", "`linux.resources.memory.limt`: unknown key");
  refused_with ("linux.resources.pids", "{\"limits\": 1}", "`linux.resources.pids.limits`: unknown key");
  refused_with ("linux.resources.cpu", "{\"qouta\": 1}", "`linux.resources.cpu.qouta`: unknown key");
  refused_with ("linux.maskPaths", "[\"/x\"]", "`linux.maskPaths`: unknown key");
  refused_with ("process.noNewPrivilege", "true", "`process.noNewPrivilege`: unknown key");
  refused_with ("root.readOnly", "true", "`root.readOnly`: unknown key");
  refused_with ("mounts", "[{\"destination\": \"/a\", \"type\": \"tmpfs\", \"optoins\": [\"ro\"]}]",
                "`mounts[0].optoins`: unknown key");
}

Test (unit_oci_config, only_versions_1_0_to_1_2_read)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  refused_with ("ociVersion", "\"2.0.0\"", "config.json: key `ociVersion`: `2.0.0` is not a version nsbox reads");
  refused_with ("ociVersion", "\"1.10.0\"", "1.0.0 to 1.2.x");
  refused_with ("ociVersion", "\"1.3.0\"", "`ociVersion`");
  refused_with ("ociVersion", "null", "`ociVersion`: is required");
  read_with (&c, "ociVersion", "\"1.2.1\"");
  nsbox_oci_config_release (&c);
  read_with (&c, "ociVersion", "\"1.0.0-rc5\"");
}

Test (unit_oci_config, a_relative_bind_reads_from_the_bundle)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };
  const struct nsbox_oci_mount *m;

  read_with (&c, "mounts",
             "[{\"destination\": \"data\", \"source\": \"data/in\", \"options\": [\"rbind\", \"rprivate\", \"ro\"]},"
             " {\"destination\": \"/etc/hosts\", \"type\": \"bind\", \"source\": \"/srv/hosts\"}]");
  cr_assert_eq (c.n_mounts, 2);
  m = &c.mounts[0];
  cr_expect_str_eq (m->destination, "/data");
  cr_expect_str_eq (m->type, "bind");
  cr_expect_str_eq (m->source, "/bundle/data/in");
  cr_expect (m->bind);
  cr_expect (m->recursive);
  cr_expect_eq (m->propagation, MS_PRIVATE | MS_REC);
  cr_expect_eq (m->attr_set, MOUNT_ATTR_RDONLY);
  cr_expect_null (m->data);
  m = &c.mounts[1];
  cr_expect (m->bind, "type bind is a bind");
  cr_expect_not (m->recursive);
  cr_expect_str_eq (m->source, "/srv/hosts");
}

Test (unit_oci_config, mount_options_that_nsbox_cannot_apply_are_refused)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  refused_with ("mounts", "[{\"destination\": \"/a\", \"source\": \"/b\", \"options\": [\"rbind\", \"idmap\"]}]",
                "`mounts[0].options`: `idmap` is not supported by nsbox");
  refused_with ("mounts", "[{\"destination\": \"/a\", \"source\": \"/b\", \"options\": [\"bind\", \"rro\"]}]",
                "`rro` is not supported by nsbox");
  refused_with ("mounts", "[{\"destination\": \"/a\", \"type\": \"tmpfs\", \"options\": [\"sync\"]}]", "`sync`");
  refused_with ("mounts", "[{\"destination\": \"/a\", \"source\": \"tmpfs\"}]", "`mounts[0].type`: is required");
  refused_with ("mounts", "[{\"destination\": \"/a\", \"type\": \"bind\"}]", "`mounts[0].source`: is required");
  refused_with ("mounts", "[{\"type\": \"tmpfs\"}]", "`mounts[0].destination`: is required");
  read_with (&c, "mounts",
             "[{\"destination\": \"/a\", \"type\": \"tmpfs\","
             " \"options\": [\"rw\", \"mode=1777,size=1m\", \"noatime\", \"async\"]}]");
  cr_expect_eq (c.mounts[0].attr_clr, MOUNT_ATTR_RDONLY | MOUNT_ATTR__ATIME);
  cr_expect_eq (c.mounts[0].attr_set, MOUNT_ATTR_NOATIME);
  cr_assert_eq (nsbox_strv_length (c.mounts[0].data), 2, "runc's comma-joined data reads the same");
  cr_expect_str_eq (c.mounts[0].data[1], "size=1m");
}

Test (unit_oci_config, seccomp_is_kept_as_json)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  read_with (&c, "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"],"
                                  " \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}");
  cr_assert_not_null (c.seccomp_json);
  cr_expect_str_eq (c.seccomp_json, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                                    "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
}

Test (unit_oci_config, resource_limits_read_as_runc_reads_them)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  set (doc, "linux.resources.pids", "{\"limit\": 0}");
  set (doc, "linux.resources.memory", "{\"limit\": 536870912, \"swap\": -1}");
  set (doc, "linux.resources.cpu", "{\"quota\": 0, \"period\": 100000, \"shares\": 1024, \"cpus\": \"0-3\"}");
  set (doc, "linux.resources.unified", "{\"memory.high\": \"400000000\"}");
  set (doc, "linux.sysctl", "{\"net.ipv4.ip_forward\": \"1\"}");
  cr_assert_eq (parse_doc (doc, &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_eq (c.resources.pids_limit, -1, "0 is no limit, as runc reads it");
  cr_expect_eq (c.resources.memory_limit, 536870912);
  cr_expect_eq (c.resources.memory_reservation, -1);
  cr_expect_eq (c.resources.memory_swap, -1);
  cr_expect_eq (c.resources.cpu_quota, -1);
  cr_expect_eq (c.resources.cpu_period, 100000);
  cr_expect_eq (c.resources.cpu_shares, 1024);
  cr_expect_str_eq (c.resources.cpuset_cpus, "0-3");
  cr_expect_null (c.resources.cpuset_mems);
  cr_assert_eq (nsbox_strv_length (c.resources.unified), 1);
  cr_expect_str_eq (c.resources.unified[0], "memory.high=400000000");
  cr_assert_eq (nsbox_strv_length (c.sysctl), 1);
  cr_expect_str_eq (c.sysctl[0], "net.ipv4.ip_forward=1");
  nsbox_oci_config_release (&c);
  read_with (&c, "linux.resources.pids", "{\"limit\": 100}");
  cr_expect_eq (c.resources.pids_limit, 100);
  refused_with ("linux.resources.memory", "{\"limit\": 1.5e9}",
                "`linux.resources.memory.limit`: must be an integer from -1 to 9223372036854775807");
  refused_with ("linux.resources.memory", "{\"limit\": 2000, \"swap\": 1000}", "`linux.resources.memory.swap`");
  refused_with ("linux.resources.unified", "{\"../cgroup.procs\": \"1\"}", "must name a file of the cgroup");
  refused_with ("linux.sysctl", "{\"../../etc\": \"1\"}", "`linux.sysctl.../../etc`");
}

Test (unit_oci_config, rlimits_are_checked)
{
  refused_with ("process.rlimits", "[{\"type\": \"RLIMIT_NOFILE\", \"soft\": 2048, \"hard\": 1024}]",
                "config.json: key `process.rlimits[0].soft`: 2048 is above the hard limit 1024");
  refused_with ("process.rlimits",
                "[{\"type\": \"RLIMIT_CORE\", \"soft\": 0, \"hard\": 0},"
                " {\"type\": \"RLIMIT_CORE\", \"soft\": 0, \"hard\": 0}]",
                "`process.rlimits[1].type`: appears twice");
  refused_with ("process.rlimits", "[{\"type\": \"RLIMIT_BOGUS\", \"soft\": 0, \"hard\": 0}]", "`RLIMIT_BOGUS`");
  refused_with ("process.rlimits", "[{\"type\": \"RLIMIT_CORE\", \"soft\": 0}]",
                "`process.rlimits[0].hard`: is required");
}

/* docker run --ulimit memlock=-1 writes RLIM_INFINITY as a uint64, past jansson's integers. */
Test (unit_oci_config, an_unlimited_rlimit_reads)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };
  _cleanup_free_ char *text = NULL, *patched = NULL;
  const char *at;

  set (doc, "process.rlimits", "[{\"type\": \"RLIMIT_MEMLOCK\", \"soft\": 4242424242, \"hard\": 4242424242}]");
  text = json_dumps (doc, 0);
  cr_assert_not_null (text);
  patched = strdup (text);
  while ((at = strstr (patched, "4242424242")) != NULL)
    {
      char *next = NULL;

      cr_assert_geq (asprintf (&next, "%.*s18446744073709551615%s", (int) (at - patched), patched, at + 10), 0);
      free (patched);
      patched = next;
    }
  cr_assert_eq (nsbox_oci_config_parse ("config.json", patched, strlen (patched), "/bundle", &c, &err), 0, "%s",
                err ? err->message : "");
  cr_assert_eq (c.process.n_rlimits, 1);
  cr_expect_eq (c.process.rlimits[0].soft, RLIM_INFINITY);
  cr_expect_eq (c.process.rlimits[0].hard, RLIM_INFINITY);
}

Test (unit_oci_config, an_unknown_capability_is_refused_by_name)
{
  refused_with ("process.capabilities.bounding", "[\"CAP_KILL\", \"CAP_FLY\"]",
                "config.json: key `process.capabilities.bounding`: unknown capability `CAP_FLY`");
  refused_with ("process.capabilities.effective", "[\"12\"]", "unknown capability `12`");
  refused_with ("process.capabilities.ambient", "[\"CAP_CHOWN,CAP_KILL\"]", "unknown capability");
  refused_with ("process.capabilities.ambient", "[\"\"]", "unknown capability");
}

Test (unit_oci_config, namespaces_are_checked)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  refused_with ("linux.namespaces", "[{\"type\": \"pid\"}, {\"type\": \"mount\"}, {\"type\": \"pid\"}]",
                "config.json: key `linux.namespaces[2].type`: `pid` appears twice");
  refused_with ("linux.namespaces", "[{\"type\": \"net\"}]", "unknown namespace type `net`");
  refused_with ("linux.namespaces", "[{\"type\": \"network\", \"path\": \"run/netns/a\"}]", "must be an absolute path");
  read_with (&c, "linux.namespaces", "[{\"type\": \"network\", \"path\": \"/run/netns/a\"}, {\"type\": \"user\"},"
                                     " {\"type\": \"time\"}]");
  cr_assert_not_null (nsbox_oci_config_namespace (&c, CLONE_NEWNET));
  cr_expect_str_eq (nsbox_oci_config_namespace (&c, CLONE_NEWNET)->path, "/run/netns/a");
  cr_expect_not_null (nsbox_oci_config_namespace (&c, CLONE_NEWTIME));
}

Test (unit_oci_config, hooks_read_and_a_relative_path_is_refused)
{
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };
  const struct nsbox_oci_hook *h;

  refused_with ("hooks", "{\"createRuntime\": [{\"path\": \"bin/hook\"}]}",
                "config.json: key `hooks.createRuntime[0].path`: `bin/hook` must be an absolute path");
  refused_with ("hooks", "{\"poststop\": [{\"path\": \"/bin/hook\", \"timeout\": 0}]}", "`hooks.poststop[0].timeout`");
  read_with (&c, "hooks", "{\"prestart\": [{\"path\": \"/usr/bin/netns\", \"args\": [\"netns\", \"up\"],"
                          " \"env\": [\"A=1\"], \"timeout\": 5}], \"poststop\": [{\"path\": \"/bin/true\"}]}");
  cr_assert_eq (c.n_hooks[NSBOX_OCI_HOOK_PRESTART], 1);
  h = &c.hooks[NSBOX_OCI_HOOK_PRESTART][0];
  cr_expect_str_eq (h->path, "/usr/bin/netns");
  cr_expect_str_eq (h->args[1], "up");
  cr_expect_str_eq (h->env[0], "A=1");
  cr_expect_eq (h->timeout, 5);
  cr_assert_eq (c.n_hooks[NSBOX_OCI_HOOK_POSTSTOP], 1);
  cr_expect_null (c.hooks[NSBOX_OCI_HOOK_POSTSTOP][0].args);
  cr_expect_eq (c.hooks[NSBOX_OCI_HOOK_POSTSTOP][0].timeout, 0);
  cr_expect_eq (c.n_hooks[NSBOX_OCI_HOOK_CREATE_CONTAINER], 0);
}

Test (unit_oci_config, the_process_is_checked)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_oci_config c;

  refused_with ("process.user.uid", "4294967295",
                "config.json: key `process.user.uid`: must be an integer from 0 to 4294967294");
  refused_with ("process.user", "{\"gid\": 0}", "`process.user.uid`: is required");
  refused_with ("process.args", "[]", "`process.args`: is required");
  refused_with ("process.cwd", "\"home\"", "`process.cwd`: `home` must be an absolute path");
  refused_with ("process.env", "[\"NOEQUALS\"]", "`process.env`");
  refused_with ("process.oomScoreAdj", "1001", "`process.oomScoreAdj`");
  refused_with ("process.user.umask", "512", "`process.user.umask`");
  refused_with ("process.terminal", "1", "`process.terminal`: must be true or false");
  json_object_del (doc, "process");
  cr_assert_lt (parse_doc (doc, &c, &err), 0);
  cr_expect_str_eq (err->message, "config.json: key `process`: is required");
}

Test (unit_oci_config, user_and_process_extras_read)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  set (doc, "process.user", "{\"uid\": 1000, \"gid\": 100, \"umask\": 18, \"additionalGids\": [5, 10]}");
  set (doc, "process.env", "null");
  set (doc, "process.oomScoreAdj", "-500");
  set (doc, "process.apparmorProfile", "\"docker-default\"");
  cr_assert_eq (parse_doc (doc, &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_eq (c.process.uid, 1000);
  cr_expect_eq (c.process.gid, 100);
  cr_expect (c.process.has_umask);
  cr_expect_eq (c.process.umask, 022);
  cr_assert_eq (c.process.n_additional_gids, 2);
  cr_expect_eq (c.process.additional_gids[1], 10);
  cr_assert_not_null (c.process.env, "never NULL");
  cr_expect_null (c.process.env[0]);
  cr_expect (c.process.has_oom_score_adj);
  cr_expect_eq (c.process.oom_score_adj, -500);
  cr_expect_str_eq (c.process.apparmor_profile, "docker-default");
}

Test (unit_oci_config, devices_and_id_mappings_read)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  set (doc, "linux.devices", "[{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229},"
                             " {\"path\": \"/dev/sda\", \"type\": \"b\", \"major\": 8, \"minor\": 0,"
                             "  \"fileMode\": 25008, \"uid\": 0, \"gid\": 6},"
                             " {\"path\": \"/dev/fifo\", \"type\": \"p\"}]");
  set (doc, "linux.uidMappings", "[{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}]");
  set (doc, "linux.gidMappings", "[{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}]");
  cr_assert_eq (parse_doc (doc, &c, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq (c.n_devices, 3);
  cr_expect_eq (c.devices[0].mode, 0666);
  cr_expect_eq (c.devices[0].major, 10);
  cr_expect_eq (c.devices[0].minor, 229);
  cr_expect_eq (c.devices[1].type, 'b');
  cr_expect_eq (c.devices[1].mode, 0660, "S_IFBLK | 0660 keeps its permission bits");
  cr_expect_eq (c.devices[1].gid, 6);
  cr_expect_eq (c.devices[2].type, 'p');
  cr_assert_eq (c.n_uid_mappings, 1);
  cr_expect_eq (c.uid_mappings[0].host_id, 100000);
  cr_expect_eq (c.gid_mappings[0].size, 65536);
  refused_with ("linux.devices", "[{\"path\": \"/etc/shadow\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]",
                "`linux.devices[0].path`: `/etc/shadow` must be below /dev");
  refused_with ("linux.devices", "[{\"path\": \"/dev/../etc/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]",
                "must be below /dev");
  refused_with ("linux.devices", "[{\"path\": \"/dev/null\", \"type\": \"c\", \"major\": 1}]",
                "`linux.devices[0].minor`: is required");
  refused_with ("linux.devices",
                "[{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3, \"fileMode\": 25008}]",
                "`linux.devices[0].fileMode`");
  refused_with ("linux.uidMappings", "[{\"containerID\": 0, \"hostID\": 1, \"size\": 0}]",
                "`linux.uidMappings[0].size`");
}

Test (unit_oci_config, propagation_and_personality_read)
{
  _cleanup_json_ json_t *doc = spec ();
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };

  set (doc, "linux.rootfsPropagation", "\"rslave\"");
  set (doc, "linux.personality", "{\"domain\": \"LINUX32\"}");
  cr_assert_eq (parse_doc (doc, &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_eq (c.rootfs_propagation, MS_SLAVE | MS_REC);
  cr_expect (c.personality_linux32);
  refused_with ("linux.rootfsPropagation", "\"recursive\"", "`linux.rootfsPropagation`");
  refused_with ("linux.personality", "{\"domain\": \"SVR4\"}", "`linux.personality.domain`");
}

Test (unit_oci_config, a_process_document_reads_alone)
{
  static const char text[] = "{\"args\": [\"ps\", \"aux\"], \"cwd\": \"/\", \"user\": {\"uid\": 5, \"gid\": 6},"
                             " \"capabilities\": {\"bounding\": [\"CAP_KILL\"]}, \"terminal\": false}";
  static const char bad_text[] = "{\"args\": [\"ps\"], \"cwd\": \"/\", \"user\": {\"uid\": -1, \"gid\": 6}}";
  struct nsbox_oci_process p;
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_eq (nsbox_oci_process_parse ("process.json", text, strlen (text), &p, &err), 0, "%s",
                err ? err->message : "");
  cr_expect_str_eq (p.args[1], "aux");
  cr_expect_eq (p.uid, 5);
  cr_expect_eq (p.caps[NSBOX_OCI_CAPS_BOUNDING], 1ULL << CAP_KILL);
  cr_assert_not_null (p.env);
  nsbox_oci_process_release (&p);
  nsbox_oci_process_release (&p);
  cr_assert_lt (nsbox_oci_process_parse ("process.json", bad_text, strlen (bad_text), &p, &err), 0);
  cr_expect_str_eq (err->message, "process.json: key `user.uid`: must be an integer from 0 to 4294967294");
  cr_expect_null (p.args);
}

Test (unit_oci_config, bad_json_and_bundles_are_refused)
{
  static const char dup[] = "{\"ociVersion\": \"1.0.0\",\n \"ociVersion\": \"1.0.0\"}";
  struct nsbox_oci_config c;
  _cleanup_error_ struct nsbox_error *err = NULL;

  cr_assert_lt (nsbox_oci_config_parse ("config.json", dup, strlen (dup), "/bundle", &c, &err), 0);
  cr_expect_not_null (strstr (err->message, "config.json:2:"), "%s", err->message);
  cr_expect_not_null (strstr (err->message, "invalid JSON"), "%s", err->message);
  nsbox_error_free (steal_pointer (&err));
  cr_assert_lt (nsbox_oci_config_parse ("config.json", runc_spec, strlen (runc_spec), "bundle", &c, &err), 0);
  cr_expect_not_null (strstr (err->message, "must be an absolute path"), "%s", err->message);
  nsbox_error_free (steal_pointer (&err));
  cr_assert_lt (nsbox_oci_config_parse ("config.json", "[]", 2, "/bundle", &c, &err), 0);
  cr_expect_str_eq (err->message, "config.json: the document must be a JSON object");
}

Test (unit_oci_config, load_makes_the_bundle_absolute)
{
  char dir[] = "/tmp/oci-config-XXXXXX";
  _cleanup_free_ char *path = NULL, *relative = NULL;
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_oci_config_ struct nsbox_oci_config c = { 0 };
  FILE *f;

  cr_assert_not_null (mkdtemp (dir));
  cr_assert_geq (asprintf (&path, "%s/config.json", dir), 0);
  cr_assert_not_null (f = fopen (path, "w"));
  fputs (runc_spec, f);
  fclose (f);
  cr_assert_eq (chdir ("/tmp"), 0);
  cr_assert_geq (asprintf (&relative, "./%s/", dir + 5), 0);
  cr_assert_eq (nsbox_oci_config_load (relative, &c, &err), 0, "%s", err ? err->message : "");
  cr_expect_str_eq (c.bundle, dir);
  cr_expect_eq (strncmp (c.root_path, dir, strlen (dir)), 0);
  cr_expect_str_eq (c.root_path + strlen (dir), "/rootfs");
  unlink (path);
  rmdir (dir);
  nsbox_oci_config_release (&c);
  cr_assert_lt (nsbox_oci_config_load (dir, &c, &err), 0, "the bundle is gone");
}

Test (unit_oci_config, release_is_safe_on_zero_and_twice)
{
  struct nsbox_oci_config c;
  struct nsbox_oci_process p;

  memset (&c, 0, sizeof c);
  memset (&p, 0, sizeof p);
  nsbox_oci_config_release (&c);
  nsbox_oci_process_release (&p);
  read_with (&c, "hostname", "\"h\"");
  nsbox_oci_config_release (&c);
  cr_expect_null (c.root_path);
  cr_expect_eq (c.n_mounts, 0);
  nsbox_oci_config_release (&c);
}
