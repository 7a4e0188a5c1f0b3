#define _GNU_SOURCE
#include "image/registry/registry.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/cleanup.h"
#include "image/store/manifest.h"
#include "image/registry/reference.h"
#include "image/registry/client.h"

#define DEFAULT_PARALLEL 3

static const char manifest_accept[]
    = NSBOX_MEDIA_OCI_MANIFEST ", " NSBOX_MEDIA_OCI_INDEX ", " NSBOX_MEDIA_DOCKER_MANIFEST ", " NSBOX_MEDIA_DOCKER_LIST;

const char *
nsbox_registry_manifest_accept (void)
{
  return manifest_accept;
}

/* ------------------------------------------------------------------ manifests */

static int
http_status_error (struct nsbox_registry_client *c, const char *what, const struct nsbox_registry_response *resp,
                   struct nsbox_error **err)
{
  _cleanup_free_ char *detail = nsbox_registry_error_message (&resp->body);

  return nsbox_error_errno (err, resp->status == 404 ? ENOENT : EIO, "%s: registry `%s` answered HTTP %ld%s%s", what,
                            c->ref->registry, resp->status, detail ? ": " : "", detail ? detail : "");
}

/* GET a manifest by tag or digest; the body's digest is checked against the
 * digest asked for, or against Docker-Content-Digest when asked by tag. */
static int
fetch_manifest (struct nsbox_registry_client *c, const char *tag_or_digest, struct nsbox_registry_response *resp,
                struct nsbox_digest *digest, struct nsbox_error **err)
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
  if (nsbox_registry_client_get (c, path, manifest_accept, NSBOX_MANIFEST_MAX_SIZE, resp, err) < 0)
    return nsbox_error_prefix (err, "%s", what);
  if (resp->status == 404)
    return nsbox_error_errno (err, ENOENT, "%s not found", what);
  if (resp->status != 200)
    return http_status_error (c, what, resp, err);
  if (resp->body.data == NULL)
    return nsbox_error_errno (err, EPROTO, "%s: empty answer", what);
  /* Registries still serve signed schema 1 to clients that ask for nothing else; we never do. */
  if (resp->content_type && strncmp (resp->content_type, "application/vnd.docker.distribution.manifest.v1+", 48) == 0)
    return nsbox_error_errno (err, ENOTSUP, "%s: Docker schema 1 manifests (`%s`) are not supported", what,
                              resp->content_type);
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
  struct nsbox_registry_client *client;
  struct nsbox_store_txn *txn;
  const struct nsbox_descriptor *desc;
  char digest[NSBOX_DIGEST_STRING_SIZE];
  CURL *easy;
  struct curl_slist *headers;
  struct nsbox_blob_writer *writer;
  struct nsbox_registry_response resp; /* status, headers, error body */
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
  nsbox_registry_response_release (&t->resp);
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
      nsbox_registry_buffer_append (&t->resp.body, data, n); /* the error document, truncated if huge */
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

  if (asprintf (&path, "%s/blobs/%s", t->client->ref->repository, t->digest) < 0
      || !(url = nsbox_registry_client_url (t->client, path)))
    return nsbox_error_oom (err);
  t->resp.body.max = REGISTRY_ERROR_BODY_MAX;
  if (nsbox_store_txn_blob_begin (t->txn, &t->desc->digest, t->desc->size, &t->writer, err) < 0)
    return -1;
  t->easy = curl_easy_init ();
  t->headers = nsbox_registry_client_headers (t->client, NULL, true);
  if (t->easy == NULL || t->headers == NULL)
    return nsbox_error_oom (err);
  if (nsbox_registry_client_configure (t->client, t->easy, url, t->headers, err) < 0)
    return -1;
  curl_easy_setopt (t->easy, CURLOPT_WRITEFUNCTION, blob_write_cb);
  curl_easy_setopt (t->easy, CURLOPT_WRITEDATA, t);
  curl_easy_setopt (t->easy, CURLOPT_HEADERFUNCTION, nsbox_registry_header_cb);
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
      return nsbox_registry_transport_error (t->client, errbuf, rc, NULL, err);
    }
  if (status == 401 && !t->auth_renewed)
    {
      /* The token expired during a long pull: renew it and start over. */
      _cleanup_free_ char *challenge = t->resp.www_authenticate ? strdup (t->resp.www_authenticate) : NULL;

      t->auth_renewed = true;
      transfer_reset (t, multi);
      if (nsbox_registry_client_authenticate (t->client, challenge, err) < 0)
        return -1;
      return transfer_start (t, multi, err) < 0 ? -1 : 1;
    }
  if (status == 401)
    return nsbox_registry_client_rejected (t->client, "registry", err);
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
fetch_blobs (struct nsbox_registry_client *c, struct nsbox_store_txn *txn, const struct nsbox_descriptor **blobs,
             size_t n, struct nsbox_pull_result *result, struct nsbox_error **err)
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
      if (curl_multi_perform (multi, &running) != CURLM_OK)
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
      /* Sleep only while something is in flight: polling an idle multi handle waits the full timeout. */
      if (ret == 0 && running > 0 && curl_multi_poll (multi, NULL, 0, 1000, NULL) != CURLM_OK)
        ret = nsbox_error_errno (err, EIO, "blob transfers failed");
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
resolve_image_manifest (struct nsbox_registry_client *c, struct nsbox_registry_response *resp,
                        struct nsbox_digest *digest, struct nsbox_manifest **manifest, struct nsbox_error **err)
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
fetch_missing_blobs (struct nsbox_registry_client *c, struct nsbox_store_txn *txn, const struct nsbox_manifest *m,
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
pull_into_store (struct nsbox_registry_client *c, struct nsbox_store *store, const char *name,
                 struct nsbox_pull_result *result, struct nsbox_error **err)
{
  _cleanup_response_ struct nsbox_registry_response resp = { 0 };
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
  struct nsbox_registry_client c;
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
  ret = nsbox_registry_client_init (&c, &ref, options, err);
  if (ret == 0)
    ret = nsbox_registry_client_ping (&c, err);
  if (ret == 0)
    ret = pull_into_store (&c, store, name, result, err);
  nsbox_registry_client_release (&c);
  nsbox_reference_release (&ref);
  if (ret < 0)
    return nsbox_error_prefix (err, "pull `%s`", reference);
  result->name = steal_pointer (&name);
  return 0;
}
