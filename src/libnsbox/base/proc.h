/* proc.h - what /proc says of a process. */
#ifndef NSBOX_PROC_H
#define NSBOX_PROC_H

#include <sys/types.h>

/* Start time of a process from /proc/<pid>/stat (clock ticks since boot), 0
 * if it is gone: with the pid, it names one process against pid reuse. */
unsigned long long nsbox_proc_start_time (pid_t pid);

#endif
