/* exec-args.c - `nsbox exec`'s command line onto a spec (nsbox.h).
 *
 * The flags are the library's keys (nsbox_spec_keys()): getopt's table is
 * built from them and every flag goes through nsbox_spec_set(), exactly as
 * the keys of a --config file go through nsbox_spec_load_file().  What is
 * left here is the command line's own: the order (environment, then the
 * file, then the flags, then the positional arguments), --config and --help. */
#define _GNU_SOURCE
#include "exec-args.h"
#include "datadirs.h"
#include "base/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum
{
  OPT_CONFIG = 1,
  OPT_KEY = 256,    /* + the key's index in nsbox_spec_keys() */
  OPT_ALIAS = 1024, /* + the alias's index in aliases[] */
};

/* Where the flags go: the spec, and, for the setuid helper's request, the
 * list of what the command line itself said (never the environment). */
struct target
{
  struct nsbox_spec *spec;
  char ***keys; /* (key, value) pairs, NULL-terminated; NULL: not recorded */
};

static int set (struct target *t, const char *key, const char *value, char **message);

static int __attribute__ ((format (printf, 2, 3)))
refuse (char **message, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (message, fmt, ap) < 0)
    *message = NULL;
  va_end (ap);
  return -1;
}

/* ---- docker's flags ------------------------------------------------------
 * Where nsbox means the same, docker's spelling sets the same key; where
 * nsbox always does it (--rm, --read-only ...), it is accepted; any other
 * value is refused, naming what exists. */

static int
alias_pids_limit (struct target *t, const char *arg, char **message)
{
  return set (t, "pids", arg, message);
}

static int
alias_name (struct target *t, const char *arg, char **message)
{
  return set (t, "id", arg, message);
}

static int
alias_init (struct target *t, const char *arg, char **message)
{
  (void) arg;
  return set (t, "no_init", "false", message);
}

/* --rm and --read-only: what every sandbox is. */
static int
alias_always (struct target *t, const char *arg, char **message)
{
  (void) t, (void) arg, (void) message;
  return 0;
}

static int
alias_network (struct target *t, const char *arg, char **message)
{
  (void) t;
  if (strcmp (arg, "none") == 0)
    return 0;
  return refuse (message, "--network `%s`: a sandbox has no network, only its own loopback; `none` is the only value",
                 arg);
}

static int
alias_cap_drop (struct target *t, const char *arg, char **message)
{
  (void) t;
  if (strcasecmp (arg, "ALL") == 0)
    return 0;
  return refuse (message, "--cap-drop `%s`: every capability is dropped already; `ALL` is the only value", arg);
}

static int
alias_security_opt (struct target *t, const char *arg, char **message)
{
  if (strncmp (arg, "seccomp=", 8) == 0 || strncmp (arg, "seccomp:", 8) == 0)
    return set (t, "seccomp", arg + 8, message);
  if (strcmp (arg, "no-new-privileges") == 0 || strcmp (arg, "no-new-privileges:true") == 0
      || strcmp (arg, "no-new-privileges=true") == 0)
    return 0;
  return refuse (message,
                 "--security-opt `%s`: nsbox takes seccomp=PROFILE and no-new-privileges (which is always on)", arg);
}

/* /tmp[:size=SIZE,exec|noexec,...]: nsbox's one tmpfs. */
static int
alias_tmpfs (struct target *t, const char *arg, char **message)
{
  const size_t n = strcspn (arg, ":");
  _cleanup_free_ char *opts = NULL;
  char *opt, *next;

  if (n != 4 || strncmp (arg, "/tmp", 4) != 0)
    return refuse (message, "--tmpfs `%s`: /tmp is the only tmpfs of a sandbox (its size: --tmpfs-size)", arg);
  if (arg[n] == '\0')
    return 0;
  if ((opts = strdup (arg + n + 1)) == NULL)
    return refuse (message, "out of memory");
  for (opt = opts; opt; opt = next)
    {
      int ret = 0;

      if ((next = strchr (opt, ',')) != NULL)
        *next++ = '\0';
      if (strncmp (opt, "size=", 5) == 0)
        ret = set (t, "tmpfs_size", opt + 5, message);
      else if (strcmp (opt, "exec") == 0 || strcmp (opt, "noexec") == 0)
        ret = set (t, "tmpfs_exec", opt[0] == 'e' ? "true" : "false", message);
      else if (strcmp (opt, "rw") != 0 && strcmp (opt, "nosuid") != 0 && strcmp (opt, "nodev") != 0
               && strcmp (opt, "mode=1777") != 0)
        return refuse (message, "--tmpfs `%s`: option `%s` (/tmp takes size=SIZE, exec and noexec)", arg, opt);
      if (ret < 0)
        return -1;
    }
  return 0;
}

#define ENV_FILE_MAX (1 << 20)

/* A regular file of at most ENV_FILE_MAX bytes: a device or a FIFO could
 * block nsbox or never end (O_NONBLOCK: not even the open waits). */
static FILE *
open_env_file (const char *path, char **message)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  struct stat st;
  FILE *f;

  if (fd < 0)
    return refuse (message, "--env-file `%s`: %s", path, strerror (errno)), NULL;
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || st.st_size > ENV_FILE_MAX || fcntl (fd, F_SETFL, 0) < 0
      || (f = fdopen (fd, "r")) == NULL)
    {
      refuse (message, "--env-file `%s`: not a regular file of at most 1 MiB", path);
      close (fd);
      return NULL;
    }
  return f;
}

/* One line per variable: NAME=VALUE as it is, a bare NAME from nsbox's own
 * environment (skipped when unset); blank lines and # comments skipped. */
static int
alias_env_file (struct target *t, const char *path, char **message)
{
  FILE *f = open_env_file (path, message);
  _cleanup_free_ char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int ret = 0;

  if (f == NULL)
    return -1;
  while (ret == 0 && (n = getline (&line, &cap, f)) > 0)
    {
      _cleanup_free_ char *assignment = NULL;
      const char *value;

      if (line[n - 1] == '\n')
        line[--n] = '\0';
      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (strchr (line, '=') != NULL)
        ret = set (t, "env", line, message);
      else if ((value = getenv (line)) != NULL)
        ret = asprintf (&assignment, "%s=%s", line, value) < 0 ? refuse (message, "out of memory")
                                                                 : set (t, "env", assignment, message);
    }
  if (ret == 0 && ferror (f))
    ret = refuse (message, "--env-file `%s`: %s", path, strerror (errno));
  fclose (f);
  return ret;
}

static const struct
{
  const char *flag;
  int has_arg;
  int (*apply) (struct target *t, const char *arg, char **message);
} aliases[] = {
  { "pids-limit", required_argument, alias_pids_limit },
  { "name", required_argument, alias_name },
  { "init", no_argument, alias_init },
  { "rm", no_argument, alias_always },
  { "read-only", no_argument, alias_always },
  { "network", required_argument, alias_network },
  { "cap-drop", required_argument, alias_cap_drop },
  { "security-opt", required_argument, alias_security_opt },
  { "tmpfs", required_argument, alias_tmpfs },
  { "env-file", required_argument, alias_env_file },
};
#define N_ALIASES (sizeof aliases / sizeof aliases[0])

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
         "      --userns MODE       per-sandbox (root's default: host ids of its own), host\n"
         "                          (the host's ids) or rootless (anyone else's default)\n"
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
         "      --config FILE|-     read the sandbox's description from a JSON file (- = stdin);\n"
         "                          flags given as well override it (nsbox-exec(1), THE CONFIG FILE)\n"
         "      --seccomp PROFILE|PATH|unconfined\n"
         "                          seccomp profile (default: default; see nsbox-policy(5))\n"
         "\nLimits (`unlimited` lifts one):\n"
         "  -m, --memory SIZE       memory, swap off (default 512m; k/m/g)\n"
         "      --cpus N            CPUs of bandwidth, e.g. 0.5 (default 1)\n"
         "      --pids N            processes and threads (default 256)\n"
         "      --ptys N            pseudo-terminals the sandbox may open, -t's included\n"
         "                          (default 16)\n"
         "      --cpu-time SECONDS  CPU time per process (RLIMIT_CPU; status cpu-time-limit)\n"
         "      --rlimit NAME=SOFT[:HARD]\n"
         "                          nofile, fsize, stack, core (default 0), nproc or data\n"
         "      --cgroup-parent PATH\n"
         "                          create the sandbox's cgroup below PATH in each hierarchy\n"
         "      --no-cgroup         no cgroup: --pids as RLIMIT_NPROC, --memory as RLIMIT_DATA\n"
         "                          per process, CPUs unlimited (weaker: for users without a\n"
         "                          delegated cgroup)\n"
         "\nLanguage runs (nsbox langs lists the languages):\n"
         "      --lang LANG         compile (if needed) and run code with LANG's policy\n"
         "      --code FILE         the code (- = read it from stdin)\n"
         "      --stdin FILE        the program's stdin\n"
         "      --stdin-each FILE|DIR  compile once, then run once per file (a directory: each\n"
         "                          of its files, by name) with that file as stdin; repeatable\n"
         "      --total-timeout DURATION  wall-clock bound on all those runs together\n"
         "      --profile P         standard (checks report) or strict (half memory and time,\n"
         "                          strict seccomp, checks block); default from nsbox.conf\n"
         "      --checks MODE       off, report or block (default: the profile's)\n"
         "      --conf FILE         nsbox.conf to use (default $NSBOX_CONFIG or " NSBOX_SYSCONFDIR "/nsbox/nsbox.conf)\n"
         "      --log FILE          append one JSON line about the run to FILE\n"
         "      --rootfs DIR        use DIR instead of the policy's image\n"
         "\nDocker's spellings (the same keys): --pids-limit N, --name ID, --init,\n"
         "      --entrypoint PROGRAM (replaces the image's Entrypoint and Cmd; \"\" clears it),\n"
         "      --env-file FILE, --tmpfs /tmp[:size=SIZE,exec], --security-opt seccomp=PROFILE;\n"
         "      accepted as what nsbox always does: --rm, --read-only, --network none,\n"
         "      --cap-drop ALL, --security-opt no-new-privileges\n"
         "\nSee nsbox-exec(1).\n",
         out);
}

/* getopt's long and short options from the keys, plus --config and --help. */
static struct option *
build_options (const struct nsbox_spec_key *keys, char *shortopts, size_t size)
{
  size_t n = 0, used = 0;
  struct option *o;

  while (keys[n].name)
    n++;
  o = calloc (n + 3 + N_ALIASES, sizeof *o);
  if (o == NULL)
    return NULL;
  used += (size_t) snprintf (shortopts, size, "+h");
  n = 0;
  for (size_t i = 0; keys[i].name; i++)
    {
      int has_arg = keys[i].type == NSBOX_SPEC_BOOL ? no_argument : required_argument;

      if (keys[i].flag == NULL)
        continue;
      o[n++] = (struct option){ keys[i].flag, has_arg, NULL, OPT_KEY + (int) i };
      if (keys[i].short_flag && used + 3 < size)
        used += (size_t) snprintf (shortopts + used, size - used, "%c%s", keys[i].short_flag,
                                   has_arg == required_argument ? ":" : "");
    }
  for (size_t i = 0; i < N_ALIASES; i++)
    o[n++] = (struct option){ aliases[i].flag, aliases[i].has_arg, NULL, OPT_ALIAS + (int) i };
  o[n++] = (struct option){ "config", required_argument, NULL, OPT_CONFIG };
  o[n++] = (struct option){ "help", no_argument, NULL, 'h' };
  return o;
}

/* The key a short flag stands for. */
static int
short_key (const struct nsbox_spec_key *keys, int c)
{
  for (size_t i = 0; keys[i].name; i++)
    if (keys[i].short_flag == c && keys[i].flag)
      return OPT_KEY + (int) i;
  return '?';
}

static int
fail (char **message, struct nsbox_error *err)
{
  *message = nsbox_error_format (err);
  nsbox_error_free (err);
  return -1;
}

static int
strv_append (char ***v, const char *s)
{
  size_t n = 0;
  char **grown;

  while (*v && (*v)[n])
    n++;
  if ((grown = realloc (*v, (n + 2) * sizeof *grown)) == NULL)
    return -1;
  *v = grown;
  if ((grown[n] = strdup (s)) == NULL)
    return -1;
  grown[n + 1] = NULL;
  return 0;
}

static int
set (struct target *t, const char *key, const char *value, char **message)
{
  struct nsbox_error *err = NULL;

  if (nsbox_spec_set (t->spec, key, value, &err) < 0)
    return fail (message, err);
  if (t->keys && (strv_append (t->keys, key) < 0 || strv_append (t->keys, value ? value : "true") < 0))
    return refuse (message, "out of memory");
  return 0;
}

/* Beneath the config file: what the environment says, else, for the build
 * tree's nsbox, the build tree's data (datadirs.h; an installed nsbox leaves
 * the library's defaults, which are its own).  secure_getenv: never
 * honoured in a set-id process. */
static int
from_environment (const struct nsbox_global_options *global, struct nsbox_spec *spec, char **message)
{
  const struct nsbox_cli_dirs *dirs = nsbox_cli_dirs ();
  const bool build = dirs->build_tree;
  struct target t = { spec, NULL };
  const struct
  {
    const char *var, *key, *fallback;
  } vars[] = {
    { "NSBOX_SECCOMP_PROFILE_DIR", "seccomp_profile_dir", build ? dirs->seccomp_profiles : NULL },
    { "NSBOX_SECCOMP_CACHE_DIR", "seccomp_cache_dir", build ? dirs->seccomp_cache : NULL },
    { "NSBOX_LANG_POLICY_DIR", "lang_policy_dir", build ? dirs->lang_policies : NULL },
    { "NSBOX_CONFIG", "conf", NULL },
  };

  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
    {
      const char *value = secure_getenv (vars[i].var);

      if (value == NULL || *value == '\0')
        value = vars[i].fallback;
      if (value && set (&t, vars[i].key, value, message) < 0)
        return -1;
    }
  if (global->store && !global->store_given && set (&t, "store", global->store, message) < 0)
    return -1;
  return 0;
}

/* Over the config file: the global options, then the flags in their order. */
static int
from_flags (const struct nsbox_global_options *global, const struct nsbox_spec_key *keys, const int *opts,
            char *const *args, size_t n, struct target *t, char **message)
{
  /* A state root that is the user's default is not the command line's. */
  struct target by_default = { t->spec, global->state_root_given ? t->keys : NULL };

  if (global->state_root && set (&by_default, "root", global->state_root, message) < 0)
    return -1;
  if (global->store && global->store_given && set (t, "store", global->store, message) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    {
      int ret = opts[i] >= OPT_ALIAS ? aliases[opts[i] - OPT_ALIAS].apply (t, args[i], message)
                                     : set (t, keys[opts[i] - OPT_KEY].name, args[i], message);

      if (ret < 0)
        return -1;
    }
  return 0;
}

/* A command given on the command line replaces the config file's. */
static int
set_list (struct target *t, const char *key, int argc, char **argv, char **message)
{
  struct nsbox_error *err = NULL;

  if (optind >= argc)
    return 0;
  if (nsbox_spec_clear (t->spec, key, &err) < 0)
    return fail (message, err);
  for (int i = optind; i < argc; i++)
    if (set (t, key, argv[i], message) < 0)
      return -1;
  return 0;
}

/* What follows the options: a language run's arguments; or an image (unless
 * a root is named already), then the command. */
static int
from_positionals (int argc, char **argv, struct target *t, char **message)
{
  if (nsbox_spec_is_set (t->spec, "lang") == 1)
    return set_list (t, "args", argc, argv, message);
  if (nsbox_spec_is_set (t->spec, "rootfs") != 1 && nsbox_spec_is_set (t->spec, "image") != 1 && optind < argc)
    {
      if (strcmp (argv[optind - 1], "--") == 0)
        {
          *message = strdup ("an image or --rootfs DIR is required before `--`");
          return -1;
        }
      if (set (t, "image", argv[optind++], message) < 0)
        return -1;
      if (optind < argc && strcmp (argv[optind], "--") == 0)
        optind++;
    }
  return set_list (t, "argv", argc, argv, message);
}

/* Bundled short flags (-it, -tititi) give several options in one argument:
 * each takes at least one of its characters. */
static size_t
most_options (int argc, char **argv)
{
  size_t n = 1;

  for (int i = 1; i < argc; i++)
    n += strlen (argv[i]);
  return n;
}

int
nsbox_exec_args_parse (const struct nsbox_global_options *global, int argc, char **argv, struct nsbox_spec *spec,
                       struct nsbox_exec_parsed *parsed, char **message)
{
  const struct nsbox_spec_key *keys = nsbox_spec_keys ();
  const size_t max_opts = most_options (argc, argv);
  _cleanup_free_ struct option *options = NULL;
  _cleanup_free_ int *opts = calloc (max_opts, sizeof (int));
  _cleanup_free_ char **args = calloc (max_opts, sizeof (char *));
  struct nsbox_error *err = NULL;
  struct target t = { spec, &parsed->keys };
  const char *config = NULL;
  char shortopts[64];
  size_t n = 0;
  int opt;

  parsed->help = false;
  *message = NULL;
  options = build_options (keys, shortopts, sizeof shortopts);
  if (options == NULL || opts == NULL || args == NULL)
    {
      *message = strdup ("out of memory");
      return -1;
    }
  opterr = 0;
  optind = 0;
  while ((opt = getopt_long (argc, argv, shortopts, options, NULL)) != -1)
    {
      if (opt < OPT_KEY && opt != OPT_CONFIG && opt != 'h')
        opt = short_key (keys, opt);
      if (opt == '?')
        {
          if (asprintf (message, "unknown or incomplete option `%s` (see nsbox exec --help)", argv[optind - 1]) < 0)
            *message = NULL;
          return -1;
        }
      if (opt == 'h')
        parsed->help = true;
      else if (opt == OPT_CONFIG)
        config = optarg;
      else
        {
          opts[n] = opt;
          args[n++] = optarg;
        }
    }
  if (parsed->help)
    return 0;
  if (from_environment (global, spec, message) < 0)
    return -1;
  parsed->config = config;
  if (config && nsbox_spec_load_file (spec, config, &err) < 0)
    return fail (message, err);
  if (from_flags (global, keys, opts, args, n, &t, message) < 0)
    return -1;
  return from_positionals (argc, argv, &t, message);
}

void
nsbox_exec_parsed_release (struct nsbox_exec_parsed *parsed)
{
  for (char **k = parsed->keys; k && *k; k++)
    free (*k);
  free (parsed->keys);
  parsed->keys = NULL;
}
