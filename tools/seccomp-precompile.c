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

#include "base/cleanup.h"
#include "seccomp/seccomp.h"

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

/* A cached load as a sandbox child does it, in a fresh child each run:
 * prepare from the cache (read, validate), then seccomp(2).  Averages over
 * runs, in ms: [0] prepare, [1] install. */
static int
measure_cached_load (const char *path, const char *cache_dir, int runs, double out[2])
{
  out[0] = out[1] = 0;
  for (int i = 0; i < runs; i++)
    {
      double t[2] = { -1, -1 };
      int fds[2];
      pid_t pid;

      if (pipe (fds) < 0)
        return -1;
      pid = fork ();
      if (pid == 0)
        {
          struct nsbox_seccomp_program prog;
          double t0 = now_ms ();

          close (fds[0]);
          if (nsbox_seccomp_prepare (path, NULL, cache_dir, &prog, NULL) == 0 && prog.from_cache)
            {
              double t1 = now_ms ();
              if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && nsbox_seccomp_install (&prog) == 0)
                {
                  t[0] = t1 - t0;
                  t[1] = now_ms () - t1;
                }
            }
          _exit (write (fds[1], t, sizeof t) == sizeof t ? 0 : 1);
        }
      close (fds[1]);
      if (pid < 0 || read (fds[0], t, sizeof t) != sizeof t || t[0] < 0)
        {
          close (fds[0]);
          return -1;
        }
      close (fds[0]);
      waitpid (pid, NULL, 0);
      out[0] += t[0] / runs;
      out[1] += t[1] / runs;
    }
  return 0;
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
        {
          double load[2] = { -1, -1 };
          measure_cached_load (argv[i], argv[first], 20, load);
          printf (", compile %.3f ms, cached load %.3f ms + seccomp(2) %.3f ms", measure_compile (argv[i], 20),
                  load[0], load[1]);
        }
      printf ("\n");
      nsbox_seccomp_program_release (&prog);
    }
  return status;
}
