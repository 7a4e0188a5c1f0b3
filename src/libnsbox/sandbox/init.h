/* init.h - the tiny PID 1 of a sandbox.
 *
 * It forks the workload, reaps every zombie, forwards SIGTERM, SIGINT, SIGHUP,
 * SIGQUIT, SIGUSR1 and SIGUSR2 to it, turns SIGRTMIN from nsbox into SIGTERM
 * for every process of the sandbox, and when the workload ends reports its
 * wait status to nsbox and exits (the kernel then kills what is left). */
#ifndef NSBOX_INIT_H
#define NSBOX_INIT_H

#include "sandbox/child.h"

/* The signal nsbox sends the init to terminate the whole sandbox. */
#define NSBOX_INIT_TERMINATE_ALL (SIGRTMIN)

__attribute__ ((noreturn)) void nsbox_init_run (struct nsbox_child *child);

/* Give the process that becomes the init a command line of its own
 * ("nsbox-init"): it is a clone of nsbox, and /proc/1/cmdline, which every
 * process of the sandbox may read, would otherwise be the caller's whole
 * nsbox command line.  Needs CAP_SYS_RESOURCE: before privileges drop. */
int nsbox_init_rename (struct nsbox_error **err);

#endif
