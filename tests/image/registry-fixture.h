/* registry-fixture.h - a real Docker registry (docker-registry) on 127.0.0.1 for pull tests.
 *
 * Each fixture owns a temp directory holding the registry's config, data, log and
 * certificates, an OCI layout built by make-oci-layout.py and pushed by skopeo, an
 * image store and a HOME for credential files.  Stopping kills only the PIDs it
 * started and removes the directory. */
#ifndef NSBOX_TESTS_REGISTRY_FIXTURE_H
#define NSBOX_TESTS_REGISTRY_FIXTURE_H

#include <stdbool.h>
#include <sys/types.h>

enum test_registry_mode
{
  TEST_REGISTRY_PLAIN,     /* HTTP, no auth */
  TEST_REGISTRY_TLS_BASIC, /* HTTPS with a self-signed certificate, htpasswd (Basic) auth */
  TEST_REGISTRY_TLS_TOKEN, /* HTTPS, Bearer tokens from a local token server */
};

#define TEST_REGISTRY_USER "alice"
#define TEST_REGISTRY_PASSWORD "s3cret:with-colon"
#define TEST_DIGEST_SIZE 72

enum test_registry_redirect
{
  TEST_REDIRECT_NONE,
  TEST_REDIRECT_HTTPS, /* blob GETs redirect to a separate HTTPS server (blob-storage.py) */
  TEST_REDIRECT_HTTP,  /* ... to a plain HTTP one */
};

struct test_registry
{
  enum test_registry_mode mode;
  enum test_registry_redirect redirect;
  pid_t storage_pid;
  char dir[64];
  char host[32]; /* "127.0.0.1:PORT" */
  pid_t pid, token_pid;
  char amd64[TEST_DIGEST_SIZE]; /* image manifest pushed as :single, and amd64 entry of :multi */
  char arm64[TEST_DIGEST_SIZE];
  char index[TEST_DIGEST_SIZE];
  char config[TEST_DIGEST_SIZE];
  char layers[2][TEST_DIGEST_SIZE];
  char v2s2[TEST_DIGEST_SIZE]; /* the Docker schema 2 manifest pushed as :v2s2 */
};

/* Start the registry, push :single, :multi (an index, amd64 + arm64) and :v2s2 into test/busybox. */
void test_registry_start (struct test_registry *r, enum test_registry_mode mode);
void test_registry_stop (struct test_registry *r);

/* Same, with the registry's redirect storage middleware sending blob downloads elsewhere. */
void test_registry_start_redirect (struct test_registry *r, enum test_registry_mode mode,
                                   enum test_registry_redirect redirect);

/* Requests the redirect target received: blob GETs, or (with_authorization) any carrying an Authorization header. */
int test_registry_storage_requests (struct test_registry *r, bool with_authorization);

struct pull_run
{
  int status; /* exit status of the command */
  char *out;  /* stdout */
  char *err;  /* stderr */
};

/* Run `nsbox-image pull --store DIR/store [args...] REF` with HOME=DIR/home,
 * XDG_RUNTIME_DIR=DIR/run and no REGISTRY_AUTH_FILE/DOCKER_CONFIG; args is NULL-terminated. */
void test_registry_pull (struct test_registry *r, const char *const *args, const char *ref, struct pull_run *run);
void pull_run_release (struct pull_run *run);

/* Write DIR/run/containers/auth.json with `json` as content. */
void test_registry_write_containers_auth (struct test_registry *r, const char *json);

/* Write DIR/home/.docker/config.json with `json` as content. */
void test_registry_write_docker_config (struct test_registry *r, const char *json);

/* Number of GET requests for blobs of test/busybox in the registry's access log. */
int test_registry_blob_gets (struct test_registry *r);

/* Number of GET requests for manifest `reference` (tag or digest) of test/busybox. */
int test_registry_manifest_gets (struct test_registry *r, const char *reference);

/* Number of token requests with the given status in the token server's log. */
int test_registry_token_requests (struct test_registry *r, int status);

/* Whether `path` (relative to the layer root) exists in layer directory `layer_digest` of the store. */
bool test_registry_layer_has (struct test_registry *r, const char *layer_digest, const char *path);

/* Run a shell command line; returns its exit status. */
int test_sh (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

#endif
