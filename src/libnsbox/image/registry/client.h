/* registry-client.h - the HTTP side of the registry client (internal to registry.c).
 *
 * One client per pull: the registry's scheme (HTTPS, or HTTP when allowed), its CA
 * bundle, the credentials and the Authorization header answering the last
 * challenge.  The rules are described in registry.h. */
#ifndef NSBOX_IMAGE_REGISTRY_CLIENT_H
#define NSBOX_IMAGE_REGISTRY_CLIENT_H

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "image/registry/auth.h"
#include "image/registry/reference.h"
#include "image/registry/registry.h"

#define REGISTRY_ERROR_BODY_MAX (64 * 1024)

/* A bounded in-memory body. */
struct nsbox_registry_buffer
{
  char *data;
  size_t length;
  size_t max;
  bool overflow;
};

/* What a request answered: the last hop's status and headers, the body up to body.max. */
struct nsbox_registry_response
{
  long status;
  struct nsbox_registry_buffer body;
  char *content_type;
  char *docker_digest;
  char *www_authenticate;
};

struct nsbox_registry_client
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

/* Append n bytes unless that passes b->max (b->overflow is then set); false on failure. */
bool nsbox_registry_buffer_append (struct nsbox_registry_buffer *b, const char *data, size_t n);
void nsbox_registry_response_release (struct nsbox_registry_response *r);

static inline void
response_releasep (struct nsbox_registry_response *r)
{
  nsbox_registry_response_release (r);
}
#define _cleanup_response_ __attribute__ ((cleanup (response_releasep)))

static inline void
curl_easy_cleanupp (CURL **e)
{
  if (*e)
    curl_easy_cleanup (*e);
}
#define _cleanup_curl_ __attribute__ ((cleanup (curl_easy_cleanupp)))

static inline void
curl_slist_freep (struct curl_slist **l)
{
  curl_slist_free_all (*l);
}
#define _cleanup_slist_ __attribute__ ((cleanup (curl_slist_freep)))

/* CURLOPT_HEADERFUNCTION filling a struct nsbox_registry_response (Content-Type, Docker-Content-Digest,
 * WWW-Authenticate). */
size_t nsbox_registry_header_cb (char *line, size_t size, size_t nmemb, void *userdata);

/* "CODE (message)" from a registry's JSON error document, or NULL. */
char *nsbox_registry_error_message (const struct nsbox_registry_buffer *body);

/* Look up credentials, load the CA bundle. */
int nsbox_registry_client_init (struct nsbox_registry_client *c, const struct nsbox_reference *ref,
                                const struct nsbox_pull_options *opts, struct nsbox_error **err);
void nsbox_registry_client_release (struct nsbox_registry_client *c);

/* GET /v2/: choose the scheme and answer the registry's challenge, if any. */
int nsbox_registry_client_ping (struct nsbox_registry_client *c, struct nsbox_error **err);

/* "<scheme>://<api host>/v2/<path>", malloc'ed. */
char *nsbox_registry_client_url (struct nsbox_registry_client *c, const char *path);

/* GET /v2/<path> with `accept`, answering one 401 challenge; the body is bounded by max. */
int nsbox_registry_client_get (struct nsbox_registry_client *c, const char *path, const char *accept, size_t max,
                               struct nsbox_registry_response *resp, struct nsbox_error **err);

/* Answer a 401's challenge: a token for the pull scope, or Basic credentials. */
int nsbox_registry_client_authenticate (struct nsbox_registry_client *c, const char *www_authenticate,
                                        struct nsbox_error **err);

/* The TLS, redirect, timeout and header settings every request of the client uses. */
int nsbox_registry_client_configure (struct nsbox_registry_client *c, CURL *easy, const char *url,
                                     struct curl_slist *headers, struct nsbox_error **err);

/* Accept (when given) and Authorization headers; NULL on ENOMEM. */
struct curl_slist *nsbox_registry_client_headers (struct nsbox_registry_client *c, const char *accept, bool with_auth);

/* The error for a failed transfer, with a hint for certificate and protocol failures. */
int nsbox_registry_transport_error (struct nsbox_registry_client *c, const char *url, CURLcode rc, const char *detail,
                                    struct nsbox_error **err);

/* A 401 after authenticating: say whether credentials were missing or rejected. */
int nsbox_registry_client_rejected (struct nsbox_registry_client *c, const char *who, struct nsbox_error **err);

#endif
