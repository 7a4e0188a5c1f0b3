/* quota.c - the setuid helper's per-user quotas (quota.h). */
#define _GNU_SOURCE
#include "quota.h"
#include "base/cleanup.h"
#include "base/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOG_MAX (16 << 20)

/* ---- which rule ---------------------------------------------------------- */

/* The id a passwd or group file gives `name` (field 3); a number is itself.
 * Read from the files: the helper is static, without NSS. */
static bool
lookup_id (const char *file, const char *name, unsigned long *id)
{
  _cleanup_free_ char *text = NULL;
  size_t length, n = strlen (name);
  char *end;

  *id = strtoul (name, &end, 10);
  if (*name && *end == '\0')
    return true;
  if (nsbox_read_file (file, 1 << 22, &text, &length, NULL) < 0)
    return false;
  for (char *line = text; line && *line; line = strchr (line, '\n') ? strchr (line, '\n') + 1 : NULL)
    {
      char *colon;

      if (strncmp (line, name, n) != 0 || line[n] != ':' || (colon = strchr (line + n + 1, ':')) == NULL)
        continue;
      *id = strtoul (colon + 1, &end, 10);
      return end != colon + 1 && *end == ':';
    }
  return false;
}

static bool
rule_matches (const struct nsbox_quota_rule *r, const struct nsbox_suid_caller *caller)
{
  unsigned long id;

  if (r->user)
    return lookup_id ("/etc/passwd", r->user, &id) && id == caller->uid;
  if (r->group)
    return lookup_id ("/etc/group", r->group, &id) && nsbox_suid_caller_in_group (caller, (gid_t) id);
  return true;
}

static void
pick_rule (struct nsbox_suid_quota *q, const struct nsbox_conf *conf, const struct nsbox_suid_caller *caller)
{
  const struct nsbox_helper_conf *h = &conf->helper;

  for (size_t i = 0; i < h->n_quotas; i++)
    if (rule_matches (&h->quotas[i], caller))
      {
        q->limits = h->quotas[i];
        q->limits.user = q->limits.group = NULL;
        q->rule = h->quotas[i].user ? "user" : h->quotas[i].group ? "group" : "default";
        return;
      }
  q->limits = (struct nsbox_quota_rule){ .concurrent = NSBOX_QUOTA_CONCURRENT,
                                         .per_minute = NSBOX_QUOTA_PER_MINUTE,
                                         .cpu_seconds_per_hour = NSBOX_QUOTA_CPU_SECONDS_PER_HOUR };
  q->rule = "built-in";
}

/* ---- state --------------------------------------------------------------- */

static int
open_dir (const char *state_root, uid_t uid, struct nsbox_error **err)
{
  _cleanup_free_ char *base = NULL, *dir = NULL;
  int fd;

  if (asprintf (&base, "%s/.quota", state_root) < 0 || asprintf (&dir, "%s/%u", base, (unsigned) uid) < 0)
    return nsbox_error_oom (err);
  if ((mkdir (state_root, 0711) < 0 && errno != EEXIST) || (mkdir (base, 0700) < 0 && errno != EEXIST)
      || (mkdir (dir, 0700) < 0 && errno != EEXIST))
    return nsbox_error_errno (err, errno, "make the quota state `%s`", dir);
  if ((fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
    return nsbox_error_errno (err, errno, "open the quota state `%s`", dir);
  return fd;
}

static int
open_locked (int dir, const char *name, int how, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dir, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open the quota file `%s`", name);
  while (flock (fd, how) < 0)
    if (errno != EINTR)
      return errno == EWOULDBLOCK ? -2 : nsbox_error_errno (err, errno, "lock the quota file `%s`", name);
  return steal_fd (&fd);
}

static int
take_slot (struct nsbox_suid_quota *q, struct nsbox_error **err)
{
  for (uint64_t i = 0; i < q->limits.concurrent; i++)
    {
      char name[32];
      int fd;

      snprintf (name, sizeof name, "slot-%" PRIu64, i);
      if ((fd = open_locked (q->dir_fd, name, LOCK_EX | LOCK_NB, err)) == -2)
        continue;
      if (fd < 0)
        return -1;
      q->slot_fd = fd;
      return 0;
    }
  q->exceeded = "concurrent";
  return nsbox_error_msg (err, "quota exceeded: %" PRIu64 " sandboxes at once (%s rule of nsbox.conf)",
                          q->limits.concurrent, q->rule);
}

/* A log of "TIME VALUE" lines: the sum and count of the values of the last
 * `window` seconds, and the text of just those lines. */
static int
read_log (int dir, const char *name, double now, double window, double *sum, size_t *count, char **kept,
          struct nsbox_error **err)
{
  _cleanup_free_ char *text = NULL;
  _cleanup_close_ int fd = openat (dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  size_t length = 0, cap;
  FILE *out = open_memstream (kept, &cap);

  *sum = 0;
  *count = 0;
  if (out == NULL)
    return nsbox_error_oom (err);
  if (fd >= 0 && nsbox_read_fd (fd, name, LOG_MAX, &text, &length, err) < 0)
    {
      fclose (out);
      return -1;
    }
  for (char *line = text; line && *line; line = strchr (line, '\n') ? strchr (line, '\n') + 1 : NULL)
    {
      double t, v;

      if (sscanf (line, "%lf %lf", &t, &v) != 2 || t < now - window || t > now + 1)
        continue;
      *sum += v;
      (*count)++;
      fprintf (out, "%.3f %.3f\n", t, v);
    }
  return fclose (out) == 0 ? 0 : nsbox_error_oom (err);
}

/* The whole log replaced: a reader sees the old one or the new one. */
static int
write_log (int dir, const char *name, const char *kept, double now, double value, struct nsbox_error **err)
{
  char tmp[64], line[64];
  _cleanup_close_ int fd = -1;
  int ret;

  snprintf (tmp, sizeof tmp, "%s.tmp", name);
  snprintf (line, sizeof line, "%.3f %.3f\n", now, value);
  if ((fd = openat (dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0)
    return nsbox_error_errno (err, errno, "write the quota log `%s`", name);
  if ((ret = nsbox_write_all (fd, kept, strlen (kept))) < 0 || (ret = nsbox_write_all (fd, line, strlen (line))) < 0)
    return nsbox_error_errno (err, -ret, "write the quota log `%s`", name);
  if (renameat (dir, tmp, dir, name) < 0)
    return nsbox_error_errno (err, errno, "write the quota log `%s`", name);
  return 0;
}

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Under the user's lock: the rate and the CPU budget, then this start. */
static int
take_start (struct nsbox_suid_quota *q, struct nsbox_error **err)
{
  _cleanup_close_ int lock = open_locked (q->dir_fd, "lock", LOCK_EX, err);
  _cleanup_free_ char *starts = NULL, *cpu = NULL;
  const double now = now_s ();
  double started, used;
  size_t n, m;

  if (lock < 0 || read_log (q->dir_fd, "starts", now, 60, &started, &n, &starts, err) < 0
      || read_log (q->dir_fd, "cpu", now, 3600, &used, &m, &cpu, err) < 0)
    return -1;
  if (q->limits.per_minute && n >= q->limits.per_minute)
    {
      q->exceeded = "per_minute";
      return nsbox_error_msg (err, "quota exceeded: %" PRIu64 " sandboxes a minute (%s rule of nsbox.conf)",
                              q->limits.per_minute, q->rule);
    }
  if (q->limits.cpu_seconds_per_hour && used >= (double) q->limits.cpu_seconds_per_hour)
    {
      q->exceeded = "cpu_seconds_per_hour";
      return nsbox_error_msg (err,
                              "quota exceeded: %.1f of %" PRIu64 " CPU seconds used in the last hour (%s rule of "
                              "nsbox.conf)",
                              used, q->limits.cpu_seconds_per_hour, q->rule);
    }
  return write_log (q->dir_fd, "starts", starts, now, 1, err);
}

int
nsbox_suid_quota_take (struct nsbox_suid_quota *q, const char *state_root, const struct nsbox_conf *conf,
                       const struct nsbox_suid_caller *caller, struct nsbox_error **err)
{
  q->dir_fd = q->slot_fd = -1;
  q->exceeded = NULL;
  pick_rule (q, conf, caller);
  if ((q->dir_fd = open_dir (state_root, caller->uid, err)) < 0)
    return -1;
  if (q->limits.concurrent && take_slot (q, err) < 0)
    return q->exceeded ? 1 : -1;
  if (take_start (q, err) < 0)
    return q->exceeded ? 1 : -1;
  return 0;
}

int
nsbox_suid_quota_charge (struct nsbox_suid_quota *q, double cpu_seconds, struct nsbox_error **err)
{
  _cleanup_close_ int lock = -1;
  _cleanup_free_ char *cpu = NULL;
  const double now = now_s ();
  double used;
  size_t n;

  if (q->dir_fd < 0)
    return 0;
  if ((lock = open_locked (q->dir_fd, "lock", LOCK_EX, err)) < 0
      || read_log (q->dir_fd, "cpu", now, 3600, &used, &n, &cpu, err) < 0)
    return -1;
  return write_log (q->dir_fd, "cpu", cpu, now, cpu_seconds, err);
}

void
nsbox_suid_quota_release (struct nsbox_suid_quota *q)
{
  if (q->slot_fd >= 0)
    close (q->slot_fd);
  if (q->dir_fd >= 0)
    close (q->dir_fd);
  q->slot_fd = q->dir_fd = -1;
}
