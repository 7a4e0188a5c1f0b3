#define _GNU_SOURCE
#include "exec-options.h"
#include "base/cleanup.h"
#include "lang/nsconf.h"
#include "isolate/rlimits.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

enum
{
  OPT_ROOTFS = 256,
  OPT_HOSTNAME,
  OPT_MOUNT,
  OPT_TMPFS_SIZE,
  OPT_TMPFS_EXEC,
  OPT_NO_SYS,
  OPT_NO_INIT,
  OPT_TIMEOUT,
  OPT_KILL_AFTER,
  OPT_JSON,
  OPT_OUTPUT_LIMIT,
  OPT_REPORT,
  OPT_ID,
  OPT_LANG,
  OPT_CODE,
  OPT_STDIN,
  OPT_PROFILE,
  OPT_CHECKS,
  OPT_CONFIG,
  OPT_LOG,
  OPT_SECCOMP,
  OPT_MEMORY,
  OPT_CPUS,
  OPT_PIDS,
  OPT_CPU_TIME,
  OPT_RLIMIT,
  OPT_CGROUP_PARENT,
  OPT_PTYS,
};

static const struct option exec_options[] = {
  { "rootfs", required_argument, NULL, OPT_ROOTFS },
  { "env", required_argument, NULL, 'e' },
  { "workdir", required_argument, NULL, 'w' },
  { "user", required_argument, NULL, 'u' },
  { "hostname", required_argument, NULL, OPT_HOSTNAME },
  { "mount", required_argument, NULL, OPT_MOUNT },
  { "volume", required_argument, NULL, 'v' },
  { "tmpfs-size", required_argument, NULL, OPT_TMPFS_SIZE },
  { "tmpfs-exec", no_argument, NULL, OPT_TMPFS_EXEC },
  { "no-sys", no_argument, NULL, OPT_NO_SYS },
  { "no-init", no_argument, NULL, OPT_NO_INIT },
  { "tty", no_argument, NULL, 't' },
  { "interactive", no_argument, NULL, 'i' },
  { "timeout", required_argument, NULL, OPT_TIMEOUT },
  { "kill-after", required_argument, NULL, OPT_KILL_AFTER },
  { "json", no_argument, NULL, OPT_JSON },
  { "output-limit", required_argument, NULL, OPT_OUTPUT_LIMIT },
  { "report", required_argument, NULL, OPT_REPORT },
  { "id", required_argument, NULL, OPT_ID },
  { "lang", required_argument, NULL, OPT_LANG },
  { "code", required_argument, NULL, OPT_CODE },
  { "stdin", required_argument, NULL, OPT_STDIN },
  { "profile", required_argument, NULL, OPT_PROFILE },
  { "checks", required_argument, NULL, OPT_CHECKS },
  { "config", required_argument, NULL, OPT_CONFIG },
  { "log", required_argument, NULL, OPT_LOG },
  { "seccomp", required_argument, NULL, OPT_SECCOMP },
  { "memory", required_argument, NULL, OPT_MEMORY },
  { "cpus", required_argument, NULL, OPT_CPUS },
  { "pids", required_argument, NULL, OPT_PIDS },
  { "cpu-time", required_argument, NULL, OPT_CPU_TIME },
  { "rlimit", required_argument, NULL, OPT_RLIMIT },
  { "cgroup-parent", required_argument, NULL, OPT_CGROUP_PARENT },
  { "ptys", required_argument, NULL, OPT_PTYS },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

void
nsbox_exec_usage (FILE *out)
{
  fputs ("Usage: nsbox exec [OPTIONS] IMAGE [COMMAND [ARG...]]\n"
         "       nsbox exec [OPTIONS] --rootfs DIR [--] COMMAND [ARG...]\n"
         "       nsbox exec --lang LANG --code FILE|- [OPTIONS] [-- ARG...]\n"
         "\n"
         "  IMAGE                   an image in the store (nsbox images); its Env, Entrypoint,\n"
         "                          Cmd, WorkingDir and User are the defaults the flags override\n"
         "  --rootfs DIR            the sandbox's root directory (mounted read-only)\n"
         "  -e, --env K=V           set an environment variable (repeatable)\n"
         "  -w, --workdir DIR       working directory inside the sandbox (default /)\n"
         "  -u, --user UID[:GID]    run as this user (default 65534:65534, or the image's\n"
         "                          non-root User)\n"
         "      --hostname NAME     hostname (default nsbox)\n"
         "      --mount type=bind,src=HOST,dst=PATH[,ro]\n"
         "  -v, --volume HOST:PATH[:ro]\n"
         "      --tmpfs-size SIZE   size of /tmp and /dev/shm (default 64m)\n"
         "      --tmpfs-exec        allow executing files in /tmp\n"
         "      --no-sys            do not mount /sys\n"
         "      --no-init           run COMMAND as PID 1 (no reaping init)\n"
         "  -t, --tty               allocate a pseudo-terminal\n"
         "  -i, --interactive       keep stdin attached\n"
         "      --timeout SECONDS   wall-clock limit (exit 124)\n"
         "      --kill-after SECONDS  grace between SIGTERM and SIGKILL (default 0.5)\n"
         "      --json              capture output and print a JSON report\n"
         "      --output-limit SIZE bytes kept per stream with --json (default 1m)\n"
         "      --report FILE       write the JSON report to FILE\n"
         "      --id ID             sandbox id (default: random)\n"
         "      --seccomp PROFILE|PATH|unconfined\n"
         "                          seccomp profile (default: default; see nsbox-policy(5))\n"
         "\nLimits (`unlimited` lifts one):\n"
         "      --memory SIZE       memory, swap off (default 512m; k/m/g)\n"
         "      --cpus N            CPUs of bandwidth, e.g. 0.5 (default 1)\n"
         "      --pids N            processes and threads (default 256)\n"
         "      --ptys N            pseudo-terminals the sandbox may open, -t's included\n"
         "                          (default 16)\n"
         "      --cpu-time SECONDS  CPU time per process (RLIMIT_CPU; status cpu-time-limit)\n"
         "      --rlimit NAME=SOFT[:HARD]\n"
         "                          nofile, fsize, stack or core (core defaults to 0)\n"
         "      --cgroup-parent PATH\n"
         "                          create the sandbox's cgroup below PATH in each hierarchy\n"
         "\nLanguage runs (nsbox langs lists the languages):\n"
         "      --lang LANG         compile (if needed) and run code with LANG's policy\n"
         "      --code FILE         the code (- = read it from stdin)\n"
         "      --stdin FILE        the program's stdin\n"
         "      --profile P         standard (checks report) or strict (half memory and time,\n"
         "                          strict seccomp, checks block); default from nsbox.conf\n"
         "      --checks MODE       off, report or block (default: the profile's)\n"
         "      --config FILE       nsbox.conf to use (default $NSBOX_CONFIG or " NSBOX_SYSCONFDIR "/nsbox/nsbox.conf)\n"
         "      --log FILE          append one JSON line about the run to FILE\n"
         "      --rootfs DIR        use DIR instead of the policy's image\n"
         "\nSee nsbox-exec(1).\n",
         out);
}

static int
replace (char **field, const char *value, struct nsbox_error **err)
{
  char *copy = strdup (value);

  if (copy == NULL)
    return nsbox_error_oom (err);
  free (*field);
  *field = copy;
  return 0;
}

static int
add_mount (struct nsbox_sandbox_config *c, const char *spec, bool short_form, struct nsbox_error **err)
{
  struct nsbox_bind_mount *grown = realloc (c->mounts, (c->n_mounts + 1) * sizeof *grown);

  if (grown == NULL)
    return nsbox_error_oom (err);
  c->mounts = grown;
  if (nsbox_parse_mount (spec, short_form, &c->mounts[c->n_mounts], err) < 0)
    return -1;
  c->n_mounts++;
  return 0;
}

static int
set_rootfs (struct nsbox_sandbox_config *c, const char *dir, struct nsbox_error **err)
{
  char *abs = realpath (dir, NULL);

  if (abs == NULL)
    return nsbox_error_errno (err, errno, "root `%s`", dir);
  for (size_t i = 0; i < c->n_lower_dirs; i++)
    free (c->lower_dirs[i]);
  free (c->lower_dirs);
  c->lower_dirs = malloc (sizeof (char *));
  if (c->lower_dirs == NULL)
    {
      free (abs);
      return nsbox_error_oom (err);
    }
  c->lower_dirs[0] = abs;
  c->n_lower_dirs = 1;
  return replace (&c->image_name, abs, err);
}

/* ---- seccomp ---------------------------------------------------------
 * --seccomp picks the profile; NSBOX_SECCOMP_PROFILE_DIR and
 * NSBOX_SECCOMP_CACHE_DIR point a build tree's nsbox at its own profiles and
 * cache.  secure_getenv: never honoured in a set-id process. */
static int
set_seccomp_profile (struct nsbox_sandbox_config *c, const char *arg, struct nsbox_error **err)
{
  if (arg[0] == '\0')
    return nsbox_error_msg (err, "--seccomp needs a profile name, a path or `unconfined`");
  return replace (&c->seccomp_profile, arg, err);
}

static int
seccomp_dirs_from_environment (struct nsbox_sandbox_config *c, struct nsbox_error **err)
{
  const char *profiles = secure_getenv ("NSBOX_SECCOMP_PROFILE_DIR");
  const char *cache = secure_getenv ("NSBOX_SECCOMP_CACHE_DIR");

  if (profiles != NULL && profiles[0] != '\0' && replace (&c->seccomp_profile_dir, profiles, err) < 0)
    return -1;
  if (cache != NULL && cache[0] != '\0' && replace (&c->seccomp_cache_dir, cache, err) < 0)
    return -1;
  return 0;
}
/* ---- end seccomp ----------------------------------------------------- */

/* ---- resource limits ---------------------------------------------------
 * --memory, --cpus, --pids (cgroups), --cpu-time and --rlimit (setrlimit),
 * --cgroup-parent.  `unlimited` lifts a cgroup limit. */
static bool
is_unlimited (const char *arg)
{
  return strcmp (arg, "unlimited") == 0 || strcmp (arg, "max") == 0;
}

static int
set_memory (struct nsbox_sandbox_config *c, const char *arg, struct nsbox_error **err)
{
  uint64_t bytes;

  if (is_unlimited (arg))
    {
      c->memory_bytes = NSBOX_UNLIMITED;
      return 0;
    }
  if (nsbox_parse_size (arg, &bytes, err) < 0)
    return nsbox_error_prefix (err, "--memory");
  /* Below a few MiB not even the init and a shell start: an OOM, not a limit. */
  if (bytes < (4ULL << 20))
    return nsbox_error_msg (err, "--memory `%s` is below the minimum of 4m", arg);
  c->memory_bytes = bytes;
  return 0;
}

static int
set_cpus (struct nsbox_sandbox_config *c, const char *arg, struct nsbox_error **err)
{
  char *end;
  double cpus;

  if (is_unlimited (arg))
    {
      c->cpu_millis = NSBOX_UNLIMITED;
      return 0;
    }
  errno = 0;
  cpus = strtod (arg, &end);
  if (errno != 0 || end == arg || *end != '\0' || !isfinite (cpus) || cpus < 0.01 || cpus > 1e6)
    return nsbox_error_msg (err, "--cpus `%s`: expected a number of CPUs from 0.01, e.g. 0.5", arg);
  c->cpu_millis = (uint64_t) llround (cpus * 1000.0);
  return 0;
}

static int
parse_count (const char *option, const char *arg, uint64_t min, uint64_t *value, struct nsbox_error **err)
{
  char *end;
  unsigned long long v;

  errno = 0;
  v = strtoull (arg, &end, 10);
  if (arg[0] < '0' || arg[0] > '9' || errno != 0 || *end != '\0' || v < min || v >= NSBOX_UNLIMITED)
    return nsbox_error_msg (err, "%s `%s`: expected a whole number from %llu", option, arg, (unsigned long long) min);
  *value = v;
  return 0;
}

/* The kernel's pty pool is shared by every sandbox: no `unlimited` here. */
static int
set_ptys (struct nsbox_sandbox_config *c, const char *arg, struct nsbox_error **err)
{
  if (parse_count ("--ptys", arg, 1, &c->ptys, err) < 0)
    return -1;
  if (c->ptys > NSBOX_PTYS_MAX)
    return nsbox_error_msg (err, "--ptys `%s`: a devpts holds at most %llu", arg, (unsigned long long) NSBOX_PTYS_MAX);
  return 0;
}

static int
set_pids (struct nsbox_sandbox_config *c, const char *arg, struct nsbox_error **err)
{
  if (is_unlimited (arg))
    {
      c->pids = NSBOX_UNLIMITED;
      return 0;
    }
  return parse_count ("--pids", arg, 1, &c->pids, err);
}

/* SIGXCPU at N seconds; a process that catches or ignores it gets SIGKILL one
 * second later, at the hard limit. */
static int
set_cpu_time (struct nsbox_sandbox_config *c, const char *arg, struct nsbox_error **err)
{
  uint64_t seconds;

  if (parse_count ("--cpu-time", arg, 1, &seconds, err) < 0)
    return -1;
  c->rlimits[NSBOX_RLIMIT_CPU] = (struct nsbox_rlimit){ .set = true, .soft = seconds, .hard = seconds + 1 };
  return 0;
}

static int
set_rlimit (struct nsbox_sandbox_config *c, const char *arg, struct nsbox_error **err)
{
  enum nsbox_rlimit_kind kind;
  struct nsbox_rlimit limit;

  if (nsbox_rlimit_parse (arg, &kind, &limit, err) < 0)
    return nsbox_error_prefix (err, "--rlimit");
  c->rlimits[kind] = limit;
  return 0;
}
/* ---- end resource limits ---------------------------------------------- */

static int
parse_one (int opt, const char *arg, struct nsbox_exec_options *o, char ***user_env, struct nsbox_error **err)
{
  struct nsbox_sandbox_config *c = &o->config;

  switch (opt)
    {
    case OPT_ROOTFS:
      o->rootfs_set = true;
      return set_rootfs (c, arg, err);
    case OPT_LANG:
      o->lang = arg;
      return 0;
    case OPT_CODE:
      o->code_path = arg;
      return 0;
    case OPT_STDIN:
      o->stdin_path = arg;
      return 0;
    case OPT_PROFILE:
      if (strcmp (arg, "standard") != 0 && strcmp (arg, "strict") != 0)
        return nsbox_error_msg (err, "--profile `%s` is not standard or strict", arg);
      o->profile = arg;
      return 0;
    case OPT_CHECKS:
      if (strcmp (arg, "off") != 0 && strcmp (arg, "report") != 0 && strcmp (arg, "block") != 0)
        return nsbox_error_msg (err, "--checks `%s` is not off, report or block", arg);
      o->checks = arg;
      return 0;
    case OPT_CONFIG:
      o->config_path = arg;
      return 0;
    case OPT_LOG:
      o->log_path = arg;
      return 0;
    case 'e':
      return nsbox_env_set (user_env, arg, err);
    case 'w':
      if (arg[0] != '/')
        return nsbox_error_msg (err, "--workdir `%s` must be an absolute path", arg);
      o->workdir_set = true;
      return replace (&c->workdir, arg, err);
    case 'u':
      o->user_set = true;
      return nsbox_parse_user (arg, &c->uid, &c->gid, err);
    case OPT_HOSTNAME:
      if (strlen (arg) == 0 || strlen (arg) > 64)
        return nsbox_error_msg (err, "--hostname `%s` must be 1 to 64 characters", arg);
      return replace (&c->hostname, arg, err);
    case OPT_MOUNT:
      return add_mount (c, arg, false, err);
    case 'v':
      return add_mount (c, arg, true, err);
    case OPT_TMPFS_SIZE:
      return nsbox_parse_size (arg, &c->tmpfs_size, err);
    case OPT_TMPFS_EXEC:
      c->tmpfs_exec = true;
      return 0;
    case OPT_NO_SYS:
      c->sys_mode = NSBOX_SYS_NONE;
      return 0;
    case OPT_NO_INIT:
      c->use_init = false;
      return 0;
    case 't':
      c->tty = true;
      return 0;
    case 'i':
      c->interactive = true;
      return 0;
    case OPT_TIMEOUT:
      return nsbox_parse_seconds (arg, &c->timeout_ms, err);
    case OPT_KILL_AFTER:
      return nsbox_parse_seconds (arg, &c->kill_after_ms, err);
    case OPT_JSON:
      o->json = true;
      c->output = NSBOX_OUTPUT_CAPTURE;
      return 0;
    case OPT_OUTPUT_LIMIT:
      return nsbox_parse_size (arg, &c->output_limit, err);
    case OPT_REPORT:
      o->report_path = arg;
      return 0;
    case OPT_ID:
      return replace (&c->id, arg, err);
    case OPT_SECCOMP:
      return set_seccomp_profile (c, arg, err);
    case OPT_MEMORY:
      return set_memory (c, arg, err);
    case OPT_CPUS:
      return set_cpus (c, arg, err);
    case OPT_PIDS:
      return set_pids (c, arg, err);
    case OPT_CPU_TIME:
      return set_cpu_time (c, arg, err);
    case OPT_PTYS:
      return set_ptys (c, arg, err);
    case OPT_RLIMIT:
      return set_rlimit (c, arg, err);
    case OPT_CGROUP_PARENT:
      if (arg[0] == '\0')
        return nsbox_error_msg (err, "--cgroup-parent needs a path");
      return replace (&c->cgroup_parent, arg, err);
    case 'h':
      o->help = true;
      return 0;
    default:
      return nsbox_error_msg (err, "invalid option (see nsbox exec --help)");
    }
}

/* The workload's environment is rebuilt from nothing: defaults, then the image's, then -e. */
int
nsbox_exec_build_environment (struct nsbox_exec_options *o, char *const *image_env, struct nsbox_error **err)
{
  struct nsbox_sandbox_config *c = &o->config;

  if (nsbox_env_set (&c->env, "PATH=" DEFAULT_PATH, err) < 0 || nsbox_env_set (&c->env, "HOME=/tmp", err) < 0)
    return -1;
  if (c->tty && nsbox_env_set (&c->env, "TERM=xterm", err) < 0)
    return -1;
  for (char *const *p = image_env; p && *p; p++)
    if (nsbox_env_set (&c->env, *p, err) < 0)
      return -1;
  for (char **p = o->user_env; p && *p; p++)
    if (nsbox_env_set (&c->env, *p, err) < 0)
      return -1;
  return 0;
}

/* Which nsbox.conf ceiling an option's value is checked against. */
static unsigned
limit_bit (int opt)
{
  switch (opt)
    {
    case OPT_MEMORY:
      return NSBOX_LIMIT_MEMORY;
    case OPT_TIMEOUT:
      return NSBOX_LIMIT_TIMEOUT;
    case OPT_PIDS:
      return NSBOX_LIMIT_PIDS;
    case OPT_CPUS:
      return NSBOX_LIMIT_CPUS;
    case OPT_CPU_TIME:
      return NSBOX_LIMIT_CPU_TIME;
    case OPT_TMPFS_SIZE:
      return NSBOX_LIMIT_TMPFS;
    case OPT_OUTPUT_LIMIT:
      return NSBOX_LIMIT_OUTPUT;
    case OPT_PTYS:
      return NSBOX_LIMIT_PTYS;
    default:
      return 0;
    }
}

/* --lang: the policy supplies the root and the command; what follows the
 * options are the program's arguments. */
static int
finish_lang (int argc, char **argv, struct nsbox_exec_options *o, struct nsbox_error **err)
{
  if (o->code_path == NULL)
    return nsbox_error_msg (err, "--lang needs --code FILE (or --code - to read the code from stdin)");
  if (strcmp (o->code_path, "-") == 0 && o->stdin_path == NULL && o->config.interactive)
    return nsbox_error_msg (err, "--code - reads stdin: it cannot also be the program's (-i)");
  if (o->config.tty)
    return nsbox_error_msg (err, "--lang runs have no terminal (-t)");
  for (size_t i = 0; i < o->config.n_mounts; i++)
    if (strcmp (o->config.mounts[i].destination, "/out") == 0
        || strncmp (o->config.mounts[i].destination, "/out/", 5) == 0)
      return nsbox_error_msg (err, "--lang runs keep /out for the compiled program: mount `%s` elsewhere",
                              o->config.mounts[i].source);
  for (int i = optind; i < argc; i++)
    if (nsbox_strv_append (&o->args, argv[i], err) < 0)
      return -1;
  return 0;
}

int
nsbox_exec_parse (int argc, char **argv, struct nsbox_exec_options *o, struct nsbox_error **err)
{
  int opt;

  memset (o, 0, sizeof *o);
  nsbox_config_init (&o->config);
  opterr = 0;
  optind = 0;
  while ((opt = getopt_long (argc, argv, "+e:w:u:v:tih", exec_options, NULL)) != -1)
    {
      if (opt == '?')
        return nsbox_error_msg (err, "unknown or incomplete option `%s` (see nsbox exec --help)",
                                argv[optind - 1]);
      if (parse_one (opt, optarg, o, &o->user_env, err) < 0)
        return -1;
      o->limits_given |= limit_bit (opt);
    }
  if (o->help)
    return 0;
  if (seccomp_dirs_from_environment (&o->config, err) < 0)
    return -1;
  if (o->lang)
    return finish_lang (argc, argv, o, err);
  if (o->code_path || o->stdin_path || o->profile || o->checks || o->log_path)
    return nsbox_error_msg (err, "--code, --stdin, --profile, --checks and --log need --lang");
  /* Without --rootfs the first positional argument is an image reference. */
  if (o->config.n_lower_dirs == 0)
    {
      if (optind < argc && strcmp (argv[optind - 1], "--") == 0)
        return nsbox_error_msg (err, "an image or --rootfs DIR is required before `--`");
      if (optind >= argc)
        return nsbox_error_msg (err, "no image or --rootfs given (nsbox exec [OPTIONS] IMAGE [COMMAND [ARG...]])");
      if ((o->image = strdup (argv[optind++])) == NULL)
        return nsbox_error_oom (err);
      if (optind < argc && strcmp (argv[optind], "--") == 0)
        optind++;
    }
  else if (optind >= argc)
    return nsbox_error_msg (err, "no command given (nsbox exec [OPTIONS] --rootfs DIR -- COMMAND [ARG...])");
  for (int i = optind; i < argc; i++)
    if (nsbox_strv_append (&o->command, argv[i], err) < 0)
      return -1;
  if (o->image)
    return 0;
  for (char **p = o->command; *p; p++)
    if (nsbox_strv_append (&o->config.argv, *p, err) < 0)
      return -1;
  return nsbox_exec_build_environment (o, NULL, err);
}

void
nsbox_exec_options_release (struct nsbox_exec_options *o)
{
  nsbox_config_release (&o->config);
  free (o->image);
  nsbox_strv_freep (&o->command);
  nsbox_strv_freep (&o->user_env);
  nsbox_strv_freep (&o->args);
}
