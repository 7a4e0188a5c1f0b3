/* rlimits.c - resolve, clamp and apply the sandbox's rlimits. */
#define _GNU_SOURCE
#include "isolate/rlimits.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/cleanup.h"

static const struct
{
  const char *name;
  int resource;
  bool bytes; /* accepts k/m/g */
} kinds[NSBOX_RLIMIT_COUNT] = {
  [NSBOX_RLIMIT_NOFILE] = { "nofile", RLIMIT_NOFILE, false },
  [NSBOX_RLIMIT_FSIZE] = { "fsize", RLIMIT_FSIZE, true },
  [NSBOX_RLIMIT_STACK] = { "stack", RLIMIT_STACK, true },
  [NSBOX_RLIMIT_CORE] = { "core", RLIMIT_CORE, true },
  [NSBOX_RLIMIT_CPU] = { "cpu", RLIMIT_CPU, false },
  [NSBOX_RLIMIT_NPROC] = { "nproc", RLIMIT_NPROC, false },
  [NSBOX_RLIMIT_DATA] = { "data", RLIMIT_DATA, true },
};

const char *
nsbox_rlimit_name (enum nsbox_rlimit_kind kind)
{
  return (unsigned) kind < NSBOX_RLIMIT_COUNT ? kinds[kind].name : "?";
}

int
nsbox_rlimit_resource (enum nsbox_rlimit_kind kind)
{
  return (unsigned) kind < NSBOX_RLIMIT_COUNT ? kinds[kind].resource : -1;
}

static int
parse_value (const char *text, size_t len, bool bytes, uint64_t *value)
{
  char buf[32];
  char *end;
  unsigned long long v;
  unsigned shift = 0;

  if (len == 0 || len >= sizeof buf)
    return -1;
  memcpy (buf, text, len);
  buf[len] = '\0';
  if (strcmp (buf, "unlimited") == 0 || strcmp (buf, "infinity") == 0)
    {
      *value = NSBOX_UNLIMITED;
      return 0;
    }
  if (buf[0] < '0' || buf[0] > '9')
    return -1;
  errno = 0;
  v = strtoull (buf, &end, 10);
  if (errno != 0)
    return -1;
  if (bytes && end[0] != '\0' && end[1] == '\0')
    switch (end[0])
      {
      case 'k': case 'K': shift = 10; end++; break;
      case 'm': case 'M': shift = 20; end++; break;
      case 'g': case 'G': shift = 30; end++; break;
      default: break;
      }
  if (*end != '\0' || (shift && v > (UINT64_MAX >> shift)) || (v << shift) == NSBOX_UNLIMITED)
    return -1;
  *value = (uint64_t) v << shift;
  return 0;
}

int
nsbox_rlimit_parse (const char *text, enum nsbox_rlimit_kind *kind, struct nsbox_rlimit *limit,
                    struct nsbox_error **err)
{
  const char *eq = strchr (text, '=');
  const char *colon;
  size_t namelen;
  int k;

  if (eq == NULL)
    return nsbox_error_errno (err, EINVAL, "rlimit `%s`: expected NAME=SOFT[:HARD]", text);
  namelen = (size_t) (eq - text);
  for (k = 0; k < NSBOX_RLIMIT_COUNT; k++)
    if (k != NSBOX_RLIMIT_CPU && strlen (kinds[k].name) == namelen && strncmp (text, kinds[k].name, namelen) == 0)
      break;
  if (k == NSBOX_RLIMIT_COUNT)
    return nsbox_error_errno (err, EINVAL, "rlimit `%s`: unknown name (nofile, fsize, stack, core, nproc, data)", text);
  colon = strchr (eq + 1, ':');
  if (parse_value (eq + 1, colon ? (size_t) (colon - eq - 1) : strlen (eq + 1), kinds[k].bytes, &limit->soft) < 0)
    return nsbox_error_errno (err, EINVAL, "rlimit `%s`: invalid soft limit", text);
  limit->hard = limit->soft;
  if (colon && parse_value (colon + 1, strlen (colon + 1), kinds[k].bytes, &limit->hard) < 0)
    return nsbox_error_errno (err, EINVAL, "rlimit `%s`: invalid hard limit", text);
  if (limit->soft > limit->hard)
    return nsbox_error_errno (err, EINVAL, "rlimit `%s`: soft limit above the hard limit", text);
  limit->set = true;
  *kind = (enum nsbox_rlimit_kind) k;
  return 0;
}

/* Raising a hard limit needs CAP_SYS_RESOURCE in the initial user namespace:
 * effective in our capability set, and our user namespace the initial one. */
static bool
may_raise_hard_limits (void)
{
  struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct data[2] = { 0 };
  _cleanup_fclose_ FILE *f = NULL;
  unsigned long inner, outer, count;

  if (syscall (SYS_capget, &hdr, data) < 0 || !(data[0].effective & (1u << CAP_SYS_RESOURCE)))
    return false;
  f = fopen ("/proc/self/uid_map", "re");
  return f != NULL && fscanf (f, "%lu %lu %lu", &inner, &outer, &count) == 3 && inner == 0 && outer == 0
         && count == 4294967295UL;
}

static rlim_t
to_rlim (uint64_t v)
{
  return v == NSBOX_UNLIMITED ? RLIM_INFINITY : (rlim_t) v;
}

static const char *
format_limit (rlim_t v, char *buf, size_t size)
{
  if (v == RLIM_INFINITY)
    return "unlimited";
  snprintf (buf, size, "%" PRIu64, (uint64_t) v);
  return buf;
}

static int warn (char ***warnings, size_t *n, struct nsbox_error **err, const char *fmt, ...)
    __attribute__ ((format (printf, 4, 5)));

static int
warn (char ***warnings, size_t *n, struct nsbox_error **err, const char *fmt, ...)
{
  va_list ap;
  char *msg;
  char **v;

  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    msg = NULL;
  va_end (ap);
  if (msg == NULL)
    return nsbox_error_oom (err);
  v = realloc (*warnings, (*n + 2) * sizeof *v);
  if (v == NULL)
    {
      free (msg);
      return nsbox_error_oom (err);
    }
  v[(*n)++] = msg;
  v[*n] = NULL;
  *warnings = v;
  return 0;
}

/* fs.nr_open caps RLIMIT_NOFILE for everyone, root included. */
static rlim_t
nofile_ceiling (void)
{
  _cleanup_fclose_ FILE *f = fopen ("/proc/sys/fs/nr_open", "re");
  unsigned long long v;

  if (f == NULL || fscanf (f, "%llu", &v) != 1)
    return RLIM_INFINITY;
  return (rlim_t) v;
}

int
nsbox_rlimits_prepare (const struct nsbox_rlimit limits[NSBOX_RLIMIT_COUNT], struct nsbox_rlimits_plan *plan,
                       char ***warnings, struct nsbox_error **err)
{
  _cleanup_strv_ char **msgs = NULL;
  size_t n = 0;
  bool may_raise = may_raise_hard_limits ();

  memset (plan, 0, sizeof *plan);
  for (int k = 0; k < NSBOX_RLIMIT_COUNT; k++)
    {
      struct rlimit cur, want;
      rlim_t ceiling;
      char a[32], b[32];

      if (!limits[k].set)
        continue;
      if (getrlimit (kinds[k].resource, &cur) < 0)
        return nsbox_error_errno (err, errno, "getrlimit %s", kinds[k].name);
      want.rlim_cur = to_rlim (limits[k].soft);
      want.rlim_max = to_rlim (limits[k].hard);
      ceiling = may_raise ? RLIM_INFINITY : cur.rlim_max;
      if (k == NSBOX_RLIMIT_NOFILE && (ceiling == RLIM_INFINITY || nofile_ceiling () < ceiling))
        ceiling = nofile_ceiling ();
      if (ceiling != RLIM_INFINITY && (want.rlim_max == RLIM_INFINITY || want.rlim_max > ceiling))
        {
          if (warn (&msgs, &n, err,
                    "rlimit %s: hard limit %s lowered to %s, the most this process may set"
                    " (raising a hard limit needs CAP_SYS_RESOURCE%s)",
                    kinds[k].name, format_limit (want.rlim_max, a, sizeof a), format_limit (ceiling, b, sizeof b),
                    k == NSBOX_RLIMIT_NOFILE ? "; nofile is also capped by fs.nr_open" : "")
              < 0)
            return -1;
          want.rlim_max = ceiling;
        }
      if (want.rlim_max != RLIM_INFINITY && (want.rlim_cur == RLIM_INFINITY || want.rlim_cur > want.rlim_max))
        {
          if (warn (&msgs, &n, err, "rlimit %s: soft limit %s lowered to the hard limit %s", kinds[k].name,
                    format_limit (want.rlim_cur, a, sizeof a), format_limit (want.rlim_max, b, sizeof b))
              < 0)
            return -1;
          want.rlim_cur = want.rlim_max;
        }
      plan->set[k] = true;
      plan->value[k] = want;
    }
  *warnings = steal_pointer (&msgs);
  return 0;
}

int
nsbox_rlimits_apply (const struct nsbox_rlimits_plan *plan, int *failed)
{
  for (int k = 0; k < NSBOX_RLIMIT_COUNT; k++)
    if (plan->set[k] && setrlimit (kinds[k].resource, &plan->value[k]) < 0)
      {
        *failed = k;
        return -errno;
      }
  return 0;
}
