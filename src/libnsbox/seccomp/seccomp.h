/* seccomp.h - profiles compiled once to BPF, cached, loaded with seccomp(2).
 *
 * (Included as "seccomp/seccomp.h": a seccomp.h directly under
 * -Isrc/libnsbox would shadow libseccomp's <seccomp.h>.)
 *
 * A profile is OCI/Docker seccomp JSON.  It is compiled with libseccomp for
 * the native architecture only (every other audit architecture, x32 and the
 * i386 `int 0x80` entry kill the process), and the program is cached as
 * <cache_dir>/<sha256>.bpf, keyed by the profile's bytes, the libseccomp
 * version and the architecture.  A cache hit reads and validates that file and
 * never calls into libseccomp's compiler.  See nsbox-policy(5). */
#ifndef NSBOX_SECCOMP_FILTER_H
#define NSBOX_SECCOMP_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>

#include "base/error.h"
#include "base/sha256.h"

/* The profile name that disables filtering. */
#define NSBOX_SECCOMP_UNCONFINED "unconfined"

/* What a sandbox gets when its config names no profile or directory. */
#define NSBOX_SECCOMP_DEFAULT_PROFILE "default"
#ifndef NSBOX_DATADIR
#define NSBOX_DATADIR "/usr/share/nsbox"
#endif
#define NSBOX_SECCOMP_PROFILE_DIR NSBOX_DATADIR "/seccomp"
#ifndef NSBOX_SECCOMP_CACHE_DIR
#define NSBOX_SECCOMP_CACHE_DIR "/var/cache/nsbox/seccomp"
#endif

struct nsbox_seccomp_program
{
  struct sock_filter *filter; /* NULL and length 0 when unconfined */
  size_t length;              /* instructions */
  bool from_cache;            /* loaded from a valid cache file, not compiled */
  char **unknown;             /* syscall names the profile lists that neither libseccomp nor nsbox
                               * knows (typos?), NULL-terminated; NULL when none.  Kept in the cache. */
};

/* Resolve a profile (a name in profile_dir such as "default", a path containing
 * a '/', or "unconfined"), load its program from cache_dir or compile it and
 * store it there.  cache_dir may be NULL (no cache); a cache directory that
 * cannot be created or written only costs the compile, it is not an error.
 * A profile that does not allow execve is refused: no workload could start. */
int nsbox_seccomp_prepare (const char *profile, const char *profile_dir, const char *cache_dir,
                           struct nsbox_seccomp_program *prog, struct nsbox_error **err);

/* The same for profile JSON held in memory (an OCI config's linux.seccomp):
 * the cache, else the compiler; name is used in messages. */
int nsbox_seccomp_prepare_json (const char *name, const void *json, size_t len, const char *cache_dir,
                                struct nsbox_seccomp_program *prog, struct nsbox_error **err);

/* Compile profile JSON held in memory (no cache); name is used in messages. */
int nsbox_seccomp_compile (const char *name, const void *json, size_t len, struct nsbox_seccomp_program *prog,
                           struct nsbox_error **err);

/* The cache key of a profile's bytes for this libseccomp and architecture. */
void nsbox_seccomp_cache_key (const void *json, size_t len, char hex[NSBOX_SHA256_HEX_SIZE]);

/* Install the program in the calling thread (the last step before execve;
 * no_new_privs must already be set).  Async-signal-safe: one seccomp(2) call,
 * no allocation.  A program of length 0 installs nothing.  Returns 0 or -errno. */
int nsbox_seccomp_install (const struct nsbox_seccomp_program *prog);

/* Confine the calling thread to exit and exit_group (a forked child that
 * only computes, such as the code checker's): 0, or -1 with errno.  The
 * caller has set no_new_privs. */
int nsbox_seccomp_install_compute_only (void);

/* The action the program takes for syscall nr with every argument 0, worked
 * out as the kernel would (a classic BPF interpreter for what seccomp
 * programs contain): SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM, ...
 * Returns -1 when the program holds an instruction it does not know. */
int nsbox_seccomp_action_for (const struct nsbox_seccomp_program *prog, int nr, uint32_t *action);

/* A NULL-terminated list of names, as in struct nsbox_seccomp_program. */
void nsbox_seccomp_names_free (char **names);

/* The version of the libseccomp nsbox runs with, "2.5.4" (for `nsbox version`). */
const char *nsbox_seccomp_libseccomp_version (void);

void nsbox_seccomp_program_release (struct nsbox_seccomp_program *prog);
#define _cleanup_seccomp_program_ __attribute__ ((cleanup (nsbox_seccomp_program_release)))

#endif
