/* compile.c - OCI/Docker seccomp JSON to a BPF program, via libseccomp.
 *
 * Only the native architecture is compiled in.  libseccomp then starts the
 * program with a check of seccomp_data.arch that applies the bad-arch action
 * (we set KILL_PROCESS) to every other audit architecture, which covers the
 * i386 `int 0x80` entry on x86_64, and on x86_64 a check that sends any number
 * with __X32_SYSCALL_BIT to the same action.
 *
 * Newer syscalls: libseccomp cannot say "newer than the profile", but the
 * kernel numbers syscalls in the order they were added.  When the default
 * action is an errno, we put a short prologue in front of libseccomp's program
 * that answers ENOSYS for every native syscall number greater than the largest
 * one the profile names (allowed or denied), so libc's fallbacks (clone3 ->
 * clone, fchmodat2 -> fchmodat, ...) take over instead of failing with EPERM.
 *
 * load.c calls in here on a cache miss; nothing here calls load.c, so a
 * cache hit never touches this file's code. */
#define _GNU_SOURCE
#include "seccomp/seccomp.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include <jansson.h>
#include <seccomp.h>

#include "base/cleanup.h"
#include "base/json.h"
#include "seccomp/internal.h"

static inline void
seccomp_releasep (scmp_filter_ctx *ctx)
{
  if (*ctx)
    seccomp_release (*ctx);
}
#define _cleanup_scmp_ __attribute__ ((cleanup (seccomp_releasep)))

struct action_name
{
  const char *name;
  uint32_t action; /* errno/trace data filled in later */
  bool takes_data;
};

static const struct action_name actions[] = {
  { "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, false },
  { "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO (0), true },
  { "SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD, false },
  { "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD, false },
  { "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS, false },
  { "SCMP_ACT_TRAP", SCMP_ACT_TRAP, false },
  { "SCMP_ACT_TRACE", SCMP_ACT_TRACE (0), true },
  { "SCMP_ACT_LOG", SCMP_ACT_LOG, false },
};

static const struct
{
  const char *name;
  enum scmp_compare op;
} operators[] = {
  { "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT }, { "SCMP_CMP_LE", SCMP_CMP_LE },
  { "SCMP_CMP_EQ", SCMP_CMP_EQ }, { "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
  { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

/* A parsed profile: what the compile needs beyond the JSON tree. */
struct profile
{
  const char *name;
  uint32_t default_action;
  int max_nr;      /* largest native syscall number the profile names, -1 if none */
  char **unknown;  /* names no one knows, NULL-terminated (see known_newer) */
  size_t n_unknown;
};

/* Syscalls Linux added from 5.1 on: a libseccomp older than the kernel does
 * not know them, and a profile that lists them is right to.  A name neither
 * libseccomp nor this list knows is most likely a typo, and the profile's
 * author should hear of it (the rule silently does nothing). */
static const char *const known_newer[] = {
  "pidfd_send_signal", "io_uring_setup", "io_uring_enter", "io_uring_register", "open_tree", "move_mount",
  "fsopen", "fsconfig", "fsmount", "fspick", "pidfd_open", "clone3", "close_range", "openat2", "pidfd_getfd",
  "faccessat2", "process_madvise", "epoll_pwait2", "mount_setattr", "quotactl_fd", "landlock_create_ruleset",
  "landlock_add_rule", "landlock_restrict_self", "memfd_secret", "process_mrelease", "futex_waitv",
  "set_mempolicy_home_node", "cachestat", "fchmodat2", "map_shadow_stack", "futex_wake", "futex_wait",
  "futex_requeue", "statmount", "listmount", "lsm_get_self_attr", "lsm_set_self_attr", "lsm_list_modules", "mseal",
  "setxattrat", "getxattrat", "listxattrat", "removexattrat", "open_tree_attr", "file_getattr", "file_setattr",
  "uretprobe", NULL,
};

static bool
is_known_newer (const char *name)
{
  for (const char *const *k = known_newer; *k; k++)
    if (strcmp (*k, name) == 0)
      return true;
  return false;
}

/* Each unknown name once, in the order the profile gives them. */
static int
note_unknown (struct profile *p, const char *name, struct nsbox_error **err)
{
  char **grown;

  for (size_t i = 0; i < p->n_unknown; i++)
    if (strcmp (p->unknown[i], name) == 0)
      return 0;
  grown = realloc (p->unknown, (p->n_unknown + 2) * sizeof *grown);
  if (grown == NULL)
    return nsbox_error_oom (err);
  p->unknown = grown;
  if ((grown[p->n_unknown] = strdup (name)) == NULL)
    return nsbox_error_oom (err);
  grown[++p->n_unknown] = NULL;
  return 0;
}

static void
profile_release (struct profile *p)
{
  nsbox_seccomp_names_free (p->unknown);
  p->unknown = NULL;
}

static int
parse_action (const struct profile *p, const char *where, json_t *action_j, json_t *errno_j, uint32_t *out,
              struct nsbox_error **err)
{
  const char *name = json_string_value (action_j);
  json_int_t data = EPERM;

  if (name == NULL)
    return nsbox_error_msg (err, "seccomp profile `%s`: %s: missing action", p->name, where);
  if (errno_j != NULL)
    {
      if (!json_is_integer (errno_j) || json_integer_value (errno_j) < 0 || json_integer_value (errno_j) > 0xffff)
        return nsbox_error_msg (err, "seccomp profile `%s`: %s: errnoRet must be an integer 0..65535", p->name,
                                where);
      data = json_integer_value (errno_j);
    }
  for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
    if (strcmp (actions[i].name, name) == 0)
      {
        *out = actions[i].takes_data ? actions[i].action | (uint32_t) data : actions[i].action;
        return 0;
      }
  return nsbox_error_msg (err, "seccomp profile `%s`: %s: unknown action `%s`", p->name, where, name);
}

/* "SCMP_ARCH_X86_64" -> libseccomp's token, or 0 if it has no such arch. */
static uint32_t
resolve_arch (const char *name)
{
  char lower[32];
  size_t i;

  if (name == NULL || strncmp (name, "SCMP_ARCH_", 10) != 0)
    return 0;
  name += 10;
  for (i = 0; name[i] && i < sizeof lower - 1; i++)
    lower[i] = (name[i] >= 'A' && name[i] <= 'Z') ? name[i] - 'A' + 'a' : name[i];
  lower[i] = '\0';
  return seccomp_arch_resolve_name (lower);
}

static bool
arch_list_has_native (json_t *list)
{
  size_t i;
  json_t *v;

  json_array_foreach (list, i, v)
    if (resolve_arch (json_string_value (v)) == NSBOX_SECCOMP_NATIVE_ARCH)
      return true;
  return false;
}

/* The profile must cover the native architecture: compiling a profile written
 * for another one (say, one whose clone rule filters arg 1 as on s390x) for
 * ours would silently mean something else. */
static int
check_architectures (const struct profile *p, json_t *root, struct nsbox_error **err)
{
  json_t *archs = json_object_get (root, "architectures");
  json_t *map = json_object_get (root, "archMap");
  size_t i;
  json_t *entry;

  if (archs == NULL && map == NULL)
    return 0;
  if (archs != NULL && json_is_array (archs) && arch_list_has_native (archs))
    return 0;
  json_array_foreach (map, i, entry)
    if (resolve_arch (json_string_value (json_object_get (entry, "architecture"))) == NSBOX_SECCOMP_NATIVE_ARCH)
      return 0;
  return nsbox_error_msg (err, "seccomp profile `%s`: does not list this machine's architecture", p->name);
}

static int
kernel_at_least (const char *min)
{
  struct utsname u;
  unsigned want_major = 0, want_minor = 0, major = 0, minor = 0;

  if (sscanf (min, "%u.%u", &want_major, &want_minor) < 1 || uname (&u) < 0
      || sscanf (u.release, "%u.%u", &major, &minor) < 1)
    return -1;
  return major > want_major || (major == want_major && minor >= want_minor);
}

/* Docker's includes/excludes.  The sandbox holds no capabilities, so a rule
 * that needs one never applies and an exclusion by capability never triggers. */
static int
rule_applies (const struct profile *p, const char *where, json_t *rule, bool *applies, struct nsbox_error **err)
{
  json_t *inc = json_object_get (rule, "includes");
  json_t *exc = json_object_get (rule, "excludes");
  const char *key;
  json_t *v;

  *applies = true;
  json_object_foreach (inc, key, v)
    {
      if (strcmp (key, "arches") == 0)
        *applies &= arch_list_has_native (v);
      else if (strcmp (key, "caps") == 0)
        *applies &= json_array_size (v) == 0;
      else if (strcmp (key, "minKernel") == 0)
        {
          int ok = json_is_string (v) ? kernel_at_least (json_string_value (v)) : -1;
          if (ok < 0)
            return nsbox_error_msg (err, "seccomp profile `%s`: %s: bad includes.minKernel", p->name, where);
          *applies &= ok;
        }
      else
        return nsbox_error_msg (err, "seccomp profile `%s`: %s: unsupported key includes.%s", p->name, where, key);
    }
  json_object_foreach (exc, key, v)
    {
      if (strcmp (key, "arches") == 0)
        *applies &= !arch_list_has_native (v);
      else if (strcmp (key, "caps") != 0)
        return nsbox_error_msg (err, "seccomp profile `%s`: %s: unsupported key excludes.%s", p->name, where, key);
    }
  return 0;
}

static int
parse_u64 (const struct profile *p, const char *where, json_t *arg, const char *key, bool required, uint64_t *out,
           struct nsbox_error **err)
{
  json_t *v = json_object_get (arg, key);

  *out = 0;
  if (v == NULL && !required)
    return 0;
  if (!json_is_integer (v) || json_integer_value (v) < 0)
    return nsbox_error_msg (err, "seccomp profile `%s`: %s: `%s` must be a non-negative integer", p->name, where,
                            key);
  *out = (uint64_t) json_integer_value (v);
  return 0;
}

static int
parse_args (const struct profile *p, const char *where, json_t *args, struct scmp_arg_cmp *cmp, unsigned *count,
            struct nsbox_error **err)
{
  size_t i;
  json_t *arg;

  *count = 0;
  if (args == NULL || json_is_null (args))
    return 0;
  if (!json_is_array (args) || json_array_size (args) > 6)
    return nsbox_error_msg (err, "seccomp profile `%s`: %s: args must be an array of at most 6", p->name, where);
  json_array_foreach (args, i, arg)
    {
      const char *op = json_string_value (json_object_get (arg, "op"));
      uint64_t index;
      size_t k;

      if (parse_u64 (p, where, arg, "index", true, &index, err) < 0
          || parse_u64 (p, where, arg, "value", true, &cmp[i].datum_a, err) < 0
          || parse_u64 (p, where, arg, "valueTwo", false, &cmp[i].datum_b, err) < 0)
        return -1;
      if (index > 5)
        return nsbox_error_msg (err, "seccomp profile `%s`: %s: args[%zu]: index %" PRIu64 " out of range 0..5",
                                p->name, where, i, index);
      for (k = 0; k < sizeof operators / sizeof operators[0]; k++)
        if (op && strcmp (op, operators[k].name) == 0)
          break;
      if (k == sizeof operators / sizeof operators[0])
        return nsbox_error_msg (err, "seccomp profile `%s`: %s: args[%zu]: unknown op `%s`", p->name, where, i,
                                op ? op : "(missing)");
      cmp[i].arg = (unsigned) index;
      cmp[i].op = operators[k].op;
    }
  *count = (unsigned) json_array_size (args);
  return 0;
}

/* Names libseccomp does not know on this architecture are skipped, as Docker
 * does: a profile lists syscalls of several architectures. */
static int
add_names (scmp_filter_ctx ctx, struct profile *p, const char *where, json_t *names, uint32_t action,
           const struct scmp_arg_cmp *cmp, unsigned count, struct nsbox_error **err)
{
  size_t i;
  json_t *n;

  json_array_foreach (names, i, n)
    {
      const char *name = json_string_value (n);
      int nr, rc;

      if (name == NULL)
        return nsbox_error_msg (err, "seccomp profile `%s`: %s: names[%zu] is not a string", p->name, where, i);
      nr = seccomp_syscall_resolve_name (name);
      if (nr == __NR_SCMP_ERROR && !is_known_newer (name) && note_unknown (p, name, err) < 0)
        return -1;
      if (nr < 0) /* unknown, or a pseudo-number for another architecture's syscall */
        continue;
      if (nr > p->max_nr)
        p->max_nr = nr;
      /* Same action as the default: the listing only records that the profile
       * knows the syscall (it moves the ENOSYS boundary); libseccomp refuses
       * such rules with EACCES. */
      if (action == p->default_action)
        continue;
      rc = seccomp_rule_add_array (ctx, action, nr, count, cmp);
      if (rc < 0)
        return nsbox_error_errno (err, -rc, "seccomp profile `%s`: %s: add rule for `%s`", p->name, where, name);
    }
  return 0;
}

static int
add_rule (scmp_filter_ctx ctx, struct profile *p, size_t index, json_t *rule, struct nsbox_error **err)
{
  char where[48];
  struct scmp_arg_cmp cmp[6] = { 0 };
  unsigned count;
  uint32_t action;
  bool applies;
  json_t *names = json_object_get (rule, "names");
  _cleanup_json_ json_t *single = NULL;

  snprintf (where, sizeof where, "syscalls[%zu]", index);
  if (!json_is_object (rule))
    return nsbox_error_msg (err, "seccomp profile `%s`: %s: not an object", p->name, where);
  if (names == NULL && json_is_string (json_object_get (rule, "name")))
    names = single = json_pack ("[O]", json_object_get (rule, "name"));
  if (!json_is_array (names))
    return nsbox_error_msg (err, "seccomp profile `%s`: %s: `names` must be an array of strings", p->name, where);
  if (parse_action (p, where, json_object_get (rule, "action"), json_object_get (rule, "errnoRet"), &action, err) < 0
      || parse_args (p, where, json_object_get (rule, "args"), cmp, &count, err) < 0
      || rule_applies (p, where, rule, &applies, err) < 0)
    return -1;
  if (!applies)
    return 0;
  return add_names (ctx, p, where, names, action, cmp, count, err);
}

/* Read libseccomp's program back: 2.5 can only write it to a file descriptor. */
static int
export_program (scmp_filter_ctx ctx, const char *name, struct sock_filter **filter, size_t *length,
                struct nsbox_error **err)
{
  _cleanup_close_ int fd = memfd_create ("nsbox-seccomp", MFD_CLOEXEC);
  _cleanup_free_ struct sock_filter *buf = NULL;
  off_t size;
  int rc;

  if (fd < 0)
    return nsbox_error_errno (err, errno, "memfd_create");
  rc = seccomp_export_bpf (ctx, fd);
  if (rc < 0)
    return nsbox_error_errno (err, -rc, "seccomp profile `%s`: export BPF", name);
  size = lseek (fd, 0, SEEK_END);
  if (size <= 0 || size % sizeof (struct sock_filter) != 0
      || (size_t) size / sizeof (struct sock_filter) > NSBOX_SECCOMP_MAX_INSNS)
    return nsbox_error_msg (err, "seccomp profile `%s`: libseccomp produced a program of %jd bytes", name,
                            (intmax_t) size);
  buf = malloc (size);
  if (buf == NULL)
    return nsbox_error_oom (err);
  if (pread (fd, buf, size, 0) != size)
    return nsbox_error_errno (err, errno ? errno : EIO, "seccomp profile `%s`: read back BPF", name);
  *filter = steal_pointer (&buf);
  *length = size / sizeof (struct sock_filter);
  return 0;
}

/* The ENOSYS prologue described at the top of this file.  It reloads what it
 * looks at and only jumps forward within itself or to libseccomp's first
 * instruction, so libseccomp's relative jumps stay valid. */
static int
prepend_enosys (const struct profile *p, struct sock_filter **filter, size_t *length, struct nsbox_error **err)
{
#ifdef __x86_64__
  /* x32 numbers are above any native one: leave them to libseccomp's kill. */
  const uint32_t first_foreign = 0x40000000;
#else
  const uint32_t first_foreign = 0xffffffff;
#endif
  const struct sock_filter prologue[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, arch)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, NSBOX_SECCOMP_NATIVE_ARCH, 0, 4),
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JGT | BPF_K, (uint32_t) p->max_nr, 0, 2),
    BPF_JUMP (BPF_JMP | BPF_JGE | BPF_K, first_foreign, 1, 0),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
  };
  const size_t n = sizeof prologue / sizeof prologue[0];
  struct sock_filter *joined;

  if (*length + n > NSBOX_SECCOMP_MAX_INSNS)
    return nsbox_error_msg (err, "seccomp profile `%s`: program too long", p->name);
  joined = malloc ((*length + n) * sizeof *joined);
  if (joined == NULL)
    return nsbox_error_oom (err);
  memcpy (joined, prologue, sizeof prologue);
  memcpy (joined + n, *filter, *length * sizeof *joined);
  free (*filter);
  *filter = joined;
  *length += n;
  return 0;
}

static int
parse_profile (const char *name, const void *json, size_t len, json_t **root, struct nsbox_error **err)
{
  json_error_t jerr;

  *root = json_loadb (json, len, JSON_REJECT_DUPLICATES, &jerr);
  if (*root == NULL)
    return nsbox_error_msg (err, "seccomp profile `%s`: line %d: %s", name, jerr.line, jerr.text);
  if (!json_is_object (*root))
    return nsbox_error_msg (err, "seccomp profile `%s`: not a JSON object", name);
  return 0;
}

static int
new_filter (struct profile *p, json_t *root, scmp_filter_ctx *out, struct nsbox_error **err)
{
  scmp_filter_ctx ctx;
  int rc;

  if (parse_action (p, "defaultAction", json_object_get (root, "defaultAction"),
                    json_object_get (root, "defaultErrnoRet"), &p->default_action, err) < 0)
    return -1;
  if (seccomp_arch_native () != NSBOX_SECCOMP_NATIVE_ARCH)
    return nsbox_error_msg (err, "libseccomp's native architecture differs from the one nsbox was built for");
  ctx = seccomp_init (p->default_action);
  if (ctx == NULL)
    return nsbox_error_msg (err, "seccomp profile `%s`: libseccomp rejected the default action", p->name);
  *out = ctx;
  /* We set no_new_privs ourselves; the binary tree keeps a ~350-syscall
   * allowlist at ~9 comparisons per syscall instead of a linear scan. */
  if ((rc = seccomp_attr_set (ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0
      || (rc = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0
      || (rc = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) < 0)
    return nsbox_error_errno (err, -rc, "seccomp profile `%s`: set filter attributes", p->name);
  return 0;
}

int
nsbox_seccomp_compile (const char *name, const void *json, size_t len, struct nsbox_seccomp_program *prog,
                       struct nsbox_error **err)
{
  _cleanup_json_ json_t *root = NULL;
  _cleanup_scmp_ scmp_filter_ctx ctx = NULL;
  _cleanup_free_ struct sock_filter *filter = NULL;
  __attribute__ ((cleanup (profile_release))) struct profile p = { .name = name, .max_nr = -1 };
  json_t *syscalls, *rule;
  size_t i, length = 0;

  if (parse_profile (name, json, len, &root, err) < 0 || check_architectures (&p, root, err) < 0
      || new_filter (&p, root, &ctx, err) < 0)
    return -1;
  syscalls = json_object_get (root, "syscalls");
  if (syscalls != NULL && !json_is_array (syscalls))
    return nsbox_error_msg (err, "seccomp profile `%s`: `syscalls` must be an array", name);
  json_array_foreach (syscalls, i, rule)
    if (add_rule (ctx, &p, i, rule, err) < 0)
      return -1;
  if (export_program (ctx, name, &filter, &length, err) < 0)
    return -1;
  if ((p.default_action & SECCOMP_RET_ACTION_FULL) == SCMP_ACT_ERRNO (0) && p.max_nr >= 0
      && prepend_enosys (&p, &filter, &length, err) < 0)
    return -1;
  /* prog is only written on success: nothing here needs load.c's release. */
  *prog = (struct nsbox_seccomp_program){ .filter = steal_pointer (&filter), .length = length, .from_cache = false,
                                          .unknown = steal_pointer (&p.unknown) };
  return 0;
}
