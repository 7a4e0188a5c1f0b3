/* netns.h - the sandbox's network namespace, made beside the rest of the set-up.
 *
 * A new network namespace is the most expensive namespace to create (about
 * 0.45 ms of kernel work on our machines).  Nothing else nsbox prepares
 * depends on it, so a thread makes it and brings `lo` up in it while nsbox
 * reads the seccomp program, clones the child and makes the cgroups, and the
 * child enters the finished namespace with setns(2) before it mounts /sys.
 *
 * The thread makes system calls only: no allocation and no lock of libc, so
 * nsbox may clone(2) its child while the thread still runs.  The child is a
 * copy of the calling thread alone: no lock the thread could hold is one it
 * waits for, and libc's set*id wrappers, which would wait for every thread
 * libc knows of to follow, are not used there (caps.c makes the raw calls). */
#ifndef NSBOX_NETNS_H
#define NSBOX_NETNS_H

#include <pthread.h>
#include <stdbool.h>

#include "base/error.h"

struct nsbox_netns_build
{
  pthread_t thread;
  bool running;
  int fd;              /* the namespace once finished; -1 before or on failure */
  int failed_errno;    /* the thread's failure ... */
  const char *failed;  /* ... and what it was doing */
};

/* Start making the namespace. */
int nsbox_netns_build_start (struct nsbox_netns_build *b, struct nsbox_error **err);

/* Wait for the thread; returns the namespace fd (close-on-exec, still owned
 * by b) or -1 with the thread's error. */
int nsbox_netns_build_finish (struct nsbox_netns_build *b, struct nsbox_error **err);

/* Wait if still running and close the fd: for every exit path. */
void nsbox_netns_build_abandon (struct nsbox_netns_build *b);

/* Bring `lo` up in the caller's own network namespace: a rootless sandbox's
 * first process, which was cloned into it (nobody outside may build one). */
int nsbox_netns_loopback_up (struct nsbox_error **err);

#endif
