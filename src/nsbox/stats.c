#define _GNU_SOURCE
#include "base/cleanup.h"
#include "cli.h"
#include "lang/nsconf.h"
#include "lang/stats.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
usage (FILE *out)
{
  fputs ("Usage: nsbox stats [--log FILE | --audit[=FILE]] [--since DURATION] [--format text|json|prometheus]\n"
         "                   [--conf FILE]\n"
         "\n"
         "Summarise the results log of language runs: totals, success, failure, timeout,\n"
         "OOM, blocked and compile-error counts and rates, wall-time percentiles (p50,\n"
         "p90, p99), by language.  With --audit, the setuid helper's audit log by caller\n"
         "(refused requests count as blocked).  DURATION is N[s|m|h|d] back from now.\n"
         "\nSee nsbox-stats(1).\n",
         out);
}

static char *
format (const struct nsbox_stats *s, const char *fmt)
{
  if (strcmp (fmt, "json") == 0)
    return nsbox_stats_format_json (s);
  if (strcmp (fmt, "prometheus") == 0)
    return nsbox_stats_format_prometheus (s);
  return nsbox_stats_format_text (s);
}

int
nsbox_cmd_stats (const struct nsbox_global_options *global, int argc, char **argv)
{
  static const struct option options[] = {
    { "log", required_argument, NULL, 'l' },       { "since", required_argument, NULL, 's' },
    { "audit", optional_argument, NULL, 'a' },
    { "format", required_argument, NULL, 'f' },    { "conf", required_argument, NULL, 'c' },
    { "config", required_argument, NULL, 'c' },
    { "help", no_argument, NULL, 'h' },            { NULL, 0, NULL, 0 },
  };
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *text = NULL;
  const char *log = NULL, *conf_log = NULL, *fmt = "text", *config_path = NULL, *audit = NULL;
  bool audit_given = false;
  struct nsbox_stats stats;
  struct nsbox_conf conf;
  double since = 0;
  int opt;

  (void) global;
  opterr = 0;
  optind = 0;
  while ((opt = getopt_long (argc, argv, "+h", options, NULL)) != -1)
    switch (opt)
      {
      case 'l':
        log = optarg;
        break;
      case 'a':
        audit_given = true;
        audit = optarg;
        break;
      case 's':
        {
          double back;
          if (nsbox_parse_duration (optarg, &back, &err) < 0)
            {
              _cleanup_free_ char *msg = nsbox_error_format (err);
              nsbox_cli_error ("--since: %s", msg ? msg : "");
              return 125;
            }
          since = (double) time (NULL) - back;
          break;
        }
      case 'f':
        fmt = optarg;
        if (strcmp (fmt, "text") && strcmp (fmt, "json") && strcmp (fmt, "prometheus"))
          {
            nsbox_cli_error ("--format `%s` is not text, json or prometheus", fmt);
            return 125;
          }
        break;
      case 'c':
        config_path = optarg;
        break;
      case 'h':
        usage (stdout);
        return 0;
      default:
        nsbox_cli_error ("unknown or incomplete option `%s` (see nsbox stats --help)", argv[optind - 1]);
        return 125;
      }
  if (optind < argc)
    {
      nsbox_cli_error ("unexpected argument `%s` (see nsbox stats --help)", argv[optind]);
      return 125;
    }
  if (nsbox_cli_load_conf (config_path, &conf, &err) < 0)
    goto fail;
  if (audit_given && log)
    {
      nsbox_cli_error ("--log and --audit: one log at a time");
      nsbox_conf_release (&conf);
      return 125;
    }
  if (audit_given)
    log = audit ? audit : conf.helper.audit_log ? conf.helper.audit_log : NSBOX_DEFAULT_AUDIT_LOG;
  if (log == NULL)
    log = conf_log = nsbox_conf_results_log (&conf, geteuid () == 0);
  if (log == NULL)
    {
      nsbox_cli_error ("no results log: give --log FILE or set results_log in %s (root's runs are logged in %s "
                       "unless it is false)",
                       conf.path ? conf.path : nsbox_conf_default_path (), NSBOX_DEFAULT_RESULTS_LOG);
      nsbox_conf_release (&conf);
      return 125;
    }
  if (nsbox_stats_load (log, since, &stats, &err) < 0)
    {
      /* The log nsbox.conf names appears with the first run: until then no runs.
       * A --log FILE that is not there is a mistake worth hearing about. */
      if (log != conf_log || err->errno_value != ENOENT)
        goto fail;
      nsbox_stats_release (&stats);
      memset (&stats, 0, sizeof stats);
      stats.since = since;
      nsbox_stats_finish (&stats);
    }
  text = format (&stats, fmt);
  nsbox_stats_release (&stats);
  nsbox_conf_release (&conf);
  if (text == NULL)
    {
      nsbox_cli_error ("out of memory");
      return 125;
    }
  fputs (text, stdout);
  return 0;

fail:
  {
    _cleanup_free_ char *msg = nsbox_error_format (err);
    nsbox_cli_error ("%s", msg ? msg : "unknown error");
  }
  nsbox_conf_release (&conf);
  return 125;
}
