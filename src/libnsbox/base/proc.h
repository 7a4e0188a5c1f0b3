/* proc.h - what /proc says of a process. */
#ifndef NSBOX_PROC_H
#define NSBOX_PROC_H

#include <sys/types.h>

/* Start time of a process from /proc/<pid>/stat (clock ticks since boot), 0
 * if it is gone: with the pid, it names one process against pid reuse. */
unsigned long long nsbox_proc_start_time (pid_t pid);

/* Calls fn with the real, effective, saved and filesystem uids and gids of
 * every thread /proc shows (threads may hold credentials of their own).
 * -1 with errno when /proc is not of this process's pid namespace, where
 * it could hide some: EXDEV. */
typedef void nsbox_proc_ids_fn (void *data, const uid_t uids[4], const gid_t gids[4]);
int nsbox_proc_each_thread_ids (nsbox_proc_ids_fn *fn, void *data);

#endif
