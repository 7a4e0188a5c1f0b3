#define _GNU_SOURCE
/* nsbox-runtime - an OCI runtime with runc's command line (see nsbox-runtime(1)). */
#include "cli.h"
#include "base/cleanup.h"
#include "base/error.h"
#include "oci/selfexe.h"
#include "seccomp/seccomp.h"

#include <build-config.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct command commands[] = {
  { "create", cmd_create, "create a container (its process waits for start)" },
  { "start", cmd_start, "start a created container" },
  { "state", cmd_state, "print a container's state" },
  { "kill", cmd_kill, "send a signal to a container's process" },
  { "delete", cmd_delete, "delete a container and what it holds" },
  { "run", cmd_run, "create and start a container, and wait for it" },
  { "exec", cmd_exec, "run a process in a running container" },
  { "ps", cmd_ps, "list a container's processes" },
  { "list", cmd_list, "list the containers" },
  { "pause", cmd_pause, "freeze a container's processes" },
  { "resume", cmd_resume, "thaw them" },
  { "update", cmd_update, "change a container's resource limits" },
  { "events", cmd_events, "print a container's resource usage" },
  { "features", cmd_features, "print what this runtime supports" },
  { "spec", cmd_spec, "write a config.json to start from" },
};

static void
write_log (const struct cli *cli, const char *level, const char *message)
{
  _cleanup_close_ int fd = -1;
  char when[64];
  time_t now = time (NULL);
  struct tm tm;

  if (cli->log_path == NULL)
    return;
  fd = open (cli->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  gmtime_r (&now, &tm);
  strftime (when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!cli->log_json)
    {
      dprintf (fd, "time=\"%s\" level=%s msg=\"%s\"\n", when, level, message);
      return;
    }
  dprintf (fd, "{\"level\":\"%s\",\"msg\":\"", level);
  for (const char *p = message; *p; p++)
    if (*p == '"' || *p == '\\')
      dprintf (fd, "\\%c", *p);
    else if ((unsigned char) *p < 0x20)
      dprintf (fd, "\\u%04x", *p);
    else
      dprintf (fd, "%c", *p);
  dprintf (fd, "\",\"time\":\"%s\"}\n", when);
}

int
cli_fail (const struct cli *cli, struct nsbox_error *err)
{
  _cleanup_free_ char *text = nsbox_error_format (err);

  fprintf (stderr, "nsbox-runtime: %s\n", text ? text : "out of memory");
  write_log (cli, "error", text ? text : "out of memory");
  nsbox_error_free (err);
  return 1;
}

void
cli_warn (void *data, const char *message)
{
  const struct cli *cli = data;

  fprintf (stderr, "nsbox-runtime: warning: %s\n", message);
  write_log (cli, "warning", message);
}

int
cli_usage (const struct cli *cli, const char *fmt, ...)
{
  _cleanup_free_ char *text = NULL;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&text, fmt, ap) < 0)
    text = NULL;
  va_end (ap);
  fprintf (stderr, "nsbox-runtime: %s (see nsbox-runtime --help)\n", text ? text : fmt);
  write_log (cli, "error", text ? text : fmt);
  return 1;
}

static void
usage (FILE *f)
{
  fprintf (f, "usage: nsbox-runtime [GLOBAL OPTIONS] COMMAND [OPTIONS] ID\n\n"
              "an OCI runtime with runc's command line, for podman, containerd and CRI-O\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf (f, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (f, "\nglobal options:\n"
              "  --root DIR            state directory (default %s)\n"
              "  --log FILE            also write errors there\n"
              "  --log-format FORMAT   text or json\n"
              "  --systemd-cgroup      cgroupsPath is slice:prefix:name\n"
              "  --cgroup-manager M    cgroupfs, systemd or disabled\n"
              "  --debug, --rootless B, --version, --help\n",
           NSBOX_OCI_DEFAULT_ROOT);
}

enum
{
  OPT_ROOT = 256,
  OPT_LOG,
  OPT_LOG_FORMAT,
  OPT_DEBUG,
  OPT_SYSTEMD,
  OPT_MANAGER,
  OPT_ROOTLESS,
  OPT_CRIU,
  OPT_VERSION,
  OPT_HELP,
};

static int
parse_global (struct cli *cli, int argc, char **argv)
{
  static const struct option options[]
      = { { "root", required_argument, NULL, OPT_ROOT },          { "log", required_argument, NULL, OPT_LOG },
          { "log-format", required_argument, NULL, OPT_LOG_FORMAT }, { "debug", no_argument, NULL, OPT_DEBUG },
          { "systemd-cgroup", no_argument, NULL, OPT_SYSTEMD },      { "cgroup-manager", required_argument, NULL, OPT_MANAGER },
          { "rootless", required_argument, NULL, OPT_ROOTLESS },     { "criu", required_argument, NULL, OPT_CRIU },
          { "version", no_argument, NULL, OPT_VERSION },             { "help", no_argument, NULL, OPT_HELP },
          { NULL, 0, NULL, 0 } };
  int opt;

  /* "+": stop at the command; its own options follow it. */
  while ((opt = getopt_long (argc, argv, "+hv", options, NULL)) != -1)
    switch (opt)
      {
      case OPT_ROOT:
        cli->rt.root = optarg;
        break;
      case OPT_LOG:
        cli->log_path = optarg;
        break;
      case OPT_LOG_FORMAT:
        if (strcmp (optarg, "json") != 0 && strcmp (optarg, "text") != 0)
          return cli_usage (cli, "--log-format: text or json, not `%s`", optarg);
        cli->log_json = strcmp (optarg, "json") == 0;
        break;
      case OPT_DEBUG:
        cli->debug = true;
        break;
      case OPT_SYSTEMD:
        cli->rt.systemd_cgroup = true;
        break;
      case OPT_MANAGER:
        if (strcmp (optarg, "cgroupfs") && strcmp (optarg, "systemd") && strcmp (optarg, "disabled"))
          return cli_usage (cli, "--cgroup-manager: cgroupfs, systemd or disabled, not `%s`", optarg);
        cli->rt.systemd_cgroup = strcmp (optarg, "systemd") == 0;
        break;
      case OPT_ROOTLESS:
        /* The engine's guess; nsbox-runtime tells by its own uid below. */
        break;
      case OPT_CRIU:
        break;
      case 'v':
      case OPT_VERSION:
        printf ("nsbox-runtime version %s\nspec: %s\n", PACKAGE_VERSION, NSBOX_OCI_VERSION_MAX);
        exit (0);
      case 'h':
      case OPT_HELP:
        usage (stdout);
        exit (0);
      default:
        return cli_usage (cli, "unknown global option");
      }
  return 0;
}

int
main (int argc, char **argv)
{
  struct cli cli = { 0 };
  const char *name;

  /* Compiled seccomp filters are kept by the bytes of the profile: an
   * engine's profile is compiled once, not at every create. */
  cli.rt.warn = cli_warn;
  cli.rt.warn_data = &cli;
  cli.rt.seccomp_cache_dir = secure_getenv ("NSBOX_SECCOMP_CACHE_DIR");
  if (cli.rt.seccomp_cache_dir == NULL || *cli.rt.seccomp_cache_dir == '\0')
    cli.rt.seccomp_cache_dir = NSBOX_SECCOMP_CACHE_DIR;
  if (parse_global (&cli, argc, argv) != 0)
    return 1;
  if (optind >= argc)
    {
      usage (stderr);
      return 1;
    }
  name = argv[optind];
  if (getuid () != 0 && strcmp (name, "spec") != 0 && strcmp (name, "features") != 0)
    return cli_usage (&cli, "nsbox-runtime needs root: rootless containers are not supported yet");
  /* The commands whose processes run nsbox-runtime's image inside a container. */
  if (strcmp (name, "create") == 0 || strcmp (name, "run") == 0 || strcmp (name, "exec") == 0)
    {
      struct nsbox_error *err = NULL;
      if (nsbox_oci_run_sealed (argv, &err) < 0)
        return cli_fail (&cli, err);
    }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (strcmp (commands[i].name, name) == 0)
      {
        int at = optind;
        /* 0 makes glibc's getopt start afresh, on the command's own options. */
        optind = 0;
        return commands[i].run (&cli, argc - at, argv + at);
      }
  return cli_usage (&cli, "unknown command `%s`", name);
}
