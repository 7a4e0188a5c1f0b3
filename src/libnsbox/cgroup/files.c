/* cgroup-files.c - reading and writing cgroup interface files, and the
 * cgroup.procs walk that signals a cgroup's processes. */
#define _GNU_SOURCE
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"

/* The kernel refuses quotas below 1 ms per period. */
#define MIN_QUOTA_US 1000

int
nsbox_cgroup_cpu_quota_us (uint64_t millis, uint64_t *quota, struct nsbox_error **err)
{
  *quota = millis * (NSBOX_CG_CPU_PERIOD_US / 1000);
  if (*quota < MIN_QUOTA_US)
    return nsbox_error_errno (err, EINVAL, "cpu limit of %" PRIu64 " millicpus is below the kernel's minimum of %d",
                              millis, MIN_QUOTA_US / (NSBOX_CG_CPU_PERIOD_US / 1000));
  return 0;
}

int
nsbox_cgroup_write_at (int dirfd, const char *dir, const char *file, const char *value, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dirfd, file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  size_t len = strlen (value);

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open `%s/%s`", dir, file);
  if (write (fd, value, len) != (ssize_t) len)
    return nsbox_error_errno (err, errno, "write `%s` to `%s/%s`", value, dir, file);
  return 0;
}

ssize_t
nsbox_cgroup_read_at (int dirfd, const char *file, char *buf, size_t size)
{
  _cleanup_close_ int fd = openat (dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  size_t got = 0;

  if (fd < 0)
    return -errno;
  while (got + 1 < size)
    {
      ssize_t r = read (fd, buf + got, size - 1 - got);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return -errno;
      if (r == 0)
        break;
      got += (size_t) r;
    }
  buf[got] = '\0';
  return (ssize_t) got;
}

int64_t
nsbox_cgroup_parse_number (const char *s)
{
  char *end;
  unsigned long long v;

  errno = 0;
  v = strtoull (s, &end, 10);
  if (errno != 0 || end == s || (*end != '\0' && *end != '\n' && *end != ' ') || v > INT64_MAX)
    return -1;
  return (int64_t) v;
}

int64_t
nsbox_cgroup_read_number_at (int dirfd, const char *file)
{
  char buf[64];

  if (nsbox_cgroup_read_at (dirfd, file, buf, sizeof buf) <= 0)
    return -1;
  return nsbox_cgroup_parse_number (buf);
}

int64_t
nsbox_cgroup_read_key_at (int dirfd, const char *file, const char *key)
{
  char buf[4096];
  size_t keylen = strlen (key);

  if (nsbox_cgroup_read_at (dirfd, file, buf, sizeof buf) <= 0)
    return -1;
  for (char *line = buf; line && *line; line = strchr (line, '\n') ? strchr (line, '\n') + 1 : NULL)
    if (strncmp (line, key, keylen) == 0 && line[keylen] == ' ')
      return nsbox_cgroup_parse_number (line + keylen + 1);
  return -1;
}

bool
nsbox_cgroup_has_file (int dirfd, const char *file)
{
  return faccessat (dirfd, file, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Counts the pids in cgroup.procs and sends sig (0: none) to each; returns the count or -errno. */
static int
for_each_proc (int dirfd, int sig)
{
  _cleanup_close_ int fd = openat (dirfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
  _cleanup_fclose_ FILE *f = NULL;
  int count = 0;
  long pid;

  if (fd < 0)
    return -errno;
  f = fdopen (fd, "r");
  if (f == NULL)
    return -errno;
  steal_fd (&fd);
  while (fscanf (f, "%ld", &pid) == 1)
    {
      count++;
      /* The pid was listed in our cgroup a moment ago; with the cgroup frozen
       * (or killed through cgroup.kill) it cannot have exited and been reused. */
      if (sig != 0 && pid > 0)
        kill ((pid_t) pid, sig);
    }
  return count;
}

int
nsbox_cgroup_signal_procs (int dirfd, int sig)
{
  return for_each_proc (dirfd, sig);
}

int
nsbox_cgroup_count_procs (int dirfd)
{
  return for_each_proc (dirfd, 0);
}

void
nsbox_cgroup_sleep_ms (long ms)
{
  struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

  while (nanosleep (&ts, &ts) < 0 && errno == EINTR)
    ;
}
