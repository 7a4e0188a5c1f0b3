/* internal.h - what load.c and compile.c both know about the native architecture. */
#ifndef NSBOX_SECCOMP_INTERNAL_H
#define NSBOX_SECCOMP_INTERNAL_H

#include <linux/audit.h>
#include <linux/filter.h>

/* The audit architecture of the build, known without asking libseccomp, so
 * the cache can be keyed and checked on the hot path. */
#if defined(__x86_64__) && !defined(__ILP32__)
#define NSBOX_SECCOMP_NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NSBOX_SECCOMP_NATIVE_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define NSBOX_SECCOMP_NATIVE_ARCH AUDIT_ARCH_RISCV64
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NSBOX_SECCOMP_NATIVE_ARCH AUDIT_ARCH_PPC64LE
#elif defined(__s390x__)
#define NSBOX_SECCOMP_NATIVE_ARCH AUDIT_ARCH_S390X
#else
#error "nsbox's seccomp support knows x86_64, aarch64, riscv64, ppc64le and s390x"
#endif

/* The kernel's limit on a classic BPF program. */
#define NSBOX_SECCOMP_MAX_INSNS BPF_MAXINSNS

#endif
