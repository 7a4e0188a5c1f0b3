/* config.h - the complete description of one sandbox.
 *
 * The CLI (or a language policy, or an image config) fills this struct; the
 * library reads nothing else: not argv, not the environment.  Every feature is
 * a field here, a setup step in sandbox.c and, where it reports, a field of
 * struct nsbox_result. */
#ifndef NSBOX_CONFIG_H
#define NSBOX_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/error.h"
#include "base/size.h" /* the parsers of the config's sizes and seconds */
#include "base/strv.h"

#define NSBOX_UNLIMITED UINT64_MAX
#define NSBOX_DEFAULT_STATE_ROOT "/run/nsbox"
/* Every devpts instance draws from one kernel pool (kernel.pty.max, less
 * kernel.pty.reserve for the host's own): each sandbox gets a share. */
#define NSBOX_DEFAULT_PTYS 16

struct nsbox_bind_mount
{
  char *source;      /* host path; with source_fd, only a name for messages */
  char *destination; /* absolute path inside the sandbox, resolved in its root */
  bool read_only;
  /* >= 0: what the setuid helper's caller opened itself (never a path
   * resolved as root); its mount is cloned for each sandbox. */
  int source_fd;
  bool from_nsbox; /* made by nsbox itself (a language run's artifact directory) */
};

/* A file placed into the sandbox read-only (used for code snippets). */
struct nsbox_file
{
  char *destination; /* absolute path inside the sandbox */
  char *content;
  size_t length;
  mode_t mode;
};

enum nsbox_rlimit_kind
{
  NSBOX_RLIMIT_NOFILE,
  NSBOX_RLIMIT_FSIZE,
  NSBOX_RLIMIT_STACK,
  NSBOX_RLIMIT_CORE,
  NSBOX_RLIMIT_CPU,
  NSBOX_RLIMIT_NPROC, /* counted per uid and user namespace: per sandbox in its own namespace */
  NSBOX_RLIMIT_DATA,  /* private writable memory of one process (heap, anonymous mappings) */
  NSBOX_RLIMIT_COUNT
};

struct nsbox_rlimit
{
  bool set;
  uint64_t soft;
  uint64_t hard;
};

enum nsbox_sys_mode
{
  NSBOX_SYS_READ_ONLY,
  NSBOX_SYS_NONE,
};

enum nsbox_output_mode
{
  NSBOX_OUTPUT_PASSTHROUGH, /* the workload writes to nsbox's own stdout/stderr */
  NSBOX_OUTPUT_CAPTURE,     /* bounded capture into the result (--json) */
};

enum nsbox_userns_mode
{
  NSBOX_USERNS_PER_SANDBOX, /* a user namespace and a block of host ids of its own (isolate/userns.h) */
  NSBOX_USERNS_HOST,        /* the host's ids: --user N is host uid N */
  /* nsbox run by a user who is not root: the sandbox's first process is
   * cloned into a user namespace that maps the workload's ids onto the
   * caller's own, and builds the rest there. */
  NSBOX_USERNS_ROOTLESS,
};

struct nsbox_sandbox_config
{
  /* What runs. */
  char **argv;   /* NULL-terminated; argv[0] resolved with PATH inside the sandbox */
  char **env;    /* NULL-terminated "K=V", the workload's whole environment */
  char *workdir; /* inside the sandbox; NULL = "/" */
  uid_t uid;
  gid_t gid;
  enum nsbox_userns_mode userns;
  char *userns_pool;     /* "START:COUNT"; NULL = the nsbox entries of /etc/subuid and /etc/subgid, else built-in */
  /* A block the caller took for several runs that share files (a language
   * run's compile and run steps); else each run takes its own. */
  bool userns_reserved;
  uint32_t userns_block_index;
  uid_t userns_host_uid;
  gid_t userns_host_gid;
  bool use_init; /* PID 1 is nsbox's reaping init (default), else argv is PID 1 */

  /* The root: read-only layers, topmost first (one entry: a directory root). */
  char **lower_dirs;
  size_t n_lower_dirs;

  char *hostname;
  uint64_t tmpfs_size; /* bytes, /tmp */
  bool tmpfs_exec;     /* allow exec on /tmp (toolchains that build there) */
  enum nsbox_sys_mode sys_mode;

  struct nsbox_bind_mount *mounts;
  size_t n_mounts;
  struct nsbox_file *files;
  size_t n_files;
  /* A directory of the root mounted writable for this sandbox alone at a
   * path below /tmp (isolate/warmcache.h); NULL = none. */
  char *warm_cache_from, *warm_cache_at;

  /* Terminal and I/O. */
  bool tty;         /* allocate a pseudo-terminal inside the sandbox */
  uint64_t ptys;    /* at most this many ptys in the sandbox's devpts (-t takes one) */
  bool interactive; /* keep stdin attached (else /dev/null) */
  int stdin_fd;     /* >= 0: the workload's stdin comes from this fd (e.g. --stdin FILE) */
  enum nsbox_output_mode output;
  uint64_t output_limit; /* bytes kept per stream in capture mode */

  /* Ending. */
  uint64_t timeout_ms;    /* 0 = none */
  uint64_t kill_after_ms; /* grace between SIGTERM and SIGKILL */

  /* Resources (cgroups, rlimits). NSBOX_UNLIMITED = no limit. */
  uint64_t memory_bytes;
  uint64_t cpu_millis; /* 1000 = one CPU */
  /* Given by the caller (--cpus, "cpus"), not a default: the sandbox's CPU affinity is narrowed
   * to that many CPUs too (isolate/affinity.h). */
  bool cpus_explicit;
  uint64_t pids;
  struct nsbox_rlimit rlimits[NSBOX_RLIMIT_COUNT];
  char *cgroup_parent; /* NULL = the cgroup nsbox runs in */
  /* No cgroup at all (--no-cgroup): pids becomes RLIMIT_NPROC, memory
   * RLIMIT_DATA (per process), CPU goes unlimited.  For users without a
   * delegated cgroup. */
  bool no_cgroup;

  /* Seccomp: a profile name, a path, or "unconfined"; NULL = "default", so a
   * config that says nothing (or whose strdup failed) is never unfiltered. */
  char *seccomp_profile;
  char *seccomp_profile_dir; /* where named profiles live; NULL = $(pkgdatadir)/seccomp */
  char *seccomp_cache_dir;   /* compiled BPF cache; NULL = /var/cache/nsbox/seccomp */

  /* Bookkeeping. */
  char *state_root;   /* e.g. /run/nsbox; the sandbox's state dir lives below while it runs */
  char *id;           /* NULL = generated */
  char *image_name;   /* for `nsbox ps`: the image or root the sandbox runs */
  uid_t owner_uid;    /* who asked for it: `nsbox ps` and `gc` of a user see their own only */

  /* Set by the setuid helper (nsbox-suid(8)) for a caller who is not root:
   * nsbox_config_validate() then refuses what such a caller may never have,
   * whatever filled the config (flags, the image's User, a policy), and
   * every limit is held to nsbox.conf's ceilings, given or not. */
  bool restricted;
};

/* Defaults: safe values for every field (uid 65534, 64m /tmp, init on, ...).
 * The user namespace mode follows who we are: per-sandbox for root,
 * rootless for anyone else. */
void nsbox_config_init (struct nsbox_sandbox_config *config);

/* Release everything the config owns. */
void nsbox_config_release (struct nsbox_sandbox_config *config);

/* A deep copy of config (stdin_fd is copied as a number, not duplicated). */
int nsbox_config_copy (struct nsbox_sandbox_config *copy, const struct nsbox_sandbox_config *config,
                       struct nsbox_error **err);

/* Parse "UID[:GID]" (numbers only; names would need the image's /etc/passwd). */
int nsbox_parse_user (const char *text, uid_t *uid, gid_t *gid, struct nsbox_error **err);

/* Parse "type=bind,src=A,dst=B[,ro]" or the short "A:B[:ro]" form. */
int nsbox_parse_mount (const char *text, bool short_form, struct nsbox_bind_mount *mount,
                       struct nsbox_error **err);

/* Whether a bind mount may go to dst: absolute, not the root, not in /proc or
 * /sys (judged on the name; mounts.c refuses a symlink that leads there). */
int nsbox_config_check_destination (const char *dst, struct nsbox_error **err);

/* What no sandbox may be given, however its config was filled (flags, JSON, a
 * policy): mounts into /proc or /sys, a /tmp of size 0; and for a restricted
 * config, uid 0, the host's ids, no cgroup, a cgroup parent, an unconfined
 * or path seccomp profile, a bind of a path.  nsbox_sandbox_run() checks it
 * first. */
int nsbox_config_validate (const struct nsbox_sandbox_config *c, struct nsbox_error **err);

/* Append "K=V" to a NULL-terminated environment, replacing an earlier K. */
int nsbox_env_set (char ***env, const char *assignment, struct nsbox_error **err);

#endif
