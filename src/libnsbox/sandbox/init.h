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

#endif
