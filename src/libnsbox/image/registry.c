#define _GNU_SOURCE
#include "image/registry.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "image/manifest.h"
#include "image/reference.h"

#define ERROR_BODY_MAX (64 * 1024)
#define TOKEN_BODY_MAX (1024 * 1024)
#define CA_FILE_MAX (16 * 1024 * 1024)
#define DEFAULT_PARALLEL 3
#define CONNECT_TIMEOUT_S 30L
/* A transfer that moves no byte for this long is abandoned (a dead mirror must not hang us). */
#define STALL_TIMEOUT_S 60L

static const char manifest_accept[]
    = NSBOX_MEDIA_OCI_MANIFEST ", " NSBOX_MEDIA_OCI_INDEX ", " NSBOX_MEDIA_DOCKER_MANIFEST ", " NSBOX_MEDIA_DOCKER_LIST;

const char *
nsbox_registry_manifest_accept (void)
{
  return manifest_accept;
}

/* ------------------------------------------------------------------ buffers and responses */

struct buffer
{
  char *data;
  size_t length;
  size_t max;
  bool overflow;
};

static bool
buffer_append (struct buffer *b, const char *data, size_t n)
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

struct response
{
  long status;
  struct buffer body;
  char *content_type;
  char *docker_digest;
  char *www_authenticate;
};

static void
response_release (struct response *r)
{
  free (r->body.data);
  free (r->content_type);
  free (r->docker_digest);
  free (r->www_authenticate);
  memset (r, 0, sizeof *r);
}

static void
response_releasep (struct response *r)
{
  response_release (r);
}
#define _cleanup_response_ __attribute__ ((cleanup (response_releasep)))

static void
curl_easy_cleanupp (CURL **e)
{
  if (*e)
    curl_easy_cleanup (*e);
}
#define _cleanup_curl_ __attribute__ ((cleanup (curl_easy_cleanupp)))

static void
curl_slist_freep (struct curl_slist **l)
{
  curl_slist_free_all (*l);
}
#define _cleanup_slist_ __attribute__ ((cleanup (curl_slist_freep)))

#ifndef _cleanup_json_
#define _cleanup_json_ __attribute__ ((cleanup (json_decrefp)))
#endif

static size_t
body_cb (char *data, size_t size, size_t nmemb, void *userdata)
{
  struct buffer *b = userdata;

  return buffer_append (b, data, size * nmemb) ? size * nmemb : 0;
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

static size_t
header_cb (char *line, size_t size, size_t nmemb, void *userdata)
{
  struct response *r = userdata;
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
static char *
registry_error_message (const struct buffer *body)
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

struct client
{
  const struct nsbox_reference *ref;
  const struct nsbox_pull_options *opts;
  const char *scheme;
  char *ca_bundle; /* system CAs + the registry's certificate directory, or NULL for curl's default */
  size_t ca_bundle_length;
  struct nsbox_credentials creds;
  bool have_creds;
  char *authorization; /* "Authorization: ..." or NULL */
  char *scope;         /* "repository:<repo>:pull" */
};

static void
client_release (struct client *c)
{
  free (c->ca_bundle);
  nsbox_credentials_release (&c->creds);
  if (c->authorization)
    explicit_bzero (c->authorization, strlen (c->authorization));
  free (c->authorization);
  free (c->scope);
}

static const char *
allowed_protocols (const struct client *c)
{
  return c->opts->tls_verify_disabled ? "https,http" : "https";
}

static int
configure_easy (struct client *c, CURL *easy, const char *url, struct curl_slist *headers, struct nsbox_error **err)
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

static struct curl_slist *
request_headers (struct client *c, const char *accept, bool with_auth)
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

static int
transport_error (struct client *c, const char *url, CURLcode rc, const char *detail, struct nsbox_error **err)
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

/* One GET; *rc_out gets curl's result so callers can tell TLS failures apart. */
static int
perform (struct client *c, const char *url, const char *accept, size_t max, struct curl_slist *extra_auth,
         struct response *resp, CURLcode *rc_out, struct nsbox_error **err)
{
  _cleanup_curl_ CURL *easy = curl_easy_init ();
  _cleanup_slist_ struct curl_slist *headers = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  CURLcode rc;

  if (easy == NULL)
    return nsbox_error_oom (err);
  if (extra_auth)
    headers = extra_auth;
  else if ((headers = request_headers (c, accept, true)) == NULL)
    return nsbox_error_oom (err);
  response_release (resp);
  resp->body.max = max;
  if (configure_easy (c, easy, url, headers, err) < 0)
    {
      if (extra_auth)
        headers = NULL;
      return -1;
    }
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, body_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, &resp->body);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, resp);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, errbuf);
  rc = curl_easy_perform (easy);
  if (extra_auth)
    headers = NULL; /* owned by the caller */
  if (rc_out)
    *rc_out = rc;
  if (rc == CURLE_WRITE_ERROR && resp->body.overflow)
    return nsbox_error_errno (err, EFBIG, "%s: answer larger than %zu bytes", url, max);
  if (rc != CURLE_OK)
    return transport_error (c, url, rc, errbuf, err);
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
missing_credentials (struct client *c, struct nsbox_error **err)
{
  return nsbox_error_errno (err, EACCES,
                            "registry `%s` requires authentication for `%s` and no credentials were found for it "
                            "(log in with `podman login`/`docker login`, or use --creds USER:PASSWORD)",
                            c->ref->registry, c->ref->repository);
}

static int
rejected_credentials (struct client *c, const char *who, struct nsbox_error **err)
{
  if (!c->have_creds)
    return missing_credentials (c, err);
  return nsbox_error_errno (err, EACCES,
                            "%s rejected the credentials of user `%s` for `%s/%s`: wrong user name or "
                            "password, or no pull access",
                            who, c->creds.username, c->ref->registry, c->ref->repository);
}

static int
fetch_token (struct client *c, const struct nsbox_auth_challenge *ch, struct nsbox_error **err)
{
  _cleanup_response_ struct response resp = { 0 };
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
   * (configure_easy), so credentials never travel in clear text unless asked. */
  if (perform (c, url, NULL, TOKEN_BODY_MAX, headers, &resp, NULL, err) < 0)
    return nsbox_error_prefix (err, "token server");
  if (basic)
    explicit_bzero (basic, strlen (basic));
  if (resp.status == 401 || resp.status == 403)
    return rejected_credentials (c, "token server", err);
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
static int
authenticate (struct client *c, const char *www_authenticate, struct nsbox_error **err)
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

static char *
api_url (struct client *c, const char *path)
{
  char *url;

  if (asprintf (&url, "%s://%s/v2/%s", c->scheme, c->ref->api_host, path) < 0)
    return NULL;
  return url;
}

/* GET /v2/: find out whether to speak HTTPS or (only when allowed) HTTP, and the auth challenge. */
static int
ping (struct client *c, struct nsbox_error **err)
{
  _cleanup_response_ struct response resp = { 0 };
  _cleanup_free_ char *url = NULL;
  CURLcode rc = CURLE_OK;

  c->scheme = "https";
  if ((url = api_url (c, "")) == NULL)
    return nsbox_error_oom (err);
  if (perform (c, url, NULL, ERROR_BODY_MAX, NULL, &resp, &rc, err) < 0)
    {
      /* A plain-HTTP server answers the ClientHello with garbage: the handshake fails. */
      if (rc != CURLE_SSL_CONNECT_ERROR || !c->opts->tls_verify_disabled || nsbox_reference_is_docker_hub (c->ref))
        return -1;
      c->scheme = "http";
      free (url);
      if ((url = api_url (c, "")) == NULL)
        return nsbox_error_oom (err);
      if (perform (c, url, NULL, ERROR_BODY_MAX, NULL, &resp, NULL, err) < 0)
        return -1;
    }
  if (resp.status == 401)
    return authenticate (c, resp.www_authenticate, err);
  if (resp.status == 404)
    return nsbox_error_errno (err, ENOENT, "`%s` does not serve the registry API (%s answered 404)", c->ref->registry,
                              url);
  if (resp.status >= 500)
    return nsbox_error_errno (err, EIO, "registry `%s` answered HTTP %ld", c->ref->registry, resp.status);
  return 0;
}

/* GET /v2/<path>, answering one authentication challenge. */
static int
registry_get (struct client *c, const char *path, const char *accept, size_t max, struct response *resp,
              struct nsbox_error **err)
{
  _cleanup_free_ char *url = api_url (c, path);

  if (url == NULL)
    return nsbox_error_oom (err);
  if (perform (c, url, accept, max, NULL, resp, NULL, err) < 0)
    return -1;
  if (resp->status != 401)
    return 0;
  if (authenticate (c, resp->www_authenticate, err) < 0)
    return -1;
  if (perform (c, url, accept, max, NULL, resp, NULL, err) < 0)
    return -1;
  if (resp->status == 401)
    return rejected_credentials (c, "registry", err);
  return 0;
}

/* ------------------------------------------------------------------ certificates */

static int
read_file_at (int dirfd, const char *name, struct buffer *out, struct nsbox_error **err)
{
  _cleanup_close_ int fd = openat (dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  char chunk[16384];
  ssize_t n;

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open `%s`", name);
  while ((n = read (fd, chunk, sizeof chunk)) > 0)
    if (!buffer_append (out, chunk, n))
      return out->overflow ? nsbox_error_errno (err, EFBIG, "`%s` is too large", name) : nsbox_error_oom (err);
  if (n < 0)
    return nsbox_error_errno (err, errno, "read `%s`", name);
  return buffer_append (out, "\n", 1) ? 0 : nsbox_error_oom (err);
}

/* Append every *.crt of dir; returns the number added. */
static int
add_cert_dir (const char *dir, bool must_exist, struct buffer *bundle, struct nsbox_error **err)
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
load_ca_bundle (struct client *c, struct nsbox_error **err)
{
  struct buffer bundle = { .max = CA_FILE_MAX };
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

static int
client_init (struct client *c, const struct nsbox_reference *ref, const struct nsbox_pull_options *opts,
             struct nsbox_error **err)
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

/* ------------------------------------------------------------------ manifests */

static int
http_status_error (struct client *c, const char *what, const struct response *resp, struct nsbox_error **err)
{
  _cleanup_free_ char *detail = registry_error_message (&resp->body);

  return nsbox_error_errno (err, resp->status == 404 ? ENOENT : EIO, "%s: registry `%s` answered HTTP %ld%s%s", what,
                            c->ref->registry, resp->status, detail ? ": " : "", detail ? detail : "");
}

/* GET a manifest by tag or digest; the body's digest is checked against the
 * digest asked for, or against Docker-Content-Digest when asked by tag. */
static int
fetch_manifest (struct client *c, const char *tag_or_digest, struct response *resp, struct nsbox_digest *digest,
                struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL, *what = NULL;
  struct nsbox_digest wanted;
  const char *claimed = NULL;
  char shown[NSBOX_DIGEST_STRING_SIZE];

  if (asprintf (&path, "%s/manifests/%s", c->ref->repository, tag_or_digest) < 0
      || asprintf (&what, "manifest `%s/%s:%s`", c->ref->registry, c->ref->repository, tag_or_digest) < 0)
    return nsbox_error_oom (err);
  if (strchr (tag_or_digest, ':'))
    {
      what[strlen (what) - strlen (tag_or_digest) - 2] = '@';
      claimed = tag_or_digest;
    }
  if (registry_get (c, path, manifest_accept, NSBOX_MANIFEST_MAX_SIZE, resp, err) < 0)
    return nsbox_error_prefix (err, "%s", what);
  if (resp->status == 404)
    return nsbox_error_errno (err, ENOENT, "%s not found", what);
  if (resp->status != 200)
    return http_status_error (c, what, resp, err);
  if (resp->body.data == NULL)
    return nsbox_error_errno (err, EPROTO, "%s: empty answer", what);
  if (nsbox_sha256_buffer (resp->body.data, resp->body.length, digest, err) < 0)
    return -1;
  if (claimed == NULL && resp->docker_digest && strncmp (resp->docker_digest, "sha256:", 7) == 0)
    claimed = resp->docker_digest;
  if (claimed)
    {
      if (nsbox_digest_parse (claimed, &wanted, err) < 0)
        return nsbox_error_prefix (err, "%s", what);
      if (!nsbox_digest_equal (&wanted, digest))
        return nsbox_error_errno (err, EBADMSG, "%s: content has digest %s, expected %s", what,
                                  nsbox_digest_format (digest, shown), claimed);
    }
  return 0;
}

/* ------------------------------------------------------------------ blobs */

struct transfer
{
  struct client *client;
  struct nsbox_store_txn *txn;
  const struct nsbox_descriptor *desc;
  char digest[NSBOX_DIGEST_STRING_SIZE];
  CURL *easy;
  struct curl_slist *headers;
  struct nsbox_blob_writer *writer;
  struct response resp; /* status, headers, error body */
  int64_t received;
  bool auth_renewed;
  struct nsbox_error *error; /* from the write callback */
  const struct nsbox_pull_options *opts;
};

static void
transfer_reset (struct transfer *t, CURLM *multi)
{
  if (t->easy)
    {
      if (multi)
        curl_multi_remove_handle (multi, t->easy);
      curl_easy_cleanup (t->easy);
    }
  curl_slist_free_all (t->headers);
  if (t->writer)
    nsbox_blob_writer_abort (t->writer);
  response_release (&t->resp);
  t->easy = NULL;
  t->headers = NULL;
  t->writer = NULL;
  t->received = 0;
}

static void
emit (const struct nsbox_pull_options *opts, enum nsbox_pull_event_kind kind, const char *digest, int64_t done,
      int64_t total, size_t n_blobs)
{
  struct nsbox_pull_event ev = { .kind = kind, .digest = digest, .done = done, .total = total, .n_blobs = n_blobs };

  if (opts->progress)
    opts->progress (opts->progress_data, &ev);
}

static size_t
blob_write_cb (char *data, size_t size, size_t nmemb, void *userdata)
{
  struct transfer *t = userdata;
  size_t n = size * nmemb;
  long status = 0;

  curl_easy_getinfo (t->easy, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200)
    {
      buffer_append (&t->resp.body, data, n); /* the error document, truncated if huge */
      return n;
    }
  if (nsbox_blob_writer_write (t->writer, data, n, &t->error) < 0)
    return 0;
  t->received += n;
  emit (t->opts, NSBOX_PULL_BLOB_PROGRESS, t->digest, t->received, t->desc->size, 0);
  return n;
}

static int
transfer_start (struct transfer *t, CURLM *multi, struct nsbox_error **err)
{
  _cleanup_free_ char *path = NULL, *url = NULL;

  if (asprintf (&path, "%s/blobs/%s", t->client->ref->repository, t->digest) < 0 || !(url = api_url (t->client, path)))
    return nsbox_error_oom (err);
  t->resp.body.max = ERROR_BODY_MAX;
  if (nsbox_store_txn_blob_begin (t->txn, &t->desc->digest, t->desc->size, &t->writer, err) < 0)
    return -1;
  t->easy = curl_easy_init ();
  t->headers = request_headers (t->client, NULL, true);
  if (t->easy == NULL || t->headers == NULL)
    return nsbox_error_oom (err);
  if (configure_easy (t->client, t->easy, url, t->headers, err) < 0)
    return -1;
  curl_easy_setopt (t->easy, CURLOPT_WRITEFUNCTION, blob_write_cb);
  curl_easy_setopt (t->easy, CURLOPT_WRITEDATA, t);
  curl_easy_setopt (t->easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (t->easy, CURLOPT_HEADERDATA, &t->resp);
  curl_easy_setopt (t->easy, CURLOPT_PRIVATE, t);
  if (curl_multi_add_handle (multi, t->easy) != CURLM_OK)
    return nsbox_error_errno (err, EIO, "fetch blob %s: cannot start the transfer", t->digest);
  emit (t->opts, NSBOX_PULL_BLOB_START, t->digest, 0, t->desc->size, 0);
  return 0;
}

/* A finished transfer: commit, retry once after a fresh token, or fail. Returns 1 when restarted. */
static int
transfer_finish (struct transfer *t, CURLM *multi, CURLcode rc, struct nsbox_pull_result *result,
                 struct nsbox_error **err)
{
  char errbuf[96];
  long status = 0;

  curl_easy_getinfo (t->easy, CURLINFO_RESPONSE_CODE, &status);
  if (t->error)
    {
      *err = steal_pointer (&t->error);
      return nsbox_error_prefix (err, "fetch blob %s", t->digest);
    }
  if (rc != CURLE_OK)
    {
      snprintf (errbuf, sizeof errbuf, "fetch blob %s", t->digest);
      return transport_error (t->client, errbuf, rc, NULL, err);
    }
  if (status == 401 && !t->auth_renewed)
    {
      /* The token expired during a long pull: renew it and start over. */
      _cleanup_free_ char *challenge = t->resp.www_authenticate ? strdup (t->resp.www_authenticate) : NULL;

      t->auth_renewed = true;
      transfer_reset (t, multi);
      if (authenticate (t->client, challenge, err) < 0)
        return -1;
      return transfer_start (t, multi, err) < 0 ? -1 : 1;
    }
  if (status == 401)
    return rejected_credentials (t->client, "registry", err);
  if (status != 200)
    {
      t->resp.status = status;
      snprintf (errbuf, sizeof errbuf, "fetch blob %s", t->digest);
      return http_status_error (t->client, errbuf, &t->resp, err);
    }
  if (nsbox_blob_writer_commit (steal_pointer (&t->writer), NULL, err) < 0)
    return nsbox_error_prefix (err, "blob %s from `%s`", t->digest, t->client->ref->registry);
  result->blobs_fetched++;
  result->bytes_fetched += t->received;
  emit (t->opts, NSBOX_PULL_BLOB_DONE, t->digest, t->received, t->desc->size, 0);
  return 0;
}

static void
curl_multi_cleanupp (CURLM **m)
{
  if (*m)
    curl_multi_cleanup (*m);
}

/* Fetch the blobs (already filtered to the missing ones), max_parallel at a time. */
static int
fetch_blobs (struct client *c, struct nsbox_store_txn *txn, const struct nsbox_descriptor **blobs, size_t n,
             struct nsbox_pull_result *result, struct nsbox_error **err)
{
  __attribute__ ((cleanup (curl_multi_cleanupp))) CURLM *multi = curl_multi_init ();
  _cleanup_free_ struct transfer *transfers = calloc (n ? n : 1, sizeof *transfers);
  unsigned max = c->opts->max_parallel ? c->opts->max_parallel : DEFAULT_PARALLEL;
  size_t next = 0, active = 0;
  int ret = 0;

  if (multi == NULL || transfers == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < n; i++)
    {
      transfers[i] = (struct transfer){ .client = c, .txn = txn, .desc = blobs[i], .opts = c->opts };
      nsbox_digest_format (&blobs[i]->digest, transfers[i].digest);
    }
  while (ret == 0 && (next < n || active > 0))
    {
      int running, queued;
      CURLMsg *msg;

      while (ret == 0 && next < n && active < max)
        {
          ret = transfer_start (&transfers[next++], multi, err);
          active++;
        }
      if (ret < 0)
        break;
      if (curl_multi_perform (multi, &running) != CURLM_OK || curl_multi_poll (multi, NULL, 0, 1000, NULL) != CURLM_OK)
        {
          ret = nsbox_error_errno (err, EIO, "blob transfers failed");
          break;
        }
      while (ret == 0 && (msg = curl_multi_info_read (multi, &queued)))
        {
          struct transfer *t = NULL;
          int done;

          if (msg->msg != CURLMSG_DONE)
            continue;
          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
          done = transfer_finish (t, multi, msg->data.result, result, err);
          if (done < 0)
            ret = -1;
          else if (done == 0)
            {
              transfer_reset (t, multi);
              active--;
            }
        }
    }
  for (size_t i = 0; i < n; i++)
    {
      transfer_reset (&transfers[i], multi);
      nsbox_error_free (transfers[i].error);
    }
  return ret;
}

/* ------------------------------------------------------------------ pull */

static void
manifest_freep (struct nsbox_manifest **m)
{
  if (*m)
    nsbox_manifest_free (*m);
}

static int
add_blob (struct nsbox_store_txn *txn, const struct nsbox_descriptor *d, const struct nsbox_descriptor **missing,
          size_t *n_missing, struct nsbox_pull_result *result, const struct nsbox_pull_options *opts,
          struct nsbox_error **err)
{
  char shown[NSBOX_DIGEST_STRING_SIZE];
  int has;

  for (size_t i = 0; i < *n_missing; i++)
    if (nsbox_digest_equal (&missing[i]->digest, &d->digest))
      return 0;
  has = nsbox_store_txn_has_blob (txn, &d->digest, err);
  if (has < 0)
    return -1;
  if (has)
    {
      result->blobs_present++;
      emit (opts, NSBOX_PULL_BLOB_PRESENT, nsbox_digest_format (&d->digest, shown), d->size, d->size, 0);
      return 0;
    }
  missing[(*n_missing)++] = d;
  return 0;
}

static int
resolve_image_manifest (struct client *c, struct response *resp, struct nsbox_digest *digest,
                        struct nsbox_manifest **manifest, struct nsbox_error **err)
{
  const char *arch = nsbox_host_architecture ();
  const char *variant = nsbox_host_variant ();
  const struct nsbox_descriptor *entry;
  char wanted[NSBOX_DIGEST_STRING_SIZE];

  if (fetch_manifest (c, c->ref->digest ? c->ref->digest : c->ref->tag, resp, digest, err) < 0)
    return -1;
  if (nsbox_manifest_parse (resp->body.data, resp->body.length, manifest, err) < 0)
    return nsbox_error_prefix (err, "manifest of `%s/%s`", c->ref->registry, c->ref->repository);
  if ((*manifest)->kind == NSBOX_MANIFEST_IMAGE)
    return 0;
  if (nsbox_manifest_select_platform (*manifest, "linux", arch, variant, &entry, err) < 0)
    return nsbox_error_prefix (err, "image `%s/%s`", c->ref->registry, c->ref->repository);
  nsbox_digest_format (&entry->digest, wanted);
  nsbox_manifest_free (*manifest);
  *manifest = NULL;
  if (fetch_manifest (c, wanted, resp, digest, err) < 0)
    return -1;
  if (nsbox_manifest_parse (resp->body.data, resp->body.length, manifest, err) < 0)
    return nsbox_error_prefix (err, "manifest %s of `%s/%s`", wanted, c->ref->registry, c->ref->repository);
  if ((*manifest)->kind != NSBOX_MANIFEST_IMAGE)
    return nsbox_error_errno (err, EPROTO, "manifest %s of `%s/%s` is an index inside an index", wanted,
                              c->ref->registry, c->ref->repository);
  return 0;
}

/* Fetch the config and the layers the store lacks into the transaction. */
static int
fetch_missing_blobs (struct client *c, struct nsbox_store_txn *txn, const struct nsbox_manifest *m,
                     struct nsbox_pull_result *result, struct nsbox_error **err)
{
  _cleanup_free_ const struct nsbox_descriptor **missing = calloc (m->n_layers + 1, sizeof *missing);
  char shown[NSBOX_DIGEST_STRING_SIZE];
  size_t n_missing = 0;

  if (missing == NULL)
    return nsbox_error_oom (err);
  for (size_t i = 0; i < m->n_layers; i++)
    if (!nsbox_layer_media_type_supported (m->layers[i].media_type))
      return nsbox_error_errno (err, ENOTSUP, "layer %s has unsupported media type `%s`",
                                nsbox_digest_format (&m->layers[i].digest, shown), m->layers[i].media_type);
  if (add_blob (txn, &m->config, missing, &n_missing, result, c->opts, err) < 0)
    return -1;
  for (size_t i = 0; i < m->n_layers; i++)
    if (add_blob (txn, &m->layers[i], missing, &n_missing, result, c->opts, err) < 0)
      return -1;
  return fetch_blobs (c, txn, missing, n_missing, result, err);
}

/* Everything goes through one store transaction: a failure at any point leaves the store as it was. */
static int
pull_into_store (struct client *c, struct nsbox_store *store, const char *name, struct nsbox_pull_result *result,
                 struct nsbox_error **err)
{
  _cleanup_response_ struct response resp = { 0 };
  __attribute__ ((cleanup (manifest_freep))) struct nsbox_manifest *manifest = NULL;
  struct nsbox_store_txn *txn = NULL;
  char shown[NSBOX_DIGEST_STRING_SIZE];

  if (resolve_image_manifest (c, &resp, &result->manifest, &manifest, err) < 0)
    return -1;
  nsbox_digest_format (&result->manifest, shown);
  emit (c->opts, NSBOX_PULL_MANIFEST, shown, 0, 0, manifest->n_layers + 1);
  if (nsbox_store_txn_begin (store, &txn, err) < 0)
    return -1;
  if (nsbox_store_txn_put_blob_buffer (txn, resp.body.data, resp.body.length, &result->manifest, NULL, err) < 0
      || fetch_missing_blobs (c, txn, manifest, result, err) < 0)
    {
      nsbox_store_txn_abort (txn);
      return -1;
    }
  emit (c->opts, NSBOX_PULL_UNPACK, shown, 0, 0, manifest->n_layers + 1);
  return nsbox_store_txn_commit (txn, name, &result->manifest, err);
}

void
nsbox_pull_result_release (struct nsbox_pull_result *result)
{
  free (result->name);
  memset (result, 0, sizeof *result);
}

int
nsbox_registry_pull (struct nsbox_store *store, const char *reference, const struct nsbox_pull_options *options,
                     struct nsbox_pull_result *result, struct nsbox_error **err)
{
  static const struct nsbox_pull_options defaults = { 0 };
  _cleanup_free_ char *name = NULL;
  struct nsbox_reference ref;
  struct client c;
  int ret;

  memset (result, 0, sizeof *result);
  if (options == NULL)
    options = &defaults;
  if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return nsbox_error_errno (err, EIO, "initialise libcurl");
  if (nsbox_reference_parse (reference, &ref, err) < 0)
    return -1;
  if (nsbox_image_ref_normalize (reference, &name, err) < 0)
    {
      nsbox_reference_release (&ref);
      return -1;
    }
  ret = client_init (&c, &ref, options, err);
  if (ret == 0)
    ret = ping (&c, err);
  if (ret == 0)
    ret = pull_into_store (&c, store, name, result, err);
  client_release (&c);
  nsbox_reference_release (&ref);
  if (ret < 0)
    return nsbox_error_prefix (err, "pull `%s`", reference);
  result->name = steal_pointer (&name);
  return 0;
}
