/* ps.c - `nsbox ps`: the sandboxes of this state root, from their state files. */
#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "nsbox.h"
#include "sandbox/state.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Alive means the same process: pid and start time both match. */
bool
nsbox_cli_nsbox_alive (const struct nsbox_state *st)
{
  return st->nsbox_pid > 0 && st->nsbox_start != 0 && nsbox_proc_start_time (st->nsbox_pid) == st->nsbox_start;
}

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
format_limits (const struct nsbox_state *st, char *buf, size_t size)
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
print_one (const char *state_root, const char *id)
{
  struct nsbox_state st = { 0 };
  _cleanup_error_ struct nsbox_error *err = NULL;
  char age[32], limits[128], command[256];

  if (nsbox_state_read (state_root, id, &st, &err) < 0)
    {
      /* Starting (state not written yet) or left by a killed nsbox. */
      printf ("%-14s %-8s %-8s %-5s %-28s %-26s %s\n", id, "-", "starting", "-", "-", "-", "-");
      return;
    }
  format_age (st.created, age, sizeof age);
  format_limits (&st, limits, sizeof limits);
  format_command (st.command, command, sizeof command);
  /* The state says whose it is from the start: a dead nsbox shows at once. */
  if (st.pid <= 0)
    printf ("%-14s %-8s %-8s %-5s %-28s %-26s %s\n", id, "-", nsbox_cli_nsbox_alive (&st) ? "starting" : "orphaned",
            age, "-", "-", "-");
  else
    printf ("%-14s %-8d %-8s %-5s %-28s %-26s %s\n", id, (int) st.pid,
            nsbox_cli_nsbox_alive (&st) ? "running" : "orphaned", age, st.root ? st.root : "-", limits, command);
  nsbox_state_release (&st);
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
  _cleanup_strv_ char **ids = NULL;
  _cleanup_error_ struct nsbox_error *err = NULL;
  bool quiet = false;
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
  if (nsbox_state_list (state_root, &ids, &err) < 0)
    {
      _cleanup_free_ char *msg = nsbox_error_format (err);
      nsbox_cli_error ("ps: %s", msg ? msg : "error");
      return 125;
    }
  if (!quiet)
    printf ("%-14s %-8s %-8s %-5s %-28s %-26s %s\n", "ID", "PID", "STATUS", "AGE", "ROOT", "LIMITS", "COMMAND");
  for (char **id = ids; *id; id++)
    {
      if (quiet)
        puts (*id);
      else
        print_one (state_root, *id);
    }
  return 0;
}
