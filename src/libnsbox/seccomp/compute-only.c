/* compute-only.c - the filter of a process that only computes on memory it
 * already has: exit and exit_group, nothing else.
 *
 * A filter rather than seccomp's strict mode: strict mode cannot be entered
 * by a process already under a filter (nsbox run in a container with the
 * engine's profile), while filters stack.  It needs no_new_privs, which the
 * caller sets. */
#define _GNU_SOURCE
#include "seccomp/seccomp.h"
#include "seccomp/internal.h"

#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

int
nsbox_seccomp_install_compute_only (void)
{
  static struct sock_filter insns[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, arch)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, NSBOX_SECCOMP_NATIVE_ARCH, 1, 0),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, __NR_exit, 2, 0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, __NR_exit_group, 1, 0),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = { .len = sizeof insns / sizeof insns[0], .filter = insns };

  return prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}
