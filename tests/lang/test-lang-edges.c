/* Language runs at their edges: inputs that never end, signals between the
 * steps.  They run a small shell "language" on the busybox root (its policy
 * is written here), so no toolchain image is needed. */
#define _GNU_SOURCE
#include "harness.h"
#include "sandbox/state.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef NSBOX_TEST_SRCDIR
#define NSBOX_TEST_SRCDIR "."
#endif

#define ROOT sbx_root ("busybox")

static char *work; /* this test's directory: nsbox.conf, policies, state root */
static char conf[4200], state_root[4200];

static void
write_text (const char *path, const char *text)
{
  FILE *f = fopen (path, "w");

  cr_assert_not_null (f, "%s", path);
  fputs (text, f);
  cr_assert_eq (fclose (f), 0);
}

static const char *
in_work (const char *name)
{
  static __thread char path[4300];

  snprintf (path, sizeof path, "%s/%s", work, name);
  return path;
}

/* "shc": the compile step copies the script to /out (after touching
 * /out/compiling, and sleeping as long as the code's first line says), the
 * run step runs the copy. */
static void
setup (void)
{
  char text[8192];

  work = sbx_tmpdir ();
  snprintf (state_root, sizeof state_root, "%s/state", work);
  snprintf (conf, sizeof conf, "%s/nsbox.conf", work);
  cr_assert_eq (mkdir (in_work ("policies"), 0755), 0);
  snprintf (text, sizeof text, "{\"policy_dir\": \"%s/policies\", \"results_log\": false}", work);
  write_text (conf, text);
  write_text (in_work ("policies/shc.json"),
              "{\"name\": \"shc\", \"image\": \"nsbox/none:latest\", \"file\": \"/code/main.sh\",\n"
              " \"compile\": {\"argv\": [\"sh\", \"-c\", \"cp /code/main.sh /out/main.sh\"], \"timeout\": 20},\n"
              " \"run\": {\"argv\": [\"sh\", \"/out/main.sh\"], \"timeout\": 20}}\n");
  write_text (in_work ("policies/shi.json"),
              "{\"name\": \"shi\", \"image\": \"nsbox/none:latest\", \"file\": \"/code/main.sh\",\n"
              " \"run\": {\"argv\": [\"sh\", \"/code/main.sh\"], \"timeout\": 20}}\n");
  setenv ("NSBOX_CONFIG", conf, 1);
}

/* A failed test may leave an artifact tmpfs below our directory: unmount it
 * before removing the directory. */
static void
unmount_below (const char *dir)
{
  char line[8192], point[4096];
  FILE *f = fopen ("/proc/self/mountinfo", "re");

  while (f && fgets (line, sizeof line, f))
    if (sscanf (line, "%*s %*s %*s %*s %4095s", point) == 1 && strncmp (point, dir, strlen (dir)) == 0)
      umount2 (point, MNT_DETACH);
  if (f)
    fclose (f);
}

static void
teardown (void)
{
  unmount_below (work);
  sbx_tmpdir_remove (work);
}

TestSuite (lang_edges, .init = setup, .fini = teardown, .timeout = 120);

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* nsbox --root <ours> exec ARGS with stdin `in` (-1: /dev/null); its stdout
 * and stderr go to the pipes returned in out and err. */
static pid_t
spawn (int in, int *out, int *err, const char *const *args)
{
  const char *argv[64] = { sbx_nsbox (), "--root", state_root, "exec" };
  int o[2], e[2];
  size_t n = 4;
  pid_t pid;

  while (*args && n < 63)
    argv[n++] = *args++;
  argv[n] = NULL;
  cr_assert_eq (pipe2 (o, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (e, O_CLOEXEC), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_RDWR);
      dup2 (in >= 0 ? in : null, 0);
      dup2 (o[1], 1);
      dup2 (e[1], 2);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (o[1]);
  close (e[1]);
  *out = o[0];
  *err = e[0];
  return pid;
}

static char *
read_all (int fd)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  char chunk[4096];
  ssize_t n;

  while ((n = read (fd, chunk, sizeof chunk)) > 0)
    fwrite (chunk, 1, (size_t) n, f);
  fclose (f);
  close (fd);
  return buf;
}

/* Wait at most `seconds` for pid; a hang is killed and fails the test.
 * Returns the exit status, or 1000 + N when signal N killed it. */
static int
wait_bounded (pid_t pid, double seconds)
{
  double end = now_s () + seconds;
  int status;

  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      if (now_s () > end)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          cr_assert_fail ("nsbox still ran after %.0f s", seconds);
        }
      usleep (10000);
    }
  return WIFEXITED (status) ? WEXITSTATUS (status) : 1000 + WTERMSIG (status);
}

/* ---------------------------------------------------------------- inputs that never end */

static void
fifo_is_refused (const char *flag)
{
  const char *fifo = strdup (in_work ("fifo"));
  const char *code = strdup (in_work ("main.sh"));
  const char *args[] = { "--lang", "shi", "--rootfs", ROOT, "--code", strcmp (flag, "--code") == 0 ? fifo : code,
                         strcmp (flag, "--stdin") == 0 ? "--stdin" : "--timeout",
                         strcmp (flag, "--stdin") == 0 ? fifo : "5", NULL };
  int out, err, status;
  char *text;
  pid_t pid;

  write_text (code, "echo hi\n");
  cr_assert_eq (mkfifo (fifo, 0600), 0);
  pid = spawn (-1, &out, &err, args);
  status = wait_bounded (pid, 10);
  free (read_all (out));
  text = read_all (err);
  cr_assert_eq (status, 125, "%s", text);
  cr_assert_not_null (strstr (text, "not a regular file"), "%s", text);
  free (text);
}

/* A FIFO nobody writes to would block the open (or the read) for ever. */
Test (lang_edges, a_fifo_as_code_is_refused_at_once)
{
  fifo_is_refused ("--code");
}

Test (lang_edges, a_fifo_as_stdin_is_refused_at_once)
{
  fifo_is_refused ("--stdin");
}

/* `--code -` from a stdin that stays open and silent waits no longer than
 * the wall-clock limit. */
Test (lang_edges, code_from_a_silent_stdin_waits_no_longer_than_the_timeout)
{
  const char *args[] = { "--lang", "shi", "--rootfs", ROOT, "--code", "-", "--timeout", "1", NULL };
  int in[2], out, err, status;
  double start = now_s ();
  char *text;
  pid_t pid;

  cr_assert_eq (pipe2 (in, O_CLOEXEC), 0);
  pid = spawn (in[0], &out, &err, args);
  close (in[0]);
  status = wait_bounded (pid, 10);
  close (in[1]);
  free (read_all (out));
  text = read_all (err);
  cr_assert_eq (status, 125, "%s", text);
  cr_assert_not_null (strstr (text, "stdin"), "%s", text);
  cr_assert_lt (now_s () - start, 5.0);
  free (text);
}

/* ---------------------------------------------------------------- signals between the steps */

static int
count_entries (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  int n = 0;

  if (d == NULL)
    return 0;
  while ((e = readdir (d)))
    if (e->d_name[0] != '.')
      n++;
  closedir (d);
  return n;
}

static bool
artifact_mounted (void)
{
  char line[8192];
  FILE *f = fopen ("/proc/self/mountinfo", "re");
  bool found = false;

  cr_assert_not_null (f);
  while (fgets (line, sizeof line, f))
    if (strstr (line, state_root) && strstr (line, NSBOX_STATE_ARTIFACTS))
      found = true;
  fclose (f);
  return found;
}

/* The compile step's state file goes last in its teardown: the moment it is
 * removed, nsbox is between the steps.  SIGTERM right then must still end
 * with a report (status interrupted), exit 128+15, and nothing left. */
Test (lang_edges, sigterm_between_compile_and_run_is_reported_and_cleaned_up)
{
  const char *code = strdup (in_work ("main.sh"));
  const char *args[] = { "--lang", "shc", "--rootfs", ROOT, "--code", code, "--json", NULL };
  int watch = inotify_init1 (IN_CLOEXEC);
  int out, err, status;
  char *report, *text, artifacts[4400];
  json_t *j;
  pid_t pid;

  write_text (code, "sleep 5; echo ran\n");
  cr_assert_eq (mkdir (state_root, 0711), 0);
  cr_assert_geq (watch, 0);
  cr_assert_geq (inotify_add_watch (watch, state_root, IN_DELETE), 0);
  pid = spawn (-1, &out, &err, args);
  for (bool between = false; !between;)
    {
      char buf[4096] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
      struct pollfd p = { .fd = watch, .events = POLLIN };
      ssize_t n;

      cr_assert_gt (poll (&p, 1, 20000), 0, "the compile step never ended");
      n = read (watch, buf, sizeof buf);
      for (char *q = buf; q < buf + n;)
        {
          const struct inotify_event *ev = (const struct inotify_event *) q;
          size_t len = ev->len ? strlen (ev->name) : 0;
          if (len > 5 && strcmp (ev->name + len - 5, ".json") == 0)
            between = true;
          q += sizeof *ev + ev->len;
        }
    }
  cr_assert_eq (kill (pid, SIGTERM), 0);
  close (watch);
  status = wait_bounded (pid, 20);
  report = read_all (out);
  text = read_all (err);
  cr_assert_eq (status, 128 + SIGTERM, "%s%s", report, text);
  j = json_loads (report, 0, NULL);
  cr_assert_not_null (j, "no report: %s / %s", report, text);
  cr_assert_str_eq (json_string_value (json_object_get (j, "status")), "interrupted", "%s", report);
  cr_assert_str_eq (json_string_value (json_object_get (j, "interrupted_by")), "SIGTERM", "%s", report);
  cr_assert_str_eq (json_string_value (json_object_get (json_object_get (j, "compile"), "status")), "exited",
                    "%s", report);
  cr_assert_null (strstr (report, "ran"), "the run step ran: %s", report);
  json_decref (j);
  cr_assert_not (artifact_mounted (), "the artifact tmpfs is still mounted");
  snprintf (artifacts, sizeof artifacts, "%s/%s", state_root, NSBOX_STATE_ARTIFACTS);
  cr_assert_eq (count_entries (artifacts), 0, "an artifact directory was left");
  cr_assert_eq (count_entries (state_root), 0, "a state file was left in %s", state_root);
  free (report);
  free (text);
}
