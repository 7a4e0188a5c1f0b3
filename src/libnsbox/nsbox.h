/* nsbox.h - libnsbox's public interface, installed as <nsbox/nsbox.h>.
 *
 * Build against it with `pkg-config --cflags --libs libnsbox` (nsbox
 * configured with --enable-libnsbox).  This header is the whole interface:
 * libnsbox.so exports exactly the functions declared here (the export list is
 * src/libnsbox/libnsbox.sym), and the nsbox command line itself uses nothing
 * else of the library, beside the language product's own headers.
 *
 * Conventions.  A function that can fail returns a negative value and, when
 * `err` is not NULL, sets *err to a new error that the caller frees with
 * nsbox_error_free(); on success it returns 0 or a count.  Strings and arrays
 * the library hands over are malloc'ed: free() them, or call the matching
 * *_free().  The library never prints and never exits. */
#ifndef NSBOX_NSBOX_H
#define NSBOX_NSBOX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NSBOX_PUBLIC __attribute__ ((visibility ("default")))

/* A limit that is not set (memory, CPUs, processes). */
#define NSBOX_UNLIMITED UINT64_MAX
/* Where running sandboxes keep their state unless told otherwise. */
#define NSBOX_DEFAULT_STATE_ROOT "/run/nsbox"

/* ------------------------------------------------------------------ errors */

/* Why a call failed: a message naming the object, the errno when a system
 * call failed, and the setup stage when the sandbox's own setup failed. */
struct nsbox_error;

/* "message: strerror(errno)", malloc'ed (NULL when memory ran out). */
NSBOX_PUBLIC char *nsbox_error_format (const struct nsbox_error *err);

/* Free an error (NULL is fine). */
NSBOX_PUBLIC void nsbox_error_free (struct nsbox_error *err);

/* ---------------------------------------------- the sandboxes of a state root */

enum nsbox_sandbox_status
{
  NSBOX_SANDBOX_STARTING, /* its state file is not written yet (or its nsbox died before writing it) */
  NSBOX_SANDBOX_RUNNING,  /* the nsbox that started it still runs */
  NSBOX_SANDBOX_ORPHANED, /* that nsbox is gone: nsbox_gc() removes what is left */
};

/* One sandbox of a state root, as its state file describes it. */
struct nsbox_sandbox_info
{
  char *id;
  enum nsbox_sandbox_status status;
  pid_t pid;             /* its first process, as the host sees it; 0 while starting */
  double created;        /* unix time; 0 while starting */
  char *root;            /* the root directory or image; NULL while starting */
  char **command;        /* NULL-terminated; NULL while starting */
  uint64_t memory_bytes; /* the limits; NSBOX_UNLIMITED = none */
  uint64_t cpu_millis;   /* 1000 = one CPU */
  uint64_t pids;
};

/* The sandboxes of state_root (NULL = NSBOX_DEFAULT_STATE_ROOT), in the order
 * of their ids: *list has *n entries, freed with nsbox_list_free().  (nsbox ps) */
NSBOX_PUBLIC int nsbox_list (const char *state_root, struct nsbox_sandbox_info **list, size_t *n,
                             struct nsbox_error **err);
NSBOX_PUBLIC void nsbox_list_free (struct nsbox_sandbox_info *list, size_t n);

enum nsbox_gc_kind
{
  NSBOX_GC_SANDBOX,  /* a sandbox (name: its id): processes, cgroups and state file */
  NSBOX_GC_ARTIFACT, /* a language run's artifact tmpfs below <state_root>/.artifacts (name: the entry) */
};

/* Told about each thing nsbox_gc() removed (failure == NULL) or could not
 * remove (failure says why; it is freed after the call). */
typedef void (*nsbox_gc_report_fn) (void *data, enum nsbox_gc_kind kind, const char *name,
                                    const struct nsbox_error *failure);

/* Remove what sandboxes of state_root (NULL = NSBOX_DEFAULT_STATE_ROOT) left
 * behind when their nsbox died: kill their processes, remove their cgroups,
 * state files and artifact directories.  Sandboxes whose nsbox still runs, and
 * state files younger than a minute that cannot be read yet (a sandbox that is
 * starting), are left alone.  `report` may be NULL.  Returns how many things
 * could not be removed (0 = all clean), or <0 with *err when the state root
 * cannot be read.  (nsbox gc) */
NSBOX_PUBLIC int nsbox_gc (const char *state_root, nsbox_gc_report_fn report, void *data, struct nsbox_error **err);

#ifdef __cplusplus
}
#endif

#endif
