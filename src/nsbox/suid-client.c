/* suid-client.c - `nsbox exec` by a user who is not root, through the setuid
 * helper: the request (suid-protocol.h) made of the command line's own keys,
 * every file it names opened here with the user's rights (the helper never
 * resolves a path of the user's as root), the helper run, told of a stop
 * signal, and waited for. */
#define _GNU_SOURCE
#include "suid-client.h"
#include "base/cleanup.h"
#include "cli.h"
#include "datadirs.h"
#include "nsbox.h"
#include "lang/inputs.h"
#include "suid-protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

const char *
nsbox_cli_suid_helper (void)
{
  const char *path = secure_getenv ("NSBOX_SUID_HELPER");
  struct stat st;

  if (path == NULL || *path == '\0')
    path = nsbox_cli_dirs ()->suid_helper;
  if (stat (path, &st) < 0 || !S_ISREG (st.st_mode) || st.st_uid != 0 || !(st.st_mode & S_ISUID)
      || access (path, X_OK) < 0)
    return NULL;
  return path;
}

struct request
{
  json_t *json;
  int fds[NSBOX_SUID_FDS_MAX];
  size_t n_fds;
};

static void
request_release (struct request *r)
{
  json_decref (r->json);
  for (size_t i = 1; i < r->n_fds; i++)
    close (r->fds[i]);
}

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

/* Opened as this user: what the helper gets is what the user could open.
 * O_NONBLOCK: a FIFO must not block the open (the helper refuses it). */
static int
add_file (struct request *r, const char *what, const char *path, char **message)
{
  int fd;

  if (r->n_fds >= NSBOX_SUID_FDS_MAX)
    return refuse (message, "%s `%s`: more files than the setuid helper takes (%d)", what, path,
                   NSBOX_SUID_FDS_MAX);
  if ((fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) < 0)
    return refuse (message, "%s `%s`: %s", what, path, strerror (errno));
  r->fds[r->n_fds] = fd;
  return (int) r->n_fds++;
}

/* -v SRC:DST[:ro|rw], the source opened here. */
static int
add_volume (struct request *r, const char *value, char **message)
{
  _cleanup_free_ char *text = strdup (value);
  char *dst, *mode;
  int index;
  bool read_only = false;
  json_t *volumes = json_object_get (r->json, "volumes");

  if (text == NULL)
    return refuse (message, "out of memory");
  if ((dst = strchr (text, ':')) == NULL)
    return refuse (message, "invalid volume `%s`: expected HOST:PATH[:ro|rw]", value);
  *dst++ = '\0';
  if ((mode = strchr (dst, ':')) != NULL)
    {
      *mode++ = '\0';
      if (strcmp (mode, "ro") != 0 && strcmp (mode, "rw") != 0)
        return refuse (message, "invalid volume `%s`: unknown option `%s`", value, mode);
      read_only = strcmp (mode, "ro") == 0;
    }
  if ((index = add_file (r, "volume", text, message)) < 0)
    return -1;
  if (json_array_append_new (volumes, json_pack ("{s:i, s:s, s:s, s:b}", "fd", index, "source", text,
                                                 "destination", dst, "read_only", read_only))
      < 0)
    return refuse (message, "out of memory");
  return 0;
}

/* --stdin-each FILE|DIR: expanded as a run as root would (lang/inputs.c),
 * each file opened here, in order. */
static int
add_inputs (struct request *r, const char *value, char **message)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_strv_ char **files = NULL;
  char *const given[] = { (char *) value, NULL };
  json_t *inputs = json_object_get (r->json, "stdin_each");
  int index;

  if (nsbox_lang_inputs_expand (given, &files, &err) < 0)
    {
      _cleanup_free_ char *text = nsbox_error_format (err);

      return refuse (message, "%s", text ? text : "out of memory");
    }
  if (inputs == NULL && json_object_set_new (r->json, "stdin_each", inputs = json_array ()) < 0)
    return refuse (message, "out of memory");
  for (char **f = files; *f; f++)
    {
      if (json_array_size (inputs) >= NSBOX_SUID_INPUTS_MAX)
        return refuse (message, "--stdin-each: more than %d inputs through the setuid helper", NSBOX_SUID_INPUTS_MAX);
      if ((index = add_file (r, "--stdin-each", *f, message)) < 0)
        return -1;
      if (json_array_append_new (inputs, json_pack ("{s:i, s:s}", "fd", index, "name", *f)) < 0)
        return refuse (message, "out of memory");
    }
  return 0;
}

static int
add_key (struct request *r, const char *key, const char *value, char **message)
{
  int index;

  if (strcmp (key, "volume") == 0)
    return add_volume (r, value, message);
  if (strcmp (key, "mount") == 0)
    return refuse (message, "--mount through the setuid helper: give the bind as -v SRC:DST[:ro]");
  if (strcmp (key, "stdin_each") == 0)
    return add_inputs (r, value, message);
  if ((strcmp (key, "code") == 0 && strcmp (value, "-") != 0) || strcmp (key, "stdin") == 0)
    {
      const bool code = key[0] == 'c';

      if ((index = add_file (r, code ? "--code" : "--stdin", value, message)) < 0)
        return -1;
      return json_object_set_new (r->json, code ? "code" : "stdin_file", json_integer (index)) < 0
                 ? refuse (message, "out of memory")
                 : 0;
    }
  if (json_array_append_new (json_object_get (r->json, "keys"), json_pack ("[s, s]", key, value)) < 0)
    return refuse (message, "out of memory");
  return 0;
}

static int
build_request (struct request *r, char *const *keys, char **message)
{
  r->json = json_pack ("{s:i, s:[], s:[]}", "protocol", NSBOX_SUID_PROTOCOL, "keys", "volumes");
  if (r->json == NULL)
    return refuse (message, "out of memory");
  r->fds[r->n_fds++] = STDIN_FILENO;
  for (char *const *k = keys; k && k[0] && k[1]; k += 2)
    if (add_key (r, k[0], k[1], message) < 0)
      return -1;
  return 0;
}

/* The length and every fd in one message, then the JSON. */
static int
send_request (int sock, const struct request *r, char **message)
{
  _cleanup_free_ char *text = json_dumps (r->json, JSON_COMPACT);
  uint32_t length;
  union
  {
    char buf[CMSG_SPACE (sizeof (int) * NSBOX_SUID_FDS_MAX)];
    struct cmsghdr align;
  } control;
  struct iovec iov = { &length, sizeof length };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                        .msg_controllen = CMSG_SPACE (sizeof (int) * r->n_fds) };
  struct cmsghdr *cmsg;
  size_t done = 0;

  if (text == NULL)
    return refuse (message, "out of memory");
  if (strlen (text) > NSBOX_SUID_REQUEST_MAX)
    return refuse (message, "the request is %zu bytes: the setuid helper takes at most %d (argv and environment)",
                   strlen (text), NSBOX_SUID_REQUEST_MAX);
  length = (uint32_t) strlen (text);
  memset (&control, 0, sizeof control);
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (sizeof (int) * r->n_fds);
  memcpy (CMSG_DATA (cmsg), r->fds, sizeof (int) * r->n_fds);
  if (sendmsg (sock, &msg, MSG_NOSIGNAL) != (ssize_t) sizeof length)
    return refuse (message, "send the request to the setuid helper: %s", strerror (errno));
  while (done < length)
    {
      ssize_t n = send (sock, text + done, length - done, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return refuse (message, "send the request to the setuid helper: %s", strerror (errno));
      done += (size_t) n;
    }
  return 0;
}

static pid_t
start_helper (const char *helper, int sock, int *pidfd)
{
  pid_t pid = fork ();

  if (pid == 0)
    {
      /* dup2 clears close-on-exec: the socket is the helper's fd 0. */
      if (dup2 (sock, STDIN_FILENO) < 0)
        _exit (125);
      execl (helper, "nsbox-suid", "exec", (char *) NULL);
      fprintf (stderr, "nsbox: run the setuid helper `%s`: %s\n", helper, strerror (errno));
      _exit (125);
    }
  if (pid > 0 && (*pidfd = (int) syscall (SYS_pidfd_open, pid, 0)) < 0)
    {
      /* Never leave it running without a way to wait for it. */
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
      return -1;
    }
  return pid;
}

/* Until the helper ends: a stop signal to this process is passed on as one
 * byte (the helper is root's now: it cannot be signalled by this user). */
static int
wait_helper (pid_t pid, int pidfd, int sock)
{
  sigset_t stop;
  _cleanup_close_ int sfd = -1;
  siginfo_t info = { 0 };

  sigemptyset (&stop);
  sigaddset (&stop, SIGINT);
  sigaddset (&stop, SIGTERM);
  sigaddset (&stop, SIGHUP);
  sigaddset (&stop, SIGQUIT);
  sigprocmask (SIG_BLOCK, &stop, NULL);
  sfd = signalfd (-1, &stop, SFD_CLOEXEC);
  for (;;)
    {
      struct pollfd p[2] = { { pidfd, POLLIN, 0 }, { sfd, POLLIN, 0 } };
      struct signalfd_siginfo si;

      if (poll (p, sfd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
        break;
      if (p[0].revents)
        break;
      if (sfd >= 0 && (p[1].revents & POLLIN) && read (sfd, &si, sizeof si) == sizeof si)
        {
          unsigned char sig = (unsigned char) si.ssi_signo;

          if (send (sock, &sig, 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
            shutdown (sock, SHUT_WR);
        }
    }
  if (waitid (P_PID, (id_t) pid, &info, WEXITED) < 0)
    return 125;
  return info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
}

static int
refused (const char *message, bool json)
{
  struct nsbox_error *err = nsbox_error_new (0, message ? message : "out of memory");

  if (json && err)
    nsbox_error_print_report (err, STDOUT_FILENO);
  else
    nsbox_cli_error ("%s", message ? message : "out of memory");
  nsbox_error_free (err);
  return 125;
}

int
nsbox_cli_suid_exec (const char *helper, char *const *keys, bool json)
{
  __attribute__ ((cleanup (request_release))) struct request r = { 0 };
  _cleanup_free_ char *message = NULL;
  _cleanup_close_ int pidfd = -1;
  int sv[2];
  pid_t pid;
  int status;

  if (build_request (&r, keys, &message) < 0)
    return refused (message, json);
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    {
      nsbox_cli_error ("socketpair: %s", strerror (errno));
      return 125;
    }
  pid = start_helper (helper, sv[1], &pidfd);
  close (sv[1]);
  if (pid < 0)
    {
      close (sv[0]);
      nsbox_cli_error ("run the setuid helper `%s`: %s", helper, strerror (errno));
      return 125;
    }
  if (send_request (sv[0], &r, &message) < 0)
    {
      /* The helper sees EOF and ends; its own word on it, if any, is on stderr. */
      shutdown (sv[0], SHUT_RDWR);
      nsbox_cli_error ("%s", message ? message : "out of memory");
    }
  status = wait_helper (pid, pidfd, sv[0]);
  close (sv[0]);
  return status;
}

int
nsbox_cli_suid_command (const char *helper, int argc, char **argv)
{
  _cleanup_free_ char **args = calloc ((size_t) argc + 2, sizeof *args);

  if (args == NULL)
    {
      nsbox_cli_error ("out of memory");
      return 125;
    }
  args[0] = (char *) "nsbox-suid";
  for (int i = 0; i < argc; i++)
    args[i + 1] = argv[i];
  execv (helper, args);
  nsbox_cli_error ("run the setuid helper `%s`: %s", helper, strerror (errno));
  return 125;
}
