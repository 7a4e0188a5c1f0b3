/* nativerun - run a toolchain in a chroot of an image's root, with no sandbox: the "native"
 * baseline of bench/lang.sh, as cheap as a root directory can be made usable.
 *
 * Usage: nativerun ROOT SRCDIR [--warm FROM:AT] [--env K=V]... [--stdin FILE] -- PROGRAM [ARG...]
 *
 * In a mount namespace of its own (private, so nothing reaches the host): ROOT bound read-only
 * over itself, a tmpfs at ROOT/tmp (512 MB, exec), proc at ROOT/proc, the host's /dev at
 * ROOT/dev, SRCDIR at ROOT/srv and, with --warm, an overlay at ROOT/AT of ROOT/FROM with its
 * upper on the tmpfs (as a policy's warm_cache).  Then chroot, open FILE (a path inside ROOT)
 * as stdin, and exec PROGRAM (looked up in /usr/local/bin:/usr/bin:/bin unless it has a
 * slash) with only PATH, HOME=/tmp and the --env variables.
 *
 * No process is started before PROGRAM, so what this costs over PROGRAM alone is an unshare,
 * five or six mounts and a chroot: run it with PROGRAM /bin/true to see that floor.  Exits 125
 * when the set-up fails, else as execve leaves it to PROGRAM. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ENV 64

extern char **environ;

struct options
{
  const char *root, *srcdir, *warm_from, *warm_at, *stdin_path;
  char *env[MAX_ENV + 3];
  char **argv;
};

__attribute__ ((noreturn)) static void
die (const char *what, const char *path)
{
  fprintf (stderr, "nativerun: %s `%s`: %s\n", what, path, strerror (errno));
  exit (125);
}

__attribute__ ((noreturn)) static void
usage (void)
{
  fprintf (stderr, "usage: nativerun ROOT SRCDIR [--warm FROM:AT] [--env K=V]... [--stdin FILE] -- PROGRAM [ARG...]\n");
  exit (125);
}

static void
parse (int argc, char **argv, struct options *o)
{
  size_t n_env = 0;
  int i = 3;

  if (argc < 5)
    usage ();
  o->root = argv[1];
  o->srcdir = argv[2];
  o->env[n_env++] = "PATH=/usr/local/bin:/usr/bin:/bin";
  o->env[n_env++] = "HOME=/tmp";
  for (; i < argc && strcmp (argv[i], "--") != 0; i += 2)
    {
      if (i + 1 >= argc)
        usage ();
      if (strcmp (argv[i], "--env") == 0 && n_env < MAX_ENV + 2)
        o->env[n_env++] = argv[i + 1];
      else if (strcmp (argv[i], "--stdin") == 0)
        o->stdin_path = argv[i + 1];
      else if (strcmp (argv[i], "--warm") == 0 && strchr (argv[i + 1], ':'))
        {
          o->warm_from = argv[i + 1];
          o->warm_at = strchr (argv[i + 1], ':') + 1;
        }
      else
        usage ();
    }
  o->env[n_env] = NULL;
  if (i + 1 >= argc)
    usage ();
  o->argv = argv + i + 1;
}

/* ROOT + PATH, PATH being absolute. */
static char *
under (const char *root, const char *path, size_t path_len)
{
  char *full;

  if (asprintf (&full, "%s%.*s", root, (int) path_len, path) < 0)
    die ("cannot allocate a path under", root);
  return full;
}

static void
mount_or_die (const char *source, const char *target, const char *type, unsigned long flags, const char *data)
{
  if (mount (source, target, type, flags, data) < 0)
    die ("cannot mount on", target);
}

static void
mount_warm_cache (const struct options *o)
{
  char *lower = under (o->root, o->warm_from, (size_t) (o->warm_at - 1 - o->warm_from));
  char *at = under (o->root, o->warm_at, strlen (o->warm_at));
  char *upper = under (o->root, "/tmp/.warm-upper", 16), *work = under (o->root, "/tmp/.warm-work", 15);
  char *data;

  if (mkdir (upper, 0755) < 0 || mkdir (work, 0755) < 0 || (mkdir (at, 0755) < 0 && errno != EEXIST))
    die ("cannot create the overlay's directories for", at);
  if (asprintf (&data, "lowerdir=%s,upperdir=%s,workdir=%s", lower, upper, work) < 0)
    die ("cannot allocate the overlay options for", at);
  mount_or_die ("overlay", at, "overlay", 0, data);
}

static int
redirect_stdin (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return -1;
  if (dup2 (fd, 0) < 0)
    return -1;
  return close (fd);
}

int
main (int argc, char **argv)
{
  struct options o = { 0 };
  const char *root;

  parse (argc, argv, &o);
  root = o.root;
  if (unshare (CLONE_NEWNS) < 0)
    die ("cannot unshare the mount namespace for", root);
  mount_or_die (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
  mount_or_die (root, root, NULL, MS_BIND, NULL);
  mount_or_die (NULL, root, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
  mount_or_die ("tmpfs", under (root, "/tmp", 4), "tmpfs", MS_NOSUID | MS_NODEV, "size=512m,mode=1777");
  mount_or_die ("proc", under (root, "/proc", 5), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  mount_or_die ("/dev", under (root, "/dev", 4), NULL, MS_BIND | MS_REC, NULL);
  mount_or_die (o.srcdir, under (root, "/srv", 4), NULL, MS_BIND, NULL);
  if (o.warm_from)
    mount_warm_cache (&o);
  if (chroot (root) < 0 || chdir ("/") < 0)
    die ("cannot chroot into", root);
  if (o.stdin_path && redirect_stdin (o.stdin_path) < 0)
    die ("cannot open for stdin", o.stdin_path);
  /* execvp() searches the PATH of the environment it runs in: make that the program's. */
  environ = o.env;
  execvp (o.argv[0], o.argv);
  die ("cannot execute", o.argv[0]);
}
