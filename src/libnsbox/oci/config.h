/* config.h - a bundle's config.json (OCI runtime-spec 1.0 to 1.2) as nsbox reads it.
 *
 * nsbox_oci_config_load() checks the whole document before anything runs:
 * every field it cannot honour is an error that names the field
 * ("config.json: key `linux.intelRdt`: not supported by nsbox"), never
 * silently dropped, so an engine never believes a limit or a mask is in place
 * when it is not.  The fields it reads and ignores on purpose are listed in
 * nsbox-runtime(1).  Nothing here touches the kernel: the container's init
 * (oci/init.c) and the runtime (oci/container.c) act on the struct. */
#ifndef NSBOX_OCI_CONFIG_H
#define NSBOX_OCI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/error.h"

/* The runtime-spec versions nsbox reads: 1.0.0 up to 1.2.x. */
#define NSBOX_OCI_VERSION_MIN "1.0.0"
#define NSBOX_OCI_VERSION_MAX "1.2.0"

enum nsbox_oci_hook_kind
{
  NSBOX_OCI_HOOK_PRESTART,          /* deprecated in the spec, still sent by some engines */
  NSBOX_OCI_HOOK_CREATE_RUNTIME,    /* in the runtime's namespaces, after the container's exist */
  NSBOX_OCI_HOOK_CREATE_CONTAINER,  /* in the container's namespaces, before pivot_root */
  NSBOX_OCI_HOOK_START_CONTAINER,   /* in the container, before the process's exec */
  NSBOX_OCI_HOOK_POSTSTART,         /* in the runtime's namespaces, after start */
  NSBOX_OCI_HOOK_POSTSTOP,          /* in the runtime's namespaces, at delete */
  NSBOX_OCI_HOOK_COUNT
};

struct nsbox_oci_hook
{
  char *path;       /* absolute */
  char **args;      /* NULL-terminated; NULL = { path } */
  char **env;       /* NULL-terminated; NULL = empty */
  unsigned timeout; /* seconds; 0 = none */
};

struct nsbox_oci_mount
{
  char *destination;     /* absolute inside the container */
  char *type;            /* "bind", "tmpfs", "proc", "sysfs", "devpts", "mqueue", "cgroup", "cgroup2", ...; never NULL */
  char *source;          /* NULL for pseudo file systems without one */
  bool bind;             /* "bind" type or a bind/rbind option */
  bool recursive;        /* rbind */
  uint64_t attr_set;     /* MOUNT_ATTR_RDONLY, _NOSUID, _NODEV, _NOEXEC, _NOATIME, ... */
  uint64_t attr_clr;     /* what rw, suid, dev, exec, atime ask to clear */
  unsigned long propagation; /* 0, or one of MS_PRIVATE, MS_SLAVE, MS_SHARED, MS_UNBINDABLE (| MS_REC) */
  bool tmpcopyup;        /* a tmpfs gets a copy of what the root has at the destination */
  char **data;           /* options the file system reads (mode=755, size=65536k, newinstance, ...), NULL-terminated */
};

struct nsbox_oci_namespace
{
  int flag;   /* CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWTIME */
  char *path; /* join this one; NULL = a new one */
};

struct nsbox_oci_idmap
{
  uint32_t container_id;
  uint32_t host_id;
  uint32_t size;
};

struct nsbox_oci_rlimit
{
  int resource; /* RLIMIT_* */
  uint64_t soft, hard;
};

struct nsbox_oci_device
{
  char *path;  /* absolute inside the container, below /dev */
  char type;   /* 'c', 'b', 'u' (= 'c'), 'p' */
  uint32_t major, minor;
  mode_t mode; /* permission bits; 0666 when absent */
  uid_t uid;
  gid_t gid;
};

/* One rule of linux.resources.devices (the device cgroup). */
struct nsbox_oci_device_rule
{
  bool allow;
  char type;    /* 'a', 'c', 'b' */
  int64_t major; /* -1 = any */
  int64_t minor; /* -1 = any */
  char access[4]; /* some of "rwm", NUL-terminated */
};

enum nsbox_oci_cap_set
{
  NSBOX_OCI_CAPS_BOUNDING,
  NSBOX_OCI_CAPS_EFFECTIVE,
  NSBOX_OCI_CAPS_INHERITABLE,
  NSBOX_OCI_CAPS_PERMITTED,
  NSBOX_OCI_CAPS_AMBIENT,
  NSBOX_OCI_CAPS_COUNT
};

struct nsbox_oci_resources
{
  int64_t memory_limit;       /* bytes; -1 = none (absent, or -1 in the config) */
  int64_t memory_reservation; /* -1 = none */
  int64_t memory_swap;        /* memory + swap, runc's meaning; -1 = none */
  int64_t cpu_quota;          /* microseconds per period; -1 = none */
  uint64_t cpu_period;        /* 0 = the kernel's */
  uint64_t cpu_shares;        /* 0 = the kernel's */
  char *cpuset_cpus, *cpuset_mems; /* NULL = inherited */
  int64_t pids_limit;         /* -1 = none (0 is "none" too, as runc reads it) */
  struct nsbox_oci_device_rule *device_rules;
  size_t n_device_rules;
  char **unified;             /* "file=value" pairs of linux.resources.unified, NULL-terminated; NULL = none */
};

/* A process: the container's (process in config.json) or one for `exec`
 * (runc exec --process FILE, or the flags that build one). */
struct nsbox_oci_process
{
  bool terminal;
  char **args; /* NULL-terminated, at least one */
  char **env;  /* NULL-terminated "K=V"; never NULL */
  char *cwd;   /* absolute */
  uid_t uid;
  gid_t gid;
  gid_t *additional_gids;
  size_t n_additional_gids;
  bool has_umask;
  mode_t umask;
  uint64_t caps[NSBOX_OCI_CAPS_COUNT]; /* bit N = capability N */
  struct nsbox_oci_rlimit *rlimits;
  size_t n_rlimits;
  bool no_new_privileges;
  bool has_oom_score_adj;
  int oom_score_adj;
  char *apparmor_profile; /* NULL = none; refused where AppArmor is enabled, ignored elsewhere (oci/setup.h) */
  char *selinux_label;    /* NULL = none; refused where SELinux is enabled, ignored elsewhere */
};

struct nsbox_oci_config
{
  char *oci_version;
  char *bundle;     /* absolute, as given with --bundle (made absolute) */
  char *root_path;  /* absolute: root.path joined with the bundle when relative */
  bool root_readonly;
  char *hostname;   /* NULL = keep */
  char *domainname; /* NULL = keep */
  struct nsbox_oci_process process;
  struct nsbox_oci_mount *mounts;
  size_t n_mounts;
  struct nsbox_oci_hook *hooks[NSBOX_OCI_HOOK_COUNT];
  size_t n_hooks[NSBOX_OCI_HOOK_COUNT];
  char *annotations_json; /* the annotations object as compact JSON text, "{}" when absent */

  /* linux */
  struct nsbox_oci_namespace *namespaces;
  size_t n_namespaces;
  struct nsbox_oci_idmap *uid_mappings, *gid_mappings;
  size_t n_uid_mappings, n_gid_mappings;
  struct nsbox_oci_device *devices;
  size_t n_devices;
  char *cgroups_path; /* as written: "/a/b", "a/b" or "slice:prefix:name"; NULL = none */
  struct nsbox_oci_resources resources;
  char **sysctl;          /* "key=value" (key with dots), NULL-terminated; NULL = none */
  char **masked_paths;    /* NULL-terminated; NULL = none */
  char **readonly_paths;  /* NULL-terminated; NULL = none */
  char *seccomp_json;     /* linux.seccomp as compact JSON text (nsbox's compiler reads the OCI format); NULL = none */
  unsigned long rootfs_propagation; /* MS_PRIVATE (the default), MS_SLAVE, MS_SHARED, MS_UNBINDABLE, each | MS_REC */
  bool personality_linux32; /* linux.personality.domain LINUX32 */
  char *mount_label;        /* linux.mountLabel: refused where SELinux is enabled, ignored elsewhere (oci/setup.h) */
};

/* Read <bundle>/config.json.  The bundle is made absolute here. */
int nsbox_oci_config_load (const char *bundle, struct nsbox_oci_config *config, struct nsbox_error **err);

/* Parse a config.json held in memory; origin names it in messages. */
int nsbox_oci_config_parse (const char *origin, const char *text, size_t length, const char *bundle,
                            struct nsbox_oci_config *config, struct nsbox_error **err);

/* A process object alone (`exec --process FILE`), same rules as process in config.json. */
int nsbox_oci_process_parse (const char *origin, const char *text, size_t length, struct nsbox_oci_process *process,
                             struct nsbox_error **err);

/* The flag of a namespace type ("pid" -> CLONE_NEWPID), 0 if unknown. */
int nsbox_oci_namespace_flag (const char *type);
/* And back ("pid"), for messages and `features`. */
const char *nsbox_oci_namespace_type (int flag);

/* Whether the config asks for a new or joined namespace of this flag. */
const struct nsbox_oci_namespace *nsbox_oci_config_namespace (const struct nsbox_oci_config *config, int flag);

void nsbox_oci_process_release (struct nsbox_oci_process *process);
void nsbox_oci_config_release (struct nsbox_oci_config *config);
#define _cleanup_oci_config_ __attribute__ ((cleanup (nsbox_oci_config_release)))

#endif
