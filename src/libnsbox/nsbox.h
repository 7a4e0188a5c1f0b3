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

/* A new error saying `message` (errno_value 0: none), for a caller's own
 * failures reported the library's way (nsbox_error_print_report); NULL when
 * memory ran out. */
NSBOX_PUBLIC struct nsbox_error *nsbox_error_new (int errno_value, const char *message);

/* ------------------------------------------------------------------- sizes */

/* Room for any nsbox_format_size() text: 20 digits and the NUL. */
#define NSBOX_SIZE_STRING_MAX 24

/* "1g", "512m", "64k" or plain bytes ("1000", "0"): exact, in the largest
 * unit that divides, so the size keys read it back.  Returns buf.  "No
 * limit" (NSBOX_UNLIMITED) is the caller's to spell. */
NSBOX_PUBLIC const char *nsbox_format_size (uint64_t bytes, char buf[NSBOX_SIZE_STRING_MAX]);

/* ------------------------------------------------------- the one entry point */

/* The version of the JSON description of a sandbox this library reads: a
 * description is a JSON object with "nsbox": 1 and any of the keys below
 * (nsbox_spec_keys(); nsbox-exec(1), "THE CONFIG FILE"), e.g.
 *
 *   {"nsbox": 1, "rootfs": "/srv/roots/busybox", "argv": ["sh", "-c", "echo hi"],
 *    "json": true, "timeout": 2, "memory": "64m"}
 *
 * Every key is an `nsbox exec` flag (its long name with `-` as `_`), or
 * "argv" (the command), "image", "args" (a language run's arguments),
 * "root" and "store" (nsbox's --root and --store), "seccomp_profile_dir" and
 * "seccomp_cache_dir".  A switch is true or false, a repeatable flag an array
 * of strings, a value a string in the flag's syntax ("64m", "1.5") or a
 * number.  Unknown keys and wrong types are errors naming the key. */
#define NSBOX_CONFIG_VERSION 1

/* Run the sandbox a JSON description says, as `nsbox exec --config` would,
 * and hand back its JSON report (nsbox-exec(1), "THE REPORT") in *report,
 * malloc'ed (NULL only when memory ran out; report may be NULL).  Returns
 * the exit status nsbox exec would end with: the workload's, 124 on timeout,
 * 125 when nsbox failed (the report then says why, with the stage; a
 * description that cannot be read or run is stage "config"), ...  Without
 * "json": true the workload's output goes to this process's stdout and
 * stderr, and the report's are empty. */
NSBOX_PUBLIC int nsbox_run_json (const char *config, char **report);

/* ------------------------------------------------------ a sandbox, key by key */

enum nsbox_spec_type
{
  NSBOX_SPEC_BOOL,   /* a switch: a flag without a value; JSON true or false */
  NSBOX_SPEC_STRING, /* a JSON string */
  NSBOX_SPEC_VALUE,  /* a JSON string in the flag's syntax, or a JSON number */
  NSBOX_SPEC_LIST,   /* a repeatable flag: a JSON array of strings, one per use */
};

struct nsbox_spec_key
{
  const char *name; /* the JSON key, e.g. "tmpfs_size" */
  const char *flag; /* its `nsbox exec` long flag, "tmpfs-size"; NULL for a key without one */
  int short_flag;   /* 'e' for -e, or 0 */
  enum nsbox_spec_type type;
};

/* Every key, ending with name == NULL. */
NSBOX_PUBLIC const struct nsbox_spec_key *nsbox_spec_keys (void);

/* What one sandbox should be: a new spec has every default of nsbox exec. */
struct nsbox_spec;

NSBOX_PUBLIC int nsbox_spec_new (struct nsbox_spec **spec, struct nsbox_error **err);
NSBOX_PUBLIC void nsbox_spec_free (struct nsbox_spec *spec);

/* Set one key from text in its flag's syntax, as `nsbox exec --FLAG VALUE`
 * does: a value replaces the key's, a list key gets one more entry, a switch
 * takes "true" (or NULL) and "false". */
NSBOX_PUBLIC int nsbox_spec_set (struct nsbox_spec *spec, const char *key, const char *value,
                                 struct nsbox_error **err);

/* Empty a list key: "argv", "args" or "env". */
NSBOX_PUBLIC int nsbox_spec_clear (struct nsbox_spec *spec, const char *key, struct nsbox_error **err);

/* 1 when the key holds a value (a switch: when it is on), 0 when not, -1 for
 * a key that does not exist. */
NSBOX_PUBLIC int nsbox_spec_is_set (const struct nsbox_spec *spec, const char *key);

/* Apply a JSON description (see NSBOX_CONFIG_VERSION) through the same
 * setters as nsbox_spec_set(): a value replaces the spec's, a list adds to
 * it.  `origin` names the text in errors ("config" when NULL). */
NSBOX_PUBLIC int nsbox_spec_load_json (struct nsbox_spec *spec, const char *text, const char *origin,
                                       struct nsbox_error **err);

/* The same from a file, or from stdin for "-" (at most 1 MiB). */
NSBOX_PUBLIC int nsbox_spec_load_file (struct nsbox_spec *spec, const char *path, struct nsbox_error **err);

/* ------------------------------------------------------------------ running */

/* How one run went. */
struct nsbox_run;

/* Run the sandbox the spec describes, to its end (or its timeout), remove
 * everything it made, write the report file ("report") and the results log
 * of a language run.  Returns 0 with *run whenever something ran, or was
 * refused by a language run's checks, even when nsbox failed on the way
 * (nsbox_run_error()); <0 with *err when nothing could start (the keys do not
 * fit together, the image is missing, a limit is above an nsbox.conf
 * ceiling ...).  The spec is not changed and may run again.
 *
 * While it runs, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE and SIGWINCH are
 * blocked in the calling thread and handled through a signalfd: the first
 * four tear the sandbox down (exit status 128+N). */
NSBOX_PUBLIC int nsbox_spec_run (const struct nsbox_spec *spec, struct nsbox_run **run, struct nsbox_error **err);

/* The exit status nsbox exec ends with: the workload's code, 128+N for a
 * signal, 124 timeout, 125 nsbox failed (or the report file or results log
 * could not be written), 126/127 the command could not be executed / was
 * not found, 122 a language run blocked by its checks, 123 its compile step
 * failed. */
NSBOX_PUBLIC int nsbox_run_exit_status (const struct nsbox_run *run);

/* The report's status: "exited", "signaled", "timeout", "oom",
 * "cpu-time-limit", "error", "compile-error", "blocked", "interrupted" or
 * "syntax-error". */
NSBOX_PUBLIC const char *nsbox_run_status (const struct nsbox_run *run);

/* The JSON report, one line ending in a newline (NULL when memory ran out);
 * it belongs to the run. */
NSBOX_PUBLIC const char *nsbox_run_report (struct nsbox_run *run);

/* The same report written to fd as it is made: the captured output, which it
 * holds escaped, is never in memory twice.  0, or -1 with errno. */
NSBOX_PUBLIC int nsbox_run_print_report (const struct nsbox_run *run, int fd);

/* The report of a run that could not start (status "error", err's message
 * and stage) written to fd: what `nsbox exec --json` prints for an error
 * before any sandbox.  0, or -1 with errno. */
NSBOX_PUBLIC int nsbox_error_print_report (const struct nsbox_error *err, int fd);

/* Block, in the calling thread, the signals a run treats as a request to
 * stop (SIGINT, SIGTERM, SIGHUP, SIGQUIT: the sandbox is torn down and the
 * run ends "interrupted", exit status 128+N).  A program that does so first
 * thing (nsbox does, in its first constructor) cannot be killed by one in the
 * moment before nsbox_spec_run() handles them, with half a sandbox made.
 * 0, or -1 with errno. */
NSBOX_PUBLIC int nsbox_block_stop_signals (void);

/* The captured bytes of the workload's stdout (fd 1) or stderr (fd 2) with
 * "json" (a failed compile step's output is in stderr); NULL when nothing was
 * captured. */
NSBOX_PUBLIC const char *nsbox_run_output (const struct nsbox_run *run, int fd, size_t *length);

/* Why nsbox could not run the sandbox, with its stage (also in the report);
 * NULL when it ran. */
NSBOX_PUBLIC const struct nsbox_error *nsbox_run_error (const struct nsbox_run *run);

/* Why the report file or the results log could not be written; NULL when
 * they were (or none was asked for). */
NSBOX_PUBLIC const struct nsbox_error *nsbox_run_record_error (const struct nsbox_run *run);

/* What nsbox changed on the way, e.g. an rlimit lowered to what the kernel
 * allows (NULL-terminated; NULL when none). */
NSBOX_PUBLIC char *const *nsbox_run_warnings (const struct nsbox_run *run);

/* What a person should be told when the output was not captured: the
 * violations of a language run its checks blocked, a failed compile step
 * (NULL-terminated lines; NULL when none). */
NSBOX_PUBLIC char *const *nsbox_run_notes (const struct nsbox_run *run);

NSBOX_PUBLIC void nsbox_run_free (struct nsbox_run *run);

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
  char *userns;     /* "per-sandbox", "host" or "rootless"; NULL while starting */
  int64_t host_uid; /* the workload's uid as the host sees it; -1 while starting */
  int64_t owner_uid; /* who asked for it: the setuid helper's caller, else nsbox's uid; -1 unknown */
};

/* Where a user who is not root, who runs nsbox rootless, keeps sandbox state
 * and images: $XDG_RUNTIME_DIR/nsbox, else /tmp/nsbox-UID/nsbox (that
 * directory made 0700 when missing; either parent must be the user's and
 * closed to others), and $XDG_DATA_HOME/nsbox, else ~/.local/share/nsbox.
 * For front ends: the library itself takes its directories from the config,
 * never from the environment.  *dir is malloc'ed. */
NSBOX_PUBLIC int nsbox_user_runtime_dir (char **dir, struct nsbox_error **err);
NSBOX_PUBLIC int nsbox_user_data_dir (char **dir, struct nsbox_error **err);

/* The sandboxes of state_root (NULL = NSBOX_DEFAULT_STATE_ROOT), in the order
 * of their ids: *list has *n entries, freed with nsbox_list_free().  (nsbox ps) */
NSBOX_PUBLIC int nsbox_list (const char *state_root, struct nsbox_sandbox_info **list, size_t *n,
                             struct nsbox_error **err);
NSBOX_PUBLIC void nsbox_list_free (struct nsbox_sandbox_info *list, size_t n);

enum nsbox_gc_kind
{
  NSBOX_GC_SANDBOX,  /* a sandbox (name: its id): processes, cgroups and state file */
  NSBOX_GC_ARTIFACT, /* a language run's artifact tmpfs below <state_root>/.artifacts (name: the entry) */
  NSBOX_GC_USERNS,   /* a block of host ids (name: "BLOCK (of ID)") whose sandbox is gone */
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

/* nsbox_gc() of the sandboxes one user asked for (owner_uid; -1 = every
 * user's): what a user's `nsbox gc` runs through the setuid helper.  State
 * files that cannot be read and language artifacts are left to an nsbox_gc()
 * of root's. */
NSBOX_PUBLIC int nsbox_gc_owned (const char *state_root, int64_t owner_uid, nsbox_gc_report_fn report, void *data,
                                 struct nsbox_error **err);

/* ------------------------------------------------------------ this host */

/* Each cgroup version mounted here and the controllers nsbox uses from it,
 * e.g. "v1 (memory cpu cpuacct pids freezer), v2 (no controllers)"; "none"
 * without any cgroup mount.  *text is malloc'ed. */
NSBOX_PUBLIC int nsbox_host_cgroups (char **text, struct nsbox_error **err);

/* The version of the libseccomp nsbox runs with, "2.5.4". */
NSBOX_PUBLIC const char *nsbox_libseccomp_version (void);

#ifdef __cplusplus
}
#endif

#endif
