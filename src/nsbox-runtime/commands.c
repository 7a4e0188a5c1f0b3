#define _GNU_SOURCE
/* commands.c - one function per runc command: flags in, one library call, output. */
#include "cli.h"
#include "base/cleanup.h"
#include "base/error.h"
#include "base/json.h"
#include "base/strv.h"
#include "oci/config.h"
#include "oci/spec.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The one ID after the options (and nothing else unless more is allowed). */
static const char *
container_id (const struct cli *cli, int argc, char **argv, bool more_allowed)
{
  if (optind >= argc)
    {
      cli_usage (cli, "%s: a container id is needed", argv[0]);
      return NULL;
    }
  if (!more_allowed && optind + 1 < argc)
    {
      cli_usage (cli, "%s: one container id only, not `%s`", argv[0], argv[optind + 1]);
      return NULL;
    }
  return argv[optind];
}

static int
parse_int (const struct cli *cli, const char *flag, const char *text, long min, long max, long *out)
{
  char *end;

  errno = 0;
  *out = strtol (text, &end, 10);
  if (errno || end == text || *end || *out < min || *out > max)
    return cli_usage (cli, "%s: `%s` is not a number from %ld to %ld", flag, text, min, max);
  return 0;
}

/* The options create and run share. */
static int
create_option (const struct cli *cli, int opt, struct nsbox_oci_create_options *o)
{
  long n;

  switch (opt)
    {
    case 'b':
      o->bundle = optarg;
      return 0;
    case 'p':
      o->pid_file = optarg;
      return 0;
    case 'c':
      o->console_socket = optarg;
      return 0;
    case 'f':
      if (parse_int (cli, "--preserve-fds", optarg, 0, 1 << 20, &n))
        return 1;
      o->preserve_fds = (int) n;
      return 0;
    case 'P':
      o->no_pivot = true;
      return 0;
    case 'K':
      o->no_new_keyring = true;
      return 0;
    default:
      return cli_usage (cli, "unknown option");
    }
}

#define CREATE_OPTIONS                                                                                                 \
  { "bundle", required_argument, NULL, 'b' }, { "pid-file", required_argument, NULL, 'p' },                            \
      { "console-socket", required_argument, NULL, 'c' }, { "preserve-fds", required_argument, NULL, 'f' },            \
      { "no-pivot", no_argument, NULL, 'P' }, { "no-new-keyring", no_argument, NULL, 'K' }

int
cmd_create (struct cli *cli, int argc, char **argv)
{
  static const struct option options[] = { CREATE_OPTIONS, { NULL, 0, NULL, 0 } };
  struct nsbox_oci_create_options o = { 0 };
  struct nsbox_error *err = NULL;
  const char *id;
  pid_t pid;
  int opt;

  while ((opt = getopt_long (argc, argv, "b:", options, NULL)) != -1)
    if (create_option (cli, opt, &o))
      return 1;
  if ((id = container_id (cli, argc, argv, false)) == NULL)
    return 1;
  if (nsbox_oci_create (&cli->rt, id, &o, &pid, &err) < 0)
    return cli_fail (cli, err);
  return 0;
}

/* start, state, pause, resume: an id and nothing else. */
static const char *
only_id (const struct cli *cli, int argc, char **argv)
{
  static const struct option none[] = { { NULL, 0, NULL, 0 } };

  if (getopt_long (argc, argv, "", none, NULL) != -1)
    {
      cli_usage (cli, "%s takes no option", argv[0]);
      return NULL;
    }
  return container_id (cli, argc, argv, false);
}

int
cmd_start (struct cli *cli, int argc, char **argv)
{
  struct nsbox_error *err = NULL;
  const char *id = only_id (cli, argc, argv);

  if (id == NULL)
    return 1;
  return nsbox_oci_start (&cli->rt, id, &err) < 0 ? cli_fail (cli, err) : 0;
}

int
cmd_state (struct cli *cli, int argc, char **argv)
{
  struct nsbox_error *err = NULL;
  _cleanup_free_ char *json = NULL;
  const char *id = only_id (cli, argc, argv);

  if (id == NULL)
    return 1;
  if (nsbox_oci_state (&cli->rt, id, &json, &err) < 0)
    return cli_fail (cli, err);
  puts (json);
  return 0;
}

static int
pause_or_resume (struct cli *cli, int argc, char **argv, bool pause)
{
  struct nsbox_error *err = NULL;
  const char *id = only_id (cli, argc, argv);

  if (id == NULL)
    return 1;
  return nsbox_oci_pause (&cli->rt, id, pause, &err) < 0 ? cli_fail (cli, err) : 0;
}

int
cmd_pause (struct cli *cli, int argc, char **argv)
{
  return pause_or_resume (cli, argc, argv, true);
}

int
cmd_resume (struct cli *cli, int argc, char **argv)
{
  return pause_or_resume (cli, argc, argv, false);
}

/* "TERM", "SIGTERM", "15". */
static int
parse_signal (const char *text)
{
  const char *name = strncasecmp (text, "SIG", 3) == 0 ? text + 3 : text;
  char *end;
  long n = strtol (text, &end, 10);

  if (*text && *end == '\0')
    return n > 0 && n < NSIG ? (int) n : -1;
  for (int sig = 1; sig < NSIG; sig++)
    if (sigabbrev_np (sig) && strcasecmp (sigabbrev_np (sig), name) == 0)
      return sig;
  return -1;
}

int
cmd_kill (struct cli *cli, int argc, char **argv)
{
  static const struct option options[] = { { "all", no_argument, NULL, 'a' }, { NULL, 0, NULL, 0 } };
  struct nsbox_error *err = NULL;
  bool all = false;
  const char *id;
  int opt, sig = SIGTERM;

  while ((opt = getopt_long (argc, argv, "a", options, NULL)) != -1)
    if (opt == 'a')
      all = true;
    else
      return cli_usage (cli, "kill: unknown option");
  if ((id = container_id (cli, argc, argv, true)) == NULL)
    return 1;
  if (optind + 2 < argc)
    return cli_usage (cli, "kill: ID [SIGNAL], nothing more");
  if (optind + 1 < argc && (sig = parse_signal (argv[optind + 1])) < 0)
    return cli_usage (cli, "kill: unknown signal `%s`", argv[optind + 1]);
  return nsbox_oci_kill (&cli->rt, id, sig, all, &err) < 0 ? cli_fail (cli, err) : 0;
}

int
cmd_delete (struct cli *cli, int argc, char **argv)
{
  static const struct option options[] = { { "force", no_argument, NULL, 'f' }, { NULL, 0, NULL, 0 } };
  struct nsbox_error *err = NULL;
  bool force = false;
  const char *id;
  int opt;

  while ((opt = getopt_long (argc, argv, "f", options, NULL)) != -1)
    if (opt == 'f')
      force = true;
    else
      return cli_usage (cli, "delete: unknown option");
  if ((id = container_id (cli, argc, argv, false)) == NULL)
    return 1;
  return nsbox_oci_delete (&cli->rt, id, force, &err) < 0 ? cli_fail (cli, err) : 0;
}

/* A wait status as a shell's exit status: 128+N for a signal. */
static int
exit_status (int status)
{
  return WIFSIGNALED (status) ? 128 + WTERMSIG (status) : WEXITSTATUS (status);
}

static int
wait_child (pid_t pid, int *status)
{
  while (waitpid (pid, status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return 0;
}

/* run in the foreground passes the signals a terminal or a supervisor sends
 * on to the container's process, as runc does. */
static volatile sig_atomic_t run_pid;

static void
forward_signal (int sig)
{
  if (run_pid > 0)
    kill ((pid_t) run_pid, sig);
}

static void
forward_signals (pid_t pid)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };
  struct sigaction sa = { .sa_handler = forward_signal, .sa_flags = SA_RESTART };

  run_pid = pid;
  sigemptyset (&sa.sa_mask);
  for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
    sigaction (signals[i], &sa, NULL);
}

int
cmd_run (struct cli *cli, int argc, char **argv)
{
  static const struct option options[]
      = { CREATE_OPTIONS, { "detach", no_argument, NULL, 'd' }, { "keep", no_argument, NULL, 'k' }, { NULL, 0, NULL, 0 } };
  struct nsbox_oci_create_options o = { 0 };
  struct nsbox_error *err = NULL;
  bool detach = false, keep = false;
  const char *id;
  int opt, status = 0;
  pid_t pid;

  while ((opt = getopt_long (argc, argv, "b:dk", options, NULL)) != -1)
    if (opt == 'd')
      detach = true;
    else if (opt == 'k')
      keep = true;
    else if (create_option (cli, opt, &o))
      return 1;
  if ((id = container_id (cli, argc, argv, false)) == NULL)
    return 1;
  if (nsbox_oci_create (&cli->rt, id, &o, &pid, &err) < 0)
    return cli_fail (cli, err);
  if (nsbox_oci_start (&cli->rt, id, &err) < 0)
    {
      _cleanup_error_ struct nsbox_error *ignored = NULL;
      nsbox_oci_delete (&cli->rt, id, true, &ignored);
      return cli_fail (cli, err);
    }
  if (detach)
    return 0;
  /* The container's process is our child: its status is ours to report. */
  forward_signals (pid);
  if (wait_child (pid, &status) < 0)
    status = 255 << 8;
  if (!keep && nsbox_oci_delete (&cli->rt, id, true, &err) < 0)
    return cli_fail (cli, err);
  return exit_status (status);
}

static int
add_cap (const struct cli *cli, struct nsbox_oci_process *p, const char *name)
{
  struct nsbox_error *err = NULL;
  int cap = nsbox_oci_cap_from_name (name, &err);

  if (cap < 0)
    return cli_fail (cli, err);
  for (int set = 0; set < NSBOX_OCI_CAPS_COUNT; set++)
    if (set != NSBOX_OCI_CAPS_AMBIENT)
      p->caps[set] |= 1ULL << cap;
  return 0;
}

static int
exec_option (const struct cli *cli, int opt, struct nsbox_oci_process *p, struct nsbox_oci_exec_options *o,
             const char **process_file)
{
  struct nsbox_error *err = NULL;
  long n;

  switch (opt)
    {
    case 'p':
      *process_file = optarg;
      return 0;
    case 't':
      p->terminal = true;
      return 0;
    case 'c':
      o->console_socket = optarg;
      return 0;
    case 'P':
      o->pid_file = optarg;
      return 0;
    case 'd':
      o->detach = true;
      return 0;
    case 'e':
      return nsbox_oci_env_set (&p->env, optarg, &err) < 0 ? cli_fail (cli, err) : 0;
    case 'w':
      free (p->cwd);
      p->cwd = strdup (optarg);
      return 0;
    case 'u':
      return nsbox_oci_parse_user (optarg, &p->uid, &p->gid, &err) < 0 ? cli_fail (cli, err) : 0;
    case 'C':
      return add_cap (cli, p, optarg);
    case 'N':
      p->no_new_privileges = true;
      return 0;
    case 'f':
      if (parse_int (cli, "--preserve-fds", optarg, 0, 1 << 20, &n))
        return 1;
      o->preserve_fds = (int) n;
      return 0;
    default:
      return cli_usage (cli, "exec: unknown option");
    }
}

/* The process of `exec`: a --process file as it is, else the container's
 * own process with the command line and the flags' changes. */
static int
exec_process (const struct cli *cli, const char *id, const char *file, char **args, struct nsbox_oci_process *p,
              struct nsbox_error **err)
{
  _cleanup_oci_config_ struct nsbox_oci_config config = { 0 };

  if (file != NULL)
    return nsbox_oci_process_load (file, p, err);
  if (nsbox_oci_saved_config (&cli->rt, id, &config, err) < 0)
    return -1;
  if (*args == NULL)
    return nsbox_error_msg (err, "exec: a command is needed (or --process FILE)");
  return nsbox_oci_process_for_exec (&config.process, args, p, err);
}

int
cmd_exec (struct cli *cli, int argc, char **argv)
{
  static const struct option options[]
      = { { "process", required_argument, NULL, 'p' }, { "tty", no_argument, NULL, 't' },
          { "console-socket", required_argument, NULL, 'c' }, { "pid-file", required_argument, NULL, 'P' },
          { "detach", no_argument, NULL, 'd' },           { "env", required_argument, NULL, 'e' },
          { "cwd", required_argument, NULL, 'w' },        { "user", required_argument, NULL, 'u' },
          { "cap", required_argument, NULL, 'C' },        { "no-new-privs", no_argument, NULL, 'N' },
          { "preserve-fds", required_argument, NULL, 'f' }, { NULL, 0, NULL, 0 } };
  /* The flags are kept apart and applied to the process once it is built. */
  struct nsbox_oci_process flags = { .uid = (uid_t) -1, .gid = (gid_t) -1 };
  struct nsbox_oci_process p = { 0 };
  struct nsbox_oci_exec_options o = { 0 };
  struct nsbox_error *err = NULL;
  const char *process_file = NULL, *id;
  int opt, status = 0, ret;
  pid_t pid;

  while ((opt = getopt_long (argc, argv, "+p:tde:w:u:", options, NULL)) != -1)
    if (exec_option (cli, opt, &flags, &o, &process_file))
      {
        nsbox_oci_process_release (&flags);
        return 1;
      }
  if ((id = container_id (cli, argc, argv, true)) == NULL
      || (exec_process (cli, id, process_file, argv + optind + 1, &p, &err) < 0)
      || nsbox_oci_process_apply (&p, &flags, &err) < 0)
    {
      nsbox_oci_process_release (&flags);
      nsbox_oci_process_release (&p);
      return id == NULL ? 1 : cli_fail (cli, err);
    }
  ret = nsbox_oci_exec (&cli->rt, id, &p, &o, &pid, &status, &err);
  nsbox_oci_process_release (&flags);
  nsbox_oci_process_release (&p);
  if (ret < 0)
    return cli_fail (cli, err);
  return o.detach ? 0 : exit_status (status);
}

static bool
json_format (const struct cli *cli, const char *value, bool *bad)
{
  *bad = strcmp (value, "json") != 0 && strcmp (value, "table") != 0;
  if (*bad)
    cli_usage (cli, "--format: table or json, not `%s`", value);
  return strcmp (value, "json") == 0;
}

int
cmd_ps (struct cli *cli, int argc, char **argv)
{
  static const struct option options[] = { { "format", required_argument, NULL, 'f' }, { NULL, 0, NULL, 0 } };
  struct nsbox_error *err = NULL;
  _cleanup_free_ pid_t *pids = NULL;
  bool json = false, bad = false;
  const char *id;
  size_t n;
  int opt;

  while ((opt = getopt_long (argc, argv, "+f:", options, NULL)) != -1)
    if (opt != 'f' || (json = json_format (cli, optarg, &bad), bad))
      return opt == 'f' ? 1 : cli_usage (cli, "ps: unknown option");
  /* runc passes what follows the id to ps(1); nsbox lists pids itself. */
  if ((id = container_id (cli, argc, argv, true)) == NULL)
    return 1;
  if (nsbox_oci_pids (&cli->rt, id, &pids, &n, &err) < 0)
    return cli_fail (cli, err);
  if (json)
    {
      printf ("[");
      for (size_t i = 0; i < n; i++)
        printf ("%s%d", i ? "," : "", (int) pids[i]);
      printf ("]\n");
      return 0;
    }
  printf ("PID\tCMD\n");
  for (size_t i = 0; i < n; i++)
    {
      char path[64], cmd[256] = "";
      FILE *f;
      snprintf (path, sizeof path, "/proc/%d/comm", (int) pids[i]);
      if ((f = fopen (path, "re")) != NULL)
        {
          if (fgets (cmd, sizeof cmd, f) == NULL)
            cmd[0] = '\0';
          fclose (f);
        }
      cmd[strcspn (cmd, "\n")] = '\0';
      printf ("%d\t%s\n", (int) pids[i], cmd);
    }
  return 0;
}

/* A table (ID PID STATUS BUNDLE CREATED OWNER), ids only, or a JSON array. */
static int
print_list (char *const *states, bool json, bool quiet, FILE *out)
{
  if (json)
    fputc ('[', out);
  else if (!quiet)
    fprintf (out, "%-20s %-8s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
  for (size_t i = 0; states && states[i]; i++)
    {
      _cleanup_json_ json_t *s = json_loads (states[i], 0, NULL);
      _cleanup_free_ char *compact = s ? json_dumps (s, JSON_COMPACT) : NULL;

      if (s == NULL || compact == NULL)
        continue;
      if (json)
        fprintf (out, "%s%s", i ? "," : "", compact);
      else if (quiet)
        fprintf (out, "%s\n", nsbox_json_get_string (s, "id"));
      else
        fprintf (out, "%-20s %-8lld %-10s %-40s %-30s %s\n", nsbox_json_get_string (s, "id"),
                 (long long) json_integer_value (json_object_get (s, "pid")), nsbox_json_get_string (s, "status"),
                 nsbox_json_get_string (s, "bundle"), nsbox_json_get_string (s, "created"),
                 nsbox_json_get_string (s, "owner"));
    }
  if (json)
    fputs ("]\n", out);
  return fflush (out) == 0 ? 0 : -1;
}

int
cmd_list (struct cli *cli, int argc, char **argv)
{
  static const struct option options[]
      = { { "format", required_argument, NULL, 'f' }, { "quiet", no_argument, NULL, 'q' }, { NULL, 0, NULL, 0 } };
  struct nsbox_error *err = NULL;
  _cleanup_strv_ char **states = NULL;
  bool json = false, quiet = false, bad = false;
  int opt;

  while ((opt = getopt_long (argc, argv, "f:q", options, NULL)) != -1)
    if (opt == 'q')
      quiet = true;
    else if (opt != 'f' || (json = json_format (cli, optarg, &bad), bad))
      return opt == 'f' ? 1 : cli_usage (cli, "list: unknown option");
  if (nsbox_oci_list (&cli->rt, &states, &err) < 0)
    return cli_fail (cli, err);
  return print_list (states, json, quiet, stdout) < 0 ? 1 : 0;
}

int
cmd_update (struct cli *cli, int argc, char **argv)
{
  static const struct option options[]
      = { { "memory", required_argument, NULL, 'm' },      { "pids-limit", required_argument, NULL, 'p' },
          { "cpu-quota", required_argument, NULL, 'q' },   { "cpu-period", required_argument, NULL, 'P' },
          { "cpu-share", required_argument, NULL, 's' },   { "cpuset-cpus", required_argument, NULL, 'c' },
          { "cpuset-mems", required_argument, NULL, 'M' }, { "resources", required_argument, NULL, 'r' },
          { "memory-swap", required_argument, NULL, 'S' }, { "memory-reservation", required_argument, NULL, 'R' },
          { NULL, 0, NULL, 0 } };
  struct nsbox_oci_resources r;
  struct nsbox_error *err = NULL;
  const char *id;
  int opt, ret;

  nsbox_oci_resources_init (&r);
  while ((opt = getopt_long (argc, argv, "r:", options, NULL)) != -1)
    if (nsbox_oci_resources_flag (&r, opt, optarg, &err) < 0)
      {
        nsbox_oci_resources_release (&r);
        return err ? cli_fail (cli, err) : cli_usage (cli, "update: unknown option");
      }
  if ((id = container_id (cli, argc, argv, false)) == NULL)
    {
      nsbox_oci_resources_release (&r);
      return 1;
    }
  ret = nsbox_oci_update (&cli->rt, id, &r, &err);
  nsbox_oci_resources_release (&r);
  return ret < 0 ? cli_fail (cli, err) : 0;
}

int
cmd_events (struct cli *cli, int argc, char **argv)
{
  static const struct option options[]
      = { { "stats", no_argument, NULL, 's' }, { "interval", required_argument, NULL, 'i' }, { NULL, 0, NULL, 0 } };
  struct nsbox_error *err = NULL;
  bool once = false;
  long interval = 5;
  const char *id;
  int opt;

  while ((opt = getopt_long (argc, argv, "", options, NULL)) != -1)
    if (opt == 's')
      once = true;
    else if (opt != 'i' || parse_int (cli, "--interval", optarg[strspn (optarg, "0123456789")] == 's'
                                                               ? strndupa (optarg, strspn (optarg, "0123456789"))
                                                               : optarg,
                                      1, 86400, &interval))
      return opt == 'i' ? 1 : cli_usage (cli, "events: unknown option");
  if ((id = container_id (cli, argc, argv, false)) == NULL)
    return 1;
  for (;;)
    {
      _cleanup_free_ char *json = NULL;
      if (nsbox_oci_stats (&cli->rt, id, &json, &err) < 0)
        return cli_fail (cli, err);
      puts (json);
      fflush (stdout);
      if (once)
        return 0;
      sleep ((unsigned) interval);
    }
}

int
cmd_features (struct cli *cli, int argc, char **argv)
{
  _cleanup_free_ char *json = NULL;
  struct nsbox_error *err = NULL;

  (void) argc;
  (void) argv;
  if (nsbox_oci_features_json (&json, &err) < 0)
    return cli_fail (cli, err);
  puts (json);
  return 0;
}

int
cmd_spec (struct cli *cli, int argc, char **argv)
{
  static const struct option options[]
      = { { "bundle", required_argument, NULL, 'b' }, { "rootless", no_argument, NULL, 'r' }, { NULL, 0, NULL, 0 } };
  struct nsbox_error *err = NULL;
  const char *bundle = ".";
  int opt;

  while ((opt = getopt_long (argc, argv, "b:", options, NULL)) != -1)
    if (opt == 'b')
      bundle = optarg;
    else if (opt == 'r')
      return cli_usage (cli, "spec --rootless: nsbox-runtime runs as root only");
    else
      return cli_usage (cli, "spec: unknown option");
  return nsbox_oci_spec_write (bundle, &err) < 0 ? cli_fail (cli, err) : 0;
}
