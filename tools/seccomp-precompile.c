/* seccomp-precompile - compile seccomp profiles into a cache directory.
 *
 * `make` runs it on the shipped profiles so a broken profile fails the
 * build and the test suite starts with a warm cache.  With --measure it also
 * reports what a cold compile and a cached load (read, validate, seccomp(2)
 * in a child) cost, in milliseconds. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "seccomp-filter.h"

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *
slurp (const char *path, size_t *len)
{
  _cleanup_fclose_ FILE *f = fopen (path, "re");
  char *buf = NULL;

  if (f == NULL)
    return NULL;
  if (fseek (f, 0, SEEK_END) < 0 || (*len = ftell (f)) == (size_t) -1 || fseek (f, 0, SEEK_SET) < 0)
    return NULL;
  buf = malloc (*len + 1);
  if (buf && fread (buf, 1, *len, f) != *len)
    {
      free (buf);
      return NULL;
    }
  return buf;
}

/* Average cold compile time over runs, without touching the cache. */
static double
measure_compile (const char *path, int runs)
{
  size_t len;
  _cleanup_free_ char *data = slurp (path, &len);
  double total = 0;

  if (data == NULL)
    return -1;
  for (int i = 0; i < runs; i++)
    {
      struct nsbox_seccomp_program prog;
      _cleanup_error_ struct nsbox_error *err = NULL;
      double t0 = now_ms ();
      if (nsbox_seccomp_compile (path, data, len, &prog, &err) < 0)
        return -1;
      total += now_ms () - t0;
      nsbox_seccomp_program_release (&prog);
    }
  return total / runs;
}

/* A cached load as a sandbox child does it: prepare from cache, then install. */
static double
measure_cached_load (const char *path, const char *cache_dir)
{
  int fds[2];
  double ms = -1;
  pid_t pid;

  if (pipe (fds) < 0)
    return -1;
  pid = fork ();
  if (pid == 0)
    {
      struct nsbox_seccomp_program prog;
      double t0, result = -1;

      close (fds[0]);
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
        {
          t0 = now_ms ();
          if (nsbox_seccomp_prepare (path, NULL, cache_dir, &prog, NULL) == 0 && prog.from_cache
              && nsbox_seccomp_install (&prog) == 0)
            result = now_ms () - t0;
        }
      if (write (fds[1], &result, sizeof result) != sizeof result)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  if (pid > 0)
    {
      if (read (fds[0], &ms, sizeof ms) != sizeof ms)
        ms = -1;
      waitpid (pid, NULL, 0);
    }
  close (fds[0]);
  return ms;
}

int
main (int argc, char **argv)
{
  bool measure = argc > 1 && strcmp (argv[1], "--measure") == 0;
  int first = measure ? 2 : 1;
  int status = 0;

  if (argc - first < 2)
    {
      fprintf (stderr, "usage: %s [--measure] CACHE_DIR PROFILE.json...\n", argv[0]);
      return 2;
    }
  for (int i = first + 1; i < argc; i++)
    {
      struct nsbox_seccomp_program prog;
      _cleanup_error_ struct nsbox_error *err = NULL;

      if (nsbox_seccomp_prepare (argv[i], NULL, argv[first], &prog, &err) < 0)
        {
          _cleanup_free_ char *msg = nsbox_error_format (err);
          fprintf (stderr, "seccomp-precompile: %s\n", msg ? msg : "out of memory");
          status = 1;
          continue;
        }
      printf ("%s: %zu instructions%s", argv[i], prog.length, prog.from_cache ? " (cached)" : "");
      if (measure)
        printf (", compile %.3f ms, cached load+install %.3f ms", measure_compile (argv[i], 20),
                measure_cached_load (argv[i], argv[first]));
      printf ("\n");
      nsbox_seccomp_program_release (&prog);
    }
  return status;
}
