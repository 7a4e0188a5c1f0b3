/* netns.c - see netns.h. */
#define _GNU_SOURCE
#include "isolate/netns.h"
#include "base/stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* A few frames of system calls. */
#define BUILD_STACK_SIZE (64 * 1024)

static void
failed (struct nsbox_netns_build *b, const char *what)
{
  b->failed_errno = errno;
  b->failed = what;
}

/* `lo` is the only interface of a new namespace, and down.  Returns 0 or
 * -errno with *what set. */
static int
set_loopback_up (const char **what)
{
  struct ifreq ifr = { .ifr_name = "lo" };
  int sock = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int ret = 0;

  if (sock < 0)
    {
      *what = "loopback up: socket";
      return -errno;
    }
  if (ioctl (sock, SIOCGIFFLAGS, &ifr) < 0)
    {
      *what = "loopback up: read the flags of lo";
      ret = -errno;
    }
  else
    {
      ifr.ifr_flags |= IFF_UP;
      if (ioctl (sock, SIOCSIFFLAGS, &ifr) < 0)
        {
          *what = "loopback up";
          ret = -errno;
        }
    }
  close (sock);
  return ret;
}

static int
loopback_up (struct nsbox_netns_build *b)
{
  int ret = set_loopback_up (&b->failed);

  if (ret < 0)
    b->failed_errno = -ret;
  return ret;
}

int
nsbox_netns_loopback_up (struct nsbox_error **err)
{
  const char *what = NULL;
  int ret = set_loopback_up (&what);

  return ret < 0 ? nsbox_error_errno (err, -ret, "%s", what) : 0;
}

/* unshare(2) moves only this thread: nsbox itself never changes namespace,
 * and the thread leaves the new one behind in b->fd when it ends. */
static void *
build (void *arg)
{
  struct nsbox_netns_build *b = arg;

  NSBOX_STAMP ("n: thread");
  if (unshare (CLONE_NEWNET) < 0)
    {
      failed (b, "new network namespace");
      return NULL;
    }
  NSBOX_STAMP ("n: unshared");
  if (loopback_up (b) < 0)
    return NULL;
  b->fd = open ("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (b->fd < 0)
    failed (b, "open the new network namespace");
  NSBOX_STAMP ("n: done");
  return NULL;
}

int
nsbox_netns_build_start (struct nsbox_netns_build *b, struct nsbox_error **err)
{
  pthread_attr_t attr;
  sigset_t all, saved;
  int ret;

  *b = (struct nsbox_netns_build){ .fd = -1 };
  if ((ret = pthread_attr_init (&attr)) != 0)
    return nsbox_error_errno (err, ret, "thread attributes");
  pthread_attr_setstacksize (&attr, BUILD_STACK_SIZE);
  /* Signals stay with nsbox's main thread and its signalfd. */
  sigfillset (&all);
  pthread_sigmask (SIG_SETMASK, &all, &saved);
  ret = pthread_create (&b->thread, &attr, build, b);
  /* glibc carves a thread's static TLS out of its stack: in a program that
   * embeds the library with more TLS than the small stack holds, the
   * default size. */
  if (ret == EINVAL)
    ret = pthread_create (&b->thread, NULL, build, b);
  pthread_sigmask (SIG_SETMASK, &saved, NULL);
  pthread_attr_destroy (&attr);
  if (ret != 0)
    return nsbox_error_errno (err, ret, "start the network namespace thread");
  b->running = true;
  return 0;
}

static void
join (struct nsbox_netns_build *b)
{
  if (b->running)
    pthread_join (b->thread, NULL);
  b->running = false;
}

int
nsbox_netns_build_finish (struct nsbox_netns_build *b, struct nsbox_error **err)
{
  join (b);
  if (b->fd < 0)
    return nsbox_error_errno (err, b->failed_errno, "%s", b->failed ? b->failed : "network namespace");
  return b->fd;
}

void
nsbox_netns_build_abandon (struct nsbox_netns_build *b)
{
  join (b);
  if (b->fd >= 0)
    close (b->fd);
  b->fd = -1;
}
