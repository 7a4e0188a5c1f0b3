/* registry.h - pulling images over the Distribution API v2 (libcurl).
 *
 * nsbox_registry_pull() resolves a reference to an image manifest (picking the
 * host's platform from an index / manifest list), fetches the config and layer
 * blobs the store lacks, a few at a time, straight into the store's verifying
 * blob writer, unpacks the layers and records the image under the name given,
 * exactly as an import does: through one store transaction, so a failure at any
 * point (a digest mismatch, a hostile layer, a lost connection) leaves the store
 * as it was.
 *
 * Transport rules (the safe default needs no option):
 *   - HTTPS with certificate verification against the system CAs plus every
 *     *.crt in the registry's certificate directory: `cert_dir` when given,
 *     else /etc/containers/certs.d/<host[:port]>/ and /etc/docker/certs.d/<host[:port]>/.
 *   - `tls_verify_disabled` turns verification off AND lets a registry that does
 *     not speak TLS be reached over plain HTTP: HTTPS is tried first and HTTP is
 *     used only when the TLS handshake itself fails.  Never for docker.io.
 *   - Redirects (registries send blobs to object storage) are followed to HTTPS
 *     only, unless verification is disabled; credentials and tokens are never
 *     sent to a host other than the one they were meant for.
 *
 * Authentication: a 401 carrying `WWW-Authenticate: Bearer` makes us fetch a
 * token from the realm (anonymously, or with the credentials as Basic auth) for
 * the repository's pull scope and retry; `Basic` sends the credentials to the
 * registry itself.  A token that expires during a long pull is renewed once per
 * request. */
#ifndef NSBOX_IMAGE_REGISTRY_H
#define NSBOX_IMAGE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image/registry/auth.h"
#include "image/digest.h"
#include "base/error.h"
#include "image/store/store.h"

enum nsbox_pull_event_kind
{
  NSBOX_PULL_MANIFEST,     /* the image manifest was resolved: n_blobs is known */
  NSBOX_PULL_BLOB_PRESENT, /* already in the store, not fetched */
  NSBOX_PULL_BLOB_START,
  NSBOX_PULL_BLOB_PROGRESS,
  NSBOX_PULL_BLOB_DONE, /* fetched and verified */
  NSBOX_PULL_UNPACK,    /* all blobs are here: layers are being unpacked and the image recorded */
};

struct nsbox_pull_event
{
  enum nsbox_pull_event_kind kind;
  const char *digest; /* "sha256:..." of the blob, or of the image manifest for NSBOX_PULL_MANIFEST */
  int64_t done;       /* bytes received so far */
  int64_t total;      /* size from the manifest */
  size_t n_blobs;     /* NSBOX_PULL_MANIFEST: config + layers */
};

typedef void (*nsbox_pull_progress_fn) (void *data, const struct nsbox_pull_event *event);

/* A zeroed struct is the safe default. */
struct nsbox_pull_options
{
  bool tls_verify_disabled;                    /* skip certificate checks, allow plain HTTP (see above) */
  const char *cert_dir;                        /* directory of extra CA certificates (*.crt) for this registry */
  const char *const *auth_files;               /* NULL-terminated JSON auth files, first match wins */
  const struct nsbox_credentials *credentials; /* takes precedence over auth_files */
  unsigned max_parallel;                       /* concurrent blob downloads; 0 = 3 */
  const char *user_agent;                      /* NULL = "nsbox" */
  nsbox_pull_progress_fn progress;
  void *progress_data;
};

struct nsbox_pull_result
{
  char *name;                   /* the name recorded in the store ("busybox:latest") */
  struct nsbox_digest manifest; /* the image manifest's digest */
  size_t blobs_fetched;         /* config + layers downloaded */
  size_t blobs_present;         /* config + layers already stored */
  uint64_t bytes_fetched;
};

/* Pull `reference` ([REGISTRY/]REPO[:TAG][@DIGEST], see reference.h) into store. */
int nsbox_registry_pull (struct nsbox_store *store, const char *reference, const struct nsbox_pull_options *options,
                         struct nsbox_pull_result *result, struct nsbox_error **err);

void nsbox_pull_result_release (struct nsbox_pull_result *result);

/* The Accept header value for manifests: OCI and Docker schema 2, images and indexes.
 * Asking with one family only makes registries answer 404 for a tag of the other. */
const char *nsbox_registry_manifest_accept (void);

#endif
