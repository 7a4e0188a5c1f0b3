#define _GNU_SOURCE
#include "image-harness.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "image/store/layer.h"

#ifndef NSBOX_TEST_SRCDIR
#define NSBOX_TEST_SRCDIR "."
#endif

static const char *
srcdir (void)
{
  const char *s = getenv ("NSBOX_SRCDIR");
  return s ? s : NSBOX_TEST_SRCDIR;
}

static const char *
image_bin (void)
{
  const char *s = getenv ("NSBOX_IMAGE_BIN");
  return s ? s : "src/nsbox-image/nsbox-image";
}

/* Directories made by image_tmpdir() and not yet removed: the suites' .fini removes them
 * when an assertion ends a test early. */
#define MAX_TMPDIRS 16
static char *live_tmpdirs[MAX_TMPDIRS];

char *
image_tmpdir (void)
{
  char *dir = strdup ("/tmp/nsbox-image-test-XXXXXX");

  cr_assert_not_null (dir);
  cr_assert_not_null (mkdtemp (dir), "mkdtemp: %s", strerror (errno));
  for (int i = 0; i < MAX_TMPDIRS; i++)
    if (live_tmpdirs[i] == NULL)
      {
        live_tmpdirs[i] = dir;
        break;
      }
  return dir;
}

void
image_cleanup (void)
{
  for (int i = 0; i < MAX_TMPDIRS; i++)
    if (live_tmpdirs[i])
      image_tmpdir_remove (live_tmpdirs[i]);
}

void
image_tmpdir_remove (char *dir)
{
  struct nsbox_error *err = NULL;
  char *slash;

  if (dir == NULL)
    return;
  for (int i = 0; i < MAX_TMPDIRS; i++)
    if (live_tmpdirs[i] == dir)
      live_tmpdirs[i] = NULL;
  slash = strrchr (dir, '/');
  *slash = '\0';
  {
    int parent = open (*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (parent >= 0)
      {
        nsbox_remove_tree_at (parent, slash + 1, &err);
        close (parent);
      }
  }
  nsbox_error_free (err);
  free (dir);
}

static char *
drain (int fd)
{
  size_t cap = 4096, len = 0;
  char *buf = malloc (cap);
  ssize_t n;

  while (buf && (n = read (fd, buf + len, cap - len - 1)) > 0)
    {
      len += n;
      if (cap - len < 2)
        buf = realloc (buf, cap *= 2);
    }
  if (buf)
    buf[len] = '\0';
  return buf;
}

int
image_run (char *const argv[], char **out, char **err)
{
  int po[2], pe[2], status;
  pid_t pid;
  char *o, *e;

  cr_assert_eq (pipe2 (po, O_CLOEXEC), 0);
  cr_assert_eq (pipe2 (pe, O_CLOEXEC), 0);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      dup2 (po[1], 1);
      dup2 (pe[1], 2);
      execvp (argv[0], argv);
      _exit (127);
    }
  close (po[1]);
  close (pe[1]);
  /* Both pipes are small for the outputs we expect; read stderr after stdout. */
  o = drain (po[0]);
  e = drain (pe[0]);
  close (po[0]);
  close (pe[0]);
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  if (out)
    *out = o;
  else
    free (o);
  if (err)
    *err = e;
  else
    free (e);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

#define MAX_ARGS 64

static void
collect (char **argv, int start, va_list ap)
{
  int i = start;
  const char *a;

  while ((a = va_arg (ap, const char *)) != NULL)
    {
      cr_assert_lt (i, MAX_ARGS - 1);
      argv[i++] = (char *)a;
    }
  argv[i] = NULL;
}

void
image_make (const char *kind, const char *out, ...)
{
  char script[4096];
  char *argv[MAX_ARGS] = { "python3", script, (char *)kind, (char *)out };
  char *err = NULL;
  va_list ap;
  int status;

  snprintf (script, sizeof script, "%s/tests/image/mkimage.py", srcdir ());
  va_start (ap, out);
  collect (argv, 4, ap);
  va_end (ap);
  status = image_run (argv, NULL, &err);
  cr_assert_eq (status, 0, "mkimage.py %s failed: %s", kind, err);
  free (err);
}

int
image_cli (const char *store, char **out, char **err, ...)
{
  char *argv[MAX_ARGS] = { (char *)image_bin (), "--store", (char *)store };
  va_list ap;

  va_start (ap, err);
  collect (argv, 3, ap);
  va_end (ap);
  return image_run (argv, out, err);
}

pid_t
image_cli_spawn (const char *store, ...)
{
  char *argv[MAX_ARGS] = { (char *)image_bin (), "--store", (char *)store };
  va_list ap;
  pid_t pid;

  va_start (ap, store);
  collect (argv, 3, ap);
  va_end (ap);
  pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);
      dup2 (null, 1);
      dup2 (null, 2);
      execv (argv[0], argv);
      _exit (127);
    }
  return pid;
}

size_t
image_count_entries (const char *store, const char *sub)
{
  char path[4096];
  DIR *d;
  struct dirent *de;
  size_t n = 0;

  snprintf (path, sizeof path, "%s/%s", store, sub);
  d = opendir (path);
  if (d == NULL)
    return 0;
  while ((de = readdir (d)) != NULL)
    if (strcmp (de->d_name, ".") && strcmp (de->d_name, ".."))
      n++;
  closedir (d);
  return n;
}

bool
image_path_exists (const char *path)
{
  struct stat st;
  return lstat (path, &st) == 0;
}

char *
image_read_file (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  char *data;

  if (fd < 0)
    return NULL;
  data = drain (fd);
  close (fd);
  return data;
}
