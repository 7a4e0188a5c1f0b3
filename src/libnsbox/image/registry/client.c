#define _GNU_SOURCE
#include "image/registry/client.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/cleanup.h"
#include "base/json.h"

#define TOKEN_BODY_MAX (1024 * 1024)
#define CA_FILE_MAX (16 * 1024 * 1024)
#define CONNECT_TIMEOUT_S 30L
/* A transfer that moves no byte for this long is abandoned (a dead mirror must not hang us). */
#define STALL_TIMEOUT_S 60L

/* ------------------------------------------------------------------ buffers and responses */

bool
nsbox_registry_buffer_append (struct nsbox_registry_buffer *b, const char *data, size_t n)
{
  char *grown;

  if (b->length + n > b->max)
    {
      b->overflow = true;
      return false;
    }
  grown = realloc (b->data, b->length + n + 1);
  if (grown == NULL)
    return false;
  memcpy (grown + b->length, data, n);
  b->data = grown;
  b->length += n;
  b->data[b->length] = '\0';
  return true;
}

void
nsbox_registry_response_release (struct nsbox_registry_response *r)
{
  free (r->body.data);
  free (r->content_type);
  free (r->docker_digest);
  free (r->www_authenticate);
  memset (r, 0, sizeof *r);
}

static size_t
body_cb (char *data, size_t size, size_t nmemb, void *userdata)
{
  struct nsbox_registry_buffer *b = userdata;

  return nsbox_registry_buffer_append (b, data, size * nmemb) ? size * nmemb : 0;
}

/* Keep one header's value; a new status line (a redirect hop) forgets the previous hop's. */
static void
header_take (char **slot, const char *line, size_t n, size_t name_length)
{
  const char *v = line + name_length;
  const char *end = line + n;

  while (v < end && (*v == ' ' || *v == '\t'))
    v++;
  while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
    end--;
  free (*slot);
  *slot = strndup (v, end - v);
}

size_t
nsbox_registry_header_cb (char *line, size_t size, size_t nmemb, void *userdata)
{
  struct nsbox_registry_response *r = userdata;
  size_t n = size * nmemb;

  if (n >= 5 && strncmp (line, "HTTP/", 5) == 0)
    {
      free (r->content_type), r->content_type = NULL;
      free (r->docker_digest), r->docker_digest = NULL;
      free (r->www_authenticate), r->www_authenticate = NULL;
    }
  else if (n > 13 && strncasecmp (line, "content-type:", 13) == 0)
    header_take (&r->content_type, line, n, 13);
  else if (n > 22 && strncasecmp (line, "docker-content-digest:", 22) == 0)
    header_take (&r->docker_digest, line, n, 22);
  else if (n > 17 && strncasecmp (line, "www-authenticate:", 17) == 0 && r->www_authenticate == NULL)
    header_take (&r->www_authenticate, line, n, 17);
  return n;
}

/* "manifest unknown" from {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}. */
char *
nsbox_registry_error_message (const struct nsbox_registry_buffer *body)
{
  _cleanup_json_ json_t *root = NULL;
  const char *message, *code;
  json_t *first;
  char *s;

  if (body->data == NULL)
    return NULL;
  root = json_loadb (body->data, body->length, 0, NULL);
  first = json_array_get (json_object_get (root, "errors"), 0);
  message = json_string_value (json_object_get (first, "message"));
  code = json_string_value (json_object_get (first, "code"));
  if (message == NULL && code == NULL)
    return NULL;
  if (asprintf (&s, "%s%s%s%s", code ? code : "", code && message ? " (" : "", message ? message : "",
                code && message ? ")" : "")
      < 0)
    return NULL;
  return s;
}

/* ------------------------------------------------------------------ the client */

void
nsbox_registry_client_release (struct nsbox_registry_client *c)
{
  free (c->ca_bundle);
  nsbox_credentials_release (&c->creds);
  if (c->authorization)
    explicit_bzero (c->authorization, strlen (c->authorization));
  free (c->authorization);
  free (c->scope);
}

static const char *
allowed_protocols (const struct nsbox_registry_client *c)
{
  return c->opts->tls_verify_disabled ? "https,http" : "https";
}

int
nsbox_registry_client_configure (struct nsbox_registry_client *c, CURL *easy, const char *url,
                                 struct curl_slist *headers, struct nsbox_error **err)
{
  CURLcode rc = CURLE_OK;

#define SET(opt, val)                                                                                                  \
  if (rc == CURLE_OK)                                                                                                  \
  rc = curl_easy_setopt (easy, opt, val)
  SET (CURLOPT_URL, url);
  SET (CURLOPT_PROTOCOLS_STR, allowed_protocols (c));
  SET (CURLOPT_REDIR_PROTOCOLS_STR, allowed_protocols (c));
  SET (CURLOPT_FOLLOWLOCATION, 1L);
  SET (CURLOPT_MAXREDIRS, 10L);
  /* curl (>= 7.58, ports and schemes since 7.83) drops a custom Authorization
   * header when a redirect leaves the original host, so a registry token never
   * reaches the object store a blob redirect points to. */
  SET (CURLOPT_UNRESTRICTED_AUTH, 0L);
  SET (CURLOPT_SSL_VERIFYPEER, c->opts->tls_verify_disabled ? 0L : 1L);
  SET (CURLOPT_SSL_VERIFYHOST, c->opts->tls_verify_disabled ? 0L : 2L);
  SET (CURLOPT_NOSIGNAL, 1L);
  SET (CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
  SET (CURLOPT_LOW_SPEED_LIMIT, 1L);
  SET (CURLOPT_LOW_SPEED_TIME, STALL_TIMEOUT_S);
  SET (CURLOPT_USERAGENT, c->opts->user_agent ? c->opts->user_agent : "nsbox");
  SET (CURLOPT_HTTPHEADER, headers);
  if (c->ca_bundle)
    {
      struct curl_blob blob = { .data = c->ca_bundle, .len = c->ca_bundle_length, .flags = CURL_BLOB_NOCOPY };

      SET (CURLOPT_CAINFO_BLOB, &blob);
    }
#undef SET
  if (rc != CURLE_OK)
    return nsbox_error_errno (err, EINVAL, "configure request for `%s`: %s", url, curl_easy_strerror (rc));
  return 0;
}

struct curl_slist *
nsbox_registry_client_headers (struct nsbox_registry_client *c, const char *accept, bool with_auth)
{
  struct curl_slist *l = NULL, *t;
  _cleanup_free_ char *accept_line = NULL;

  if (accept && asprintf (&accept_line, "Accept: %s", accept) < 0)
    return NULL;
  /* An empty "Expect:" keeps curl quiet; the list is never empty so NULL means ENOMEM. */
  t = curl_slist_append (l, accept_line ? accept_line : "Expect:");
  if (t == NULL)
    return NULL;
  l = t;
  if (with_auth && c->authorization)
    {
      t = curl_slist_append (l, c->authorization);
      if (t == NULL)
        {
          curl_slist_free_all (l);
          return NULL;
        }
    }
  return l;
}

int
nsbox_registry_transport_error (struct nsbox_registry_client *c, const char *url, CURLcode rc, const char *detail,
                                struct nsbox_error **err)
{
  const char *hint = "";

  if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE)
    hint = " (certificate not trusted: add the registry's CA to /etc/containers/certs.d/<host:port>/ca.crt or "
           "--cert-dir, or use --tls-verify=false)";
  else if (rc == CURLE_SSL_CONNECT_ERROR)
    hint = " (a registry serving plain HTTP is reached only with --tls-verify=false)";
  else if (rc == CURLE_UNSUPPORTED_PROTOCOL)
    hint = " (redirect or realm to a plain HTTP URL refused while TLS verification is on)";
  return nsbox_error_errno (err, rc == CURLE_OPERATION_TIMEDOUT ? ETIMEDOUT : EIO, "%s: %s%s%s%s", url,
                            curl_easy_strerror (rc), detail && *detail ? ": " : "", detail ? detail : "", hint);
}

/* One GET with the client's headers (or caller_headers, which stay the caller's);
 * *rc_out gets curl's result so callers can tell TLS failures apart. */
static int
perform (struct nsbox_registry_client *c, const char *url, const char *accept, size_t max,
         struct curl_slist *caller_headers, struct nsbox_registry_response *resp, CURLcode *rc_out,
         struct nsbox_error **err)
{
  _cleanup_curl_ CURL *easy = curl_easy_init ();
  _cleanup_slist_ struct curl_slist *headers = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  CURLcode rc;

  if (easy == NULL)
    return nsbox_error_oom (err);
  if (caller_headers)
    headers = caller_headers;
  else if ((headers = nsbox_registry_client_headers (c, accept, true)) == NULL)
    return nsbox_error_oom (err);
  nsbox_registry_response_release (resp);
  resp->body.max = max;
  if (nsbox_registry_client_configure (c, easy, url, headers, err) < 0)
    {
      if (caller_headers)
        headers = NULL;
      return -1;
    }
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, body_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, &resp->body);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, nsbox_registry_header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, resp);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, errbuf);
  rc = curl_easy_perform (easy);
  if (caller_headers)
    headers = NULL; /* owned by the caller */
  if (rc_out)
    *rc_out = rc;
  if (rc == CURLE_WRITE_ERROR && resp->body.overflow)
    return nsbox_error_errno (err, EFBIG, "%s: answer larger than %zu bytes", url, max);
  if (rc != CURLE_OK)
    return nsbox_registry_transport_error (c, url, rc, errbuf, err);
  curl_easy_getinfo (easy, CURLINFO_RESPONSE_CODE, &resp->status);
  return 0;
}

static const char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *
base64_encode (const char *in, size_t n)
{
  char *out = malloc ((n + 2) / 3 * 4 + 1), *o = out;

  if (out == NULL)
    return NULL;
  for (size_t i = 0; i < n; i += 3)
    {
      unsigned v = (unsigned char)in[i] << 16;

      if (i + 1 < n)
        v |= (unsigned char)in[i + 1] << 8;
      if (i + 2 < n)
        v |= (unsigned char)in[i + 2];
      *o++ = base64_alphabet[(v >> 18) & 63];
      *o++ = base64_alphabet[(v >> 12) & 63];
      *o++ = i + 1 < n ? base64_alphabet[(v >> 6) & 63] : '=';
      *o++ = i + 2 < n ? base64_alphabet[v & 63] : '=';
    }
  *o = '\0';
  return out;
}

/* "Authorization: Basic base64(user:password)". */
static char *
basic_authorization (const struct nsbox_credentials *creds)
{
  _cleanup_free_ char *plain = NULL, *encoded = NULL;
  char *line;
  int n;

  n = asprintf (&plain, "%s:%s", creds->username, creds->password);
  if (n < 0)
    return NULL;
  encoded = base64_encode (plain, n);
  explicit_bzero (plain, n);
  if (encoded == NULL || asprintf (&line, "Authorization: Basic %s", encoded) < 0)
    return NULL;
  explicit_bzero (encoded, strlen (encoded));
  return line;
}

static int
missing_credentials (struct nsbox_registry_client *c, struct nsbox_error **err)
{
  return nsbox_error_errno (err, EACCES,
                            "registry `%s` requires authentication for `%s` and no credentials were found for it "
                            "(log in with `podman login`/`docker login`, or use --creds USER:PASSWORD)",
                            c->ref->registry, c->ref->repository);
}

int
nsbox_registry_client_rejected (struct nsbox_registry_client *c, const char *who, struct nsbox_error **err)
{
  if (!c->have_creds)
    return missing_credentials (c, err);
  return nsbox_error_errno (err, EACCES,
                            "%s rejected the credentials of user `%s` for `%s/%s`: wrong user name or "
                            "password, or no pull access",
                            who, c->creds.username, c->ref->registry, c->ref->repository);
}

static int
fetch_token (struct nsbox_registry_client *c, const struct nsbox_auth_challenge *ch, struct nsbox_error **err)
{
  _cleanup_response_ struct nsbox_registry_response resp = { 0 };
  _cleanup_slist_ struct curl_slist *headers = NULL;
  _cleanup_free_ char *url = NULL, *basic = NULL, *token = NULL;
  _cleanup_curl_ CURL *escaper = curl_easy_init ();
  char *service = NULL, *scope = NULL;
  int ret;

  if (escaper == NULL)
    return nsbox_error_oom (err);
  scope = curl_easy_escape (escaper, c->scope, 0);
  service = ch->service ? curl_easy_escape (escaper, ch->service, 0) : NULL;
  if (scope == NULL || (ch->service && service == NULL))
    {
      curl_free (scope);
      curl_free (service);
      return nsbox_error_oom (err);
    }
  ret = asprintf (&url, "%s%sscope=%s%s%s", ch->realm, strchr (ch->realm, '?') ? "&" : "?", scope,
                  service ? "&service=" : "", service ? service : "");
  curl_free (scope);
  curl_free (service);
  if (ret < 0)
    return nsbox_error_oom (err);

  if (c->have_creds && (basic = basic_authorization (&c->creds)) == NULL)
    return nsbox_error_oom (err);
  headers = curl_slist_append (NULL, basic ? basic : "Expect:");
  if (headers == NULL)
    return nsbox_error_oom (err);
  /* The realm is another URL of the registry's choosing: the same TLS rules apply
   * (nsbox_registry_client_configure), so credentials never travel in clear text unless asked. */
  ret = perform (c, url, NULL, TOKEN_BODY_MAX, headers, &resp, NULL, err);
  if (basic)
    explicit_bzero (basic, strlen (basic));
  if (ret < 0)
    return nsbox_error_prefix (err, "token server");
  if (resp.status == 401 || resp.status == 403)
    return nsbox_registry_client_rejected (c, "token server", err);
  if (resp.status != 200)
    return nsbox_error_errno (err, EPROTO, "token server `%s` answered HTTP %ld", ch->realm, resp.status);
  if (nsbox_auth_parse_token_response (resp.body.data ? resp.body.data : "", resp.body.length, &token, err) < 0)
    return -1;
  free (c->authorization);
  if (asprintf (&c->authorization, "Authorization: Bearer %s", token) < 0)
    {
      c->authorization = NULL;
      return nsbox_error_oom (err);
    }
  explicit_bzero (token, strlen (token));
  return 0;
}

/* Answer a 401's challenge: fetch a token, or prepare Basic credentials. */
int
nsbox_registry_client_authenticate (struct nsbox_registry_client *c, const char *www_authenticate,
                                    struct nsbox_error **err)
{
  struct nsbox_auth_challenge ch;
  int ret;

  if (www_authenticate == NULL)
    return nsbox_error_errno (err, EPROTO, "registry `%s` answered 401 without a WWW-Authenticate challenge",
                              c->ref->registry);
  if (nsbox_auth_parse_challenge (www_authenticate, &ch, err) < 0)
    return nsbox_error_prefix (err, "registry `%s`", c->ref->registry);
  if (ch.scheme == NSBOX_AUTH_BEARER)
    ret = fetch_token (c, &ch, err);
  else if (!c->have_creds)
    ret = missing_credentials (c, err);
  else
    {
      free (c->authorization);
      c->authorization = basic_authorization (&c->creds);
      ret = c->authorization ? 0 : nsbox_error_oom (err);
    }
  nsbox_auth_challenge_release (&ch);
  return ret;
}

char *
nsbox_registry_client_url (struct nsbox_registry_client *c, const char *path)
{
  char *url;

  if (asprintf (&url, "%s://%s/v2/%s", c->scheme, c->ref->api_host, path) < 0)
    return NULL;
  return url;
}

/* GET /v2/: find out whether to speak HTTPS or (only when allowed) HTTP, and the auth challenge. */
int
nsbox_registry_client_ping (struct nsbox_registry_client *c, struct nsbox_error **err)
{
  _cleanup_response_ struct nsbox_registry_response resp = { 0 };
  _cleanup_free_ char *url = NULL;
  CURLcode rc = CURLE_OK;

  c->scheme = "https";
  if ((url = nsbox_registry_client_url (c, "")) == NULL)
    return nsbox_error_oom (err);
  if (perform (c, url, NULL, REGISTRY_ERROR_BODY_MAX, NULL, &resp, &rc, err) < 0)
    {
      /* A plain-HTTP server answers the ClientHello with garbage: the handshake fails. */
      if (rc != CURLE_SSL_CONNECT_ERROR || !c->opts->tls_verify_disabled || nsbox_reference_is_docker_hub (c->ref))
        return -1;
      c->scheme = "http";
      free (url);
      if ((url = nsbox_registry_client_url (c, "")) == NULL)
        return nsbox_error_oom (err);
      if (perform (c, url, NULL, REGISTRY_ERROR_BODY_MAX, NULL, &resp, NULL, err) < 0)
        return -1;
    }
  if (resp.status == 401)
    return nsbox_registry_client_authenticate (c, resp.www_authenticate, err);
  if (resp.status == 404)
    return nsbox_error_errno (err, ENOENT, "`%s` does not serve the registry API (%s answered 404)", c->ref->registry,
                              url);
  if (resp.status >= 500)
    return nsbox_error_errno (err, EIO, "registry `%s` answered HTTP %ld", c->ref->registry, resp.status);
  return 0;
}

/* GET /v2/<path>, answering one authentication challenge. */
int
nsbox_registry_client_get (struct nsbox_registry_client *c, const char *path, const char *accept, size_t max,
                           struct nsbox_registry_response *resp, struct nsbox_error **err)
{
  _cleanup_free_ char *url = nsbox_registry_client_url (c, path);

  if (url == NULL)
    return nsbox_error_oom (err);
  if (perform (c, url, accept, max, NULL, resp, NULL, err) < 0)
    return -1;
  if (resp->status != 401)
    return 0;
  if (nsbox_registry_client_authenticate (c, resp->www_authenticate, err) < 0)
    return -1;
  if (perform (c, url, accept, max, NULL, resp, NULL, err) < 0)
    return -1;
  if (resp->status == 401)
    return nsbox_registry_client_rejected (c, "registry", err);
  return 0;
}

/* ------------------------------------------------------------------ certificates */

static int
read_file_at (int dirfd, const char *name, struct nsbox_registry_buffer *out, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  char chunk[16384];
  ssize_t n;

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open `%s`", name);
  while ((n = read (fd, chunk, sizeof chunk)) > 0)
    if (!nsbox_registry_buffer_append (out, chunk, n))
      return out->overflow ? nsbox_error_errno (err, EFBIG, "`%s` is too large", name) : nsbox_error_oom (err);
  if (n < 0)
    return nsbox_error_errno (err, errno, "read `%s`", name);
  return nsbox_registry_buffer_append (out, "\n", 1) ? 0 : nsbox_error_oom (err);
}

/* Append every *.crt of dir; returns the number added. */
static int
add_cert_dir (const char *dir, bool must_exist, struct nsbox_registry_buffer *bundle, struct nsbox_error **err)
{
  _cleanup_closedir_ DIR *d = opendir (dir);
  struct dirent *e;
  int added = 0;

  if (d == NULL)
    {
      if (!must_exist && (errno == ENOENT || errno == ENOTDIR))
        return 0;
      return nsbox_error_errno (err, errno, "open certificate directory `%s`", dir);
    }
  while ((e = readdir (d)))
    {
      size_t n = strlen (e->d_name);

      if (n <= 4 || strcmp (e->d_name + n - 4, ".crt") != 0)
        continue;
      if (read_file_at (dirfd (d), e->d_name, bundle, err) < 0)
        return nsbox_error_prefix (err, "certificate directory `%s`", dir);
      added++;
    }
  return added;
}

/* System CAs + the registry's own, as one in-memory PEM bundle (CURLOPT_CAINFO
 * replaces the system store, and podman/docker add to it). */
static int
load_ca_bundle (struct nsbox_registry_client *c, struct nsbox_error **err)
{
  struct nsbox_registry_buffer bundle = { .max = CA_FILE_MAX };
  int added = 0;

  if (c->opts->cert_dir)
    added = add_cert_dir (c->opts->cert_dir, true, &bundle, err);
  else
    {
      static const char *const roots[] = { "/etc/containers/certs.d", "/etc/docker/certs.d" };

      for (size_t i = 0; i < sizeof roots / sizeof roots[0] && added >= 0; i++)
        {
          _cleanup_free_ char *dir = NULL;
          int n;

          /* The registry name was validated by the reference parser: host[:port], no '/'. */
          if (asprintf (&dir, "%s/%s", roots[i], c->ref->registry) < 0)
            return nsbox_error_oom (err);
          n = add_cert_dir (dir, false, &bundle, err);
          added = n < 0 ? n : added + n;
        }
    }
  if (added <= 0)
    {
      free (bundle.data);
      return added;
    }
  {
    _cleanup_curl_ CURL *probe = curl_easy_init ();
    char *system_ca = NULL;

    if (probe && curl_easy_getinfo (probe, CURLINFO_CAINFO, &system_ca) == CURLE_OK && system_ca
        && access (system_ca, R_OK) == 0 && read_file_at (AT_FDCWD, system_ca, &bundle, err) < 0)
      {
        free (bundle.data);
        return -1;
      }
  }
  c->ca_bundle = bundle.data;
  c->ca_bundle_length = bundle.length;
  return 0;
}

int
nsbox_registry_client_init (struct nsbox_registry_client *c, const struct nsbox_reference *ref,
                            const struct nsbox_pull_options *opts, struct nsbox_error **err)
{
  int found;

  memset (c, 0, sizeof *c);
  c->ref = ref;
  c->opts = opts;
  if (asprintf (&c->scope, "repository:%s:pull", ref->repository) < 0)
    {
      c->scope = NULL;
      return nsbox_error_oom (err);
    }
  if (opts->credentials)
    {
      c->creds.username = strdup (opts->credentials->username);
      c->creds.password = strdup (opts->credentials->password);
      if (!c->creds.username || !c->creds.password)
        return nsbox_error_oom (err);
      c->have_creds = true;
    }
  else
    {
      found = nsbox_auth_lookup_credentials (opts->auth_files, ref->registry, ref->repository, &c->creds, err);
      if (found < 0)
        return -1;
      c->have_creds = found > 0;
    }
  return load_ca_bundle (c, err);
}
