/* request.c - receive and parse the one request the setuid helper takes.
 *
 * Everything here comes from the caller, who is the attacker: a length that
 * is bounded before anything is allocated, no more fds than the protocol
 * has room for (a truncated control message is refused, and what came is
 * closed), JSON of a fixed shape with every string bounded, every fd index
 * in range and used once. */
#define _GNU_SOURCE
#include "request.h"
#include "base/cleanup.h"
#include "base/json.h"

#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void
nsbox_suid_request_init (struct nsbox_suid_request *r)
{
  memset (r, 0, sizeof *r);
  r->code_fd = r->stdin_file_fd = -1;
}

void
nsbox_suid_request_release (struct nsbox_suid_request *r)
{
  for (size_t i = 0; r->keys && r->keys[i]; i++)
    free (r->keys[i]);
  free (r->keys);
  for (size_t i = 0; i < r->n_volumes; i++)
    {
      free (r->volumes[i].source);
      free (r->volumes[i].destination);
    }
  for (size_t i = 0; i < r->n_inputs; i++)
    free (r->inputs[i].name);
  for (size_t i = 0; i < r->n_fds; i++)
    if (r->fds[i] >= 0)
      close (r->fds[i]);
  nsbox_suid_request_init (r);
}

static uint64_t
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}

static int
await_input (int sock, uint64_t deadline, struct nsbox_error **err)
{
  for (;;)
    {
      uint64_t now = now_ms ();
      struct pollfd p = { sock, POLLIN, 0 };
      int n;

      if (now >= deadline)
        return nsbox_error_errno (err, ETIMEDOUT, "the request did not come");
      n = poll (&p, 1, (int) (deadline - now));
      if (n > 0)
        return 0;
      if (n < 0 && errno != EINTR)
        return nsbox_error_errno (err, errno, "wait for the request");
    }
}

/* The fds of a control message, kept even when the message is refused, so
 * that they are closed. */
static int
take_fds (struct msghdr *msg, struct nsbox_suid_request *r, struct nsbox_error **err)
{
  for (struct cmsghdr *c = CMSG_FIRSTHDR (msg); c; c = CMSG_NXTHDR (msg, c))
    {
      size_t n;

      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
        continue;
      n = (c->cmsg_len - CMSG_LEN (0)) / sizeof (int);
      for (size_t i = 0; i < n && r->n_fds < NSBOX_SUID_FDS_MAX; i++)
        memcpy (&r->fds[r->n_fds++], CMSG_DATA (c) + i * sizeof (int), sizeof (int));
    }
  if (msg->msg_flags & MSG_CTRUNC)
    return nsbox_error_msg (err, "the request passes more than %d files", NSBOX_SUID_FDS_MAX);
  if (r->n_fds == 0)
    return nsbox_error_msg (err, "the request passes no stdin");
  return 0;
}

static int
receive_header (int sock, uint64_t deadline, struct nsbox_suid_request *r, uint32_t *length,
                struct nsbox_error **err)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int) * NSBOX_SUID_FDS_MAX)];
    struct cmsghdr align;
  } control;
  struct iovec iov = { length, sizeof *length };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                        .msg_controllen = sizeof control.buf };
  ssize_t n;

  if (await_input (sock, deadline, err) < 0)
    return -1;
  do
    n = recvmsg (sock, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return nsbox_error_errno (err, errno, "receive the request");
  if (take_fds (&msg, r, err) < 0)
    return -1;
  if (n != (ssize_t) sizeof *length)
    return nsbox_error_msg (err, "the request's header is %zd bytes, not %zu", n, sizeof *length);
  if (*length == 0 || *length > NSBOX_SUID_REQUEST_MAX)
    return nsbox_error_msg (err, "a request of %u bytes: at most %d", (unsigned) *length, NSBOX_SUID_REQUEST_MAX);
  return 0;
}

static int
receive_body (int sock, uint64_t deadline, char *buf, size_t length, struct nsbox_error **err)
{
  size_t done = 0;

  while (done < length)
    {
      ssize_t n;

      if (await_input (sock, deadline, err) < 0)
        return -1;
      n = recv (sock, buf + done, length - done, MSG_DONTWAIT);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n < 0)
        return nsbox_error_errno (err, errno, "receive the request");
      if (n == 0)
        return nsbox_error_msg (err, "the request ends after %zu of %zu bytes", done, length);
      done += (size_t) n;
    }
  return 0;
}

int
nsbox_suid_request_receive (int sock, int timeout_ms, struct nsbox_suid_request *r, struct nsbox_error **err)
{
  const uint64_t deadline = now_ms () + (uint64_t) timeout_ms;
  _cleanup_free_ char *text = NULL;
  struct stat st;
  uint32_t length = 0;
  int type = 0;
  socklen_t len = sizeof type;

  if (fstat (sock, &st) < 0 || !S_ISSOCK (st.st_mode) || getsockopt (sock, SOL_SOCKET, SO_TYPE, &type, &len) < 0
      || type != SOCK_STREAM)
    return nsbox_error_msg (err, "fd 0 is not the request's socket: run nsbox, not nsbox-suid");
  if (receive_header (sock, deadline, r, &length, err) < 0)
    return -1;
  if ((text = malloc (length + 1)) == NULL)
    return nsbox_error_oom (err);
  if (receive_body (sock, deadline, text, length, err) < 0)
    return -1;
  text[length] = '\0';
  return nsbox_suid_request_parse (text, length, r, err);
}

/* ---- the JSON ---------------------------------------------------------- */

static int
bounded_string (json_t *v, const char *what, char **out, struct nsbox_error **err)
{
  const char *s = json_string_value (v);

  if (s == NULL)
    return nsbox_error_msg (err, "request: %s must be a string", what);
  if (json_string_length (v) > NSBOX_SUID_STRING_MAX || strlen (s) != json_string_length (v))
    return nsbox_error_msg (err, "request: %s is longer than %d bytes or holds a NUL", what, NSBOX_SUID_STRING_MAX);
  if ((*out = strdup (s)) == NULL)
    return nsbox_error_oom (err);
  return 0;
}

static int
parse_keys (json_t *keys, struct nsbox_suid_request *r, struct nsbox_error **err)
{
  size_t i;
  json_t *pair;

  if (!json_is_array (keys) || json_array_size (keys) > NSBOX_SUID_KEYS_MAX)
    return nsbox_error_msg (err, "request: keys must be an array of at most %d pairs", NSBOX_SUID_KEYS_MAX);
  if ((r->keys = calloc (2 * json_array_size (keys) + 1, sizeof *r->keys)) == NULL)
    return nsbox_error_oom (err);
  json_array_foreach (keys, i, pair)
  {
    if (!json_is_array (pair) || json_array_size (pair) != 2)
      return nsbox_error_msg (err, "request: keys[%zu] must be [key, value]", i);
    if (bounded_string (json_array_get (pair, 0), "a key", &r->keys[2 * i], err) < 0
        || bounded_string (json_array_get (pair, 1), "a value", &r->keys[2 * i + 1], err) < 0)
      return -1;
    r->n_keys = i + 1;
  }
  return 0;
}

/* An index into the passed fds, other than the stdin at 0, used once. */
static int
take_index (json_t *v, const char *what, bool *used, struct nsbox_suid_request *r, int *fd, struct nsbox_error **err)
{
  json_int_t i = json_is_integer (v) ? json_integer_value (v) : -1;

  if (i < 1 || (size_t) i >= r->n_fds || used[i])
    return nsbox_error_msg (err, "request: %s names no passed file (or one named twice)", what);
  used[i] = true;
  *fd = r->fds[i];
  return 0;
}

static int
parse_volume (json_t *v, bool *used, struct nsbox_suid_request *r, struct nsbox_error **err)
{
  struct nsbox_suid_volume *vol = &r->volumes[r->n_volumes];
  json_t *ro = json_object_get (v, "read_only");

  if (!json_is_object (v) || json_object_size (v) != 4 || !json_is_boolean (ro))
    return nsbox_error_msg (err, "request: a volume is {fd, source, destination, read_only}");
  r->n_volumes++;
  vol->read_only = json_is_true (ro);
  if (take_index (json_object_get (v, "fd"), "a volume", used, r, &vol->fd, err) < 0
      || bounded_string (json_object_get (v, "source"), "a volume's source", &vol->source, err) < 0
      || bounded_string (json_object_get (v, "destination"), "a volume's destination", &vol->destination, err) < 0)
    return -1;
  return 0;
}

static int
parse_input (json_t *v, bool *used, struct nsbox_suid_request *r, struct nsbox_error **err)
{
  struct nsbox_suid_input *in = &r->inputs[r->n_inputs];

  if (!json_is_object (v) || json_object_size (v) != 2)
    return nsbox_error_msg (err, "request: an input of stdin_each is {fd, name}");
  r->n_inputs++;
  if (take_index (json_object_get (v, "fd"), "an input of stdin_each", used, r, &in->fd, err) < 0
      || bounded_string (json_object_get (v, "name"), "an input's name", &in->name, err) < 0)
    return -1;
  return 0;
}

static int
parse_inputs (json_t *inputs, bool *used, struct nsbox_suid_request *r, struct nsbox_error **err)
{
  json_t *v;
  size_t i;

  if (!json_is_array (inputs) || json_array_size (inputs) == 0 || json_array_size (inputs) > NSBOX_SUID_INPUTS_MAX)
    return nsbox_error_msg (err, "request: stdin_each must be an array of 1 to %d inputs", NSBOX_SUID_INPUTS_MAX);
  json_array_foreach (inputs, i, v)
  {
    if (parse_input (v, used, r, err) < 0)
      return -1;
  }
  return 0;
}

static int
parse_files (json_t *root, struct nsbox_suid_request *r, struct nsbox_error **err)
{
  bool used[NSBOX_SUID_FDS_MAX] = { false };
  json_t *volumes = json_object_get (root, "volumes"), *inputs = json_object_get (root, "stdin_each"), *v;
  size_t i;

  if (json_object_get (root, "code")
      && take_index (json_object_get (root, "code"), "code", used, r, &r->code_fd, err) < 0)
    return -1;
  if (json_object_get (root, "stdin_file")
      && take_index (json_object_get (root, "stdin_file"), "stdin_file", used, r, &r->stdin_file_fd, err) < 0)
    return -1;
  if (inputs && parse_inputs (inputs, used, r, err) < 0)
    return -1;
  if (volumes == NULL)
    return 0;
  if (!json_is_array (volumes) || json_array_size (volumes) > NSBOX_SUID_VOLUMES_MAX)
    return nsbox_error_msg (err, "request: volumes must be an array of at most %d", NSBOX_SUID_VOLUMES_MAX);
  json_array_foreach (volumes, i, v)
  {
    if (parse_volume (v, used, r, err) < 0)
      return -1;
  }
  return 0;
}

static bool
known_members (json_t *root)
{
  static const char *const members[] = { "protocol", "keys", "code", "stdin_file", "volumes", "stdin_each", NULL };
  const char *key;
  json_t *v;

  json_object_foreach (root, key, v)
  {
    size_t i = 0;

    while (members[i] && strcmp (members[i], key) != 0)
      i++;
    if (members[i] == NULL)
      return false;
  }
  return true;
}

int
nsbox_suid_request_parse (const char *text, size_t length, struct nsbox_suid_request *r, struct nsbox_error **err)
{
  json_error_t jerr;
  _cleanup_json_ json_t *root = json_loadb (text, length, JSON_REJECT_DUPLICATES, &jerr);

  if (root == NULL)
    return nsbox_error_msg (err, "request: %s", jerr.text);
  if (!json_is_object (root) || !known_members (root))
    return nsbox_error_msg (err, "request: an object of protocol, keys, code, stdin_file, volumes and stdin_each");
  if (json_integer_value (json_object_get (root, "protocol")) != NSBOX_SUID_PROTOCOL)
    return nsbox_error_msg (err, "request: protocol %d expected (nsbox and nsbox-suid of different versions?)",
                            NSBOX_SUID_PROTOCOL);
  if (parse_keys (json_object_get (root, "keys"), r, err) < 0)
    return -1;
  return parse_files (root, r, err);
}
