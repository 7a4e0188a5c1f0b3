/* init.h - the tiny PID 1 of a sandbox.
 *
 * It forks the workload, reaps every zombie, forwards SIGTERM, SIGINT, SIGHUP,
 * SIGQUIT, SIGUSR1 and SIGUSR2 to it, turns SIGRTMIN from nsbox into SIGTERM
 * for every process of the sandbox, and when the workload ends reports its
 * wait status to nsbox and exits (the kernel then kills what is left). */
#ifndef NSBOX_INIT_H
#define NSBOX_INIT_H

#include "base/error.h"

#include <signal.h>

/* The signal nsbox sends the init to terminate the whole sandbox. */
#define NSBOX_INIT_TERMINATE_ALL (SIGRTMIN)

/* What the init needs from the child that becomes it (child.c): the two
 * sockets to nsbox and the workload to start.  It knows nothing else of the
 * sandbox's setup. */
struct nsbox_init
{
  int sync_fd;   /* failures before the fork; closed once the workload runs */
  int status_fd; /* the workload's wait status */
  /* The workload's side of the fork: never returns (exec or _exit). */
  __attribute__ ((noreturn)) void (*exec_workload) (void *data);
  void *data;
};

__attribute__ ((noreturn)) void nsbox_init_run (const struct nsbox_init *init);

/* Where nsbox's command line lies in memory, looked up in the parent (its
 * /proc is at hand there) for the clone that becomes the init. */
void nsbox_init_locate_args (char **start, char **end);

/* Give the process that becomes the init a command line of its own
 * ("nsbox-init"; start NULL: look the area up now): it is a clone of nsbox,
 * and /proc/1/cmdline, which every process of the sandbox may read, would
 * otherwise be the caller's whole nsbox command line. */
int nsbox_init_rename (char *start, char *end, struct nsbox_error **err);

#endif
