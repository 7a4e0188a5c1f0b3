/* ps.c - `nsbox ps`: nsbox_list(), printed. */
#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "nsbox.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void
format_age (double created, char *buf, size_t size)
{
  struct timespec now;
  long s;

  clock_gettime (CLOCK_REALTIME, &now);
  s = (long) ((double) now.tv_sec - created);
  if (s < 0)
    s = 0;
  if (s < 120)
    snprintf (buf, size, "%lds", s);
  else if (s < 7200)
    snprintf (buf, size, "%ldm", s / 60);
  else
    snprintf (buf, size, "%ldh", s / 3600);
}

static void
format_limits (const struct nsbox_sandbox_info *st, char *buf, size_t size)
{
  char mem[NSBOX_SIZE_STRING_MAX], cpus[32], pids[32];

  if (st->memory_bytes == NSBOX_UNLIMITED)
    snprintf (mem, sizeof mem, "-");
  else
    nsbox_format_size (st->memory_bytes, mem);
  if (st->cpu_millis == NSBOX_UNLIMITED)
    snprintf (cpus, sizeof cpus, "-");
  else
    snprintf (cpus, sizeof cpus, "%g", (double) st->cpu_millis / 1000.0);
  if (st->pids == NSBOX_UNLIMITED)
    snprintf (pids, sizeof pids, "-");
  else
    snprintf (pids, sizeof pids, "%" PRIu64, st->pids);
  snprintf (buf, size, "mem=%s cpus=%s pids=%s", mem, cpus, pids);
}

static void
format_command (char **argv, char *buf, size_t size)
{
  size_t used = 0;

  buf[0] = '\0';
  for (char **a = argv; a && *a && used + 1 < size; a++)
    used += (size_t) snprintf (buf + used, size - used, "%s%s", a == argv ? "" : " ", *a);
  /* One line per sandbox, whatever the command holds. */
  for (char *p = buf; *p; p++)
    if (*p == '\n' || *p == '\t')
      *p = ' ';
}

static void
print_one (const struct nsbox_sandbox_info *sb)
{
  static const char *const status[] = {
    [NSBOX_SANDBOX_STARTING] = "starting",
    [NSBOX_SANDBOX_RUNNING] = "running",
    [NSBOX_SANDBOX_ORPHANED] = "orphaned",
  };
  char age[32], limits[128], command[256], host_uid[24] = "-";

  if (sb->status == NSBOX_SANDBOX_STARTING)
    {
      printf ("%-14s %-8s %-8s %-5s %-11s %-10s %-28s %-26s %s\n", sb->id, "-", status[sb->status], "-", "-", "-", "-",
              "-", "-");
      return;
    }
  if (sb->host_uid >= 0)
    snprintf (host_uid, sizeof host_uid, "%" PRId64, sb->host_uid);
  format_age (sb->created, age, sizeof age);
  format_limits (sb, limits, sizeof limits);
  format_command (sb->command, command, sizeof command);
  printf ("%-14s %-8d %-8s %-5s %-11s %-10s %-28s %-26s %s\n", sb->id, (int) sb->pid, status[sb->status], age,
          sb->userns ? sb->userns : "-", host_uid, sb->root ? sb->root : "-", limits, command);
}

int
nsbox_cmd_ps (const struct nsbox_global_options *global, int argc, char **argv)
{
  static const struct option options[] = {
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  const char *state_root = global->state_root ? global->state_root : NSBOX_DEFAULT_STATE_ROOT;
  _cleanup_error_ struct nsbox_error *err = NULL;
  struct nsbox_sandbox_info *list = NULL;
  bool quiet = false;
  size_t n = 0;
  int opt;

  opterr = 0;
  while ((opt = getopt_long (argc, argv, "+qh", options, NULL)) != -1)
    switch (opt)
      {
      case 'q':
        quiet = true;
        break;
      case 'h':
        puts ("Usage: nsbox ps [-q]\n\n  -q, --quiet   print the ids only\n\nSee nsbox-ps(1).");
        return 0;
      default:
        nsbox_cli_error ("ps: unknown option `%s` (see nsbox ps --help)", argv[optind - 1]);
        return 125;
      }
  if (optind < argc)
    {
      nsbox_cli_error ("ps: unexpected argument `%s`", argv[optind]);
      return 125;
    }
  if (nsbox_list (state_root, &list, &n, &err) < 0)
    {
      _cleanup_free_ char *msg = nsbox_error_format (err);
      nsbox_cli_error ("ps: %s", msg ? msg : "error");
      return 125;
    }
  if (!quiet)
    printf ("%-14s %-8s %-8s %-5s %-11s %-10s %-28s %-26s %s\n", "ID", "PID", "STATUS", "AGE", "USERNS", "HOST-UID",
            "ROOT", "LIMITS", "COMMAND");
  for (size_t i = 0; i < n; i++)
    {
      if (global->caller_only && list[i].owner_uid != (int64_t) global->caller_uid)
        continue;
      if (quiet)
        puts (list[i].id);
      else
        print_one (&list[i]);
    }
  nsbox_list_free (list, n);
  return 0;
}
