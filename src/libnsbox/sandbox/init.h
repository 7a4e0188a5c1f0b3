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

/* Where nsbox's command line lies in memory, looked up in the parent (its
 * /proc is at hand there) for the clone that becomes the init. */
void nsbox_init_locate_args (struct nsbox_child *child);

/* Give the process that becomes the init a command line of its own
 * ("nsbox-init"): it is a clone of nsbox, and /proc/1/cmdline, which every
 * process of the sandbox may read, would otherwise be the caller's whole
 * nsbox command line. */
int nsbox_init_rename (const struct nsbox_child *child, struct nsbox_error **err);

#endif
