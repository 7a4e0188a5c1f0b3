/* nsbox pull against a real registry (docker-registry) on 127.0.0.1. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "image/store/store.h"
#include "registry-fixture.h"

static struct test_registry reg;

static void
plain (void)
{
  test_registry_start (&reg, TEST_REGISTRY_PLAIN);
}

static void
tls_basic (void)
{
  test_registry_start (&reg, TEST_REGISTRY_TLS_BASIC);
}

static void
tls_token (void)
{
  test_registry_start (&reg, TEST_REGISTRY_TLS_TOKEN);
}

static void
stop (void)
{
  test_registry_stop (&reg);
}

static char *
ref (const char *suffix)
{
  char *s;

  cr_assert_geq (asprintf (&s, "%s/test/busybox%s", reg.host, suffix), 0);
  return s;
}

static void
expect_success (const struct pull_run *run, const char *manifest)
{
  cr_assert_eq (run->status, 0, "pull failed: %s", run->err);
  cr_expect_eq (strncmp (run->out, manifest, 71), 0, "pulled %s, expected %s", run->out, manifest);
}

static void
expect_failure (const struct pull_run *run, const char *message_part)
{
  cr_assert_neq (run->status, 0, "pull must fail (stdout %s)", run->out);
  cr_expect_not_null (strstr (run->err, message_part), "stderr `%s` lacks `%s`", run->err, message_part);
  cr_expect_str_empty (run->out);
}

/* The image as the store lists it after the pull: 1 found, 0 not. */
static int
find_recorded (const char *name, struct nsbox_digest *manifest, size_t *n_layers)
{
  _cleanup_error_ struct nsbox_error *err = NULL;
  _cleanup_free_ char *dir = NULL, *normalized = NULL;
  struct nsbox_store *store = NULL;
  struct nsbox_image_info *images = NULL;
  size_t n = 0;
  int found = 0;

  cr_assert_geq (asprintf (&dir, "%s/store", reg.dir), 0);
  cr_assert_eq (nsbox_image_ref_normalize (name, &normalized, &err), 0);
  cr_assert_eq (nsbox_store_open (dir, &store, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq (nsbox_store_list_images (store, &images, &n, &err), 0, "%s", err ? err->message : "");
  for (size_t i = 0; i < n; i++)
    if (strcmp (images[i].name, normalized) == 0)
      {
        *manifest = images[i].manifest;
        *n_layers = images[i].n_layers;
        found = 1;
      }
  nsbox_image_info_free (images, n);
  nsbox_store_close (store);
  return found;
}

/* The image is recorded as an import would record it: listed, with its layers unpacked. */
static void
expect_recorded (const char *name, const char *manifest)
{
  struct nsbox_digest d;
  size_t n_layers = 0;
  char shown[NSBOX_DIGEST_STRING_SIZE];

  cr_assert_eq (find_recorded (name, &d, &n_layers), 1, "%s is not in the store", name);
  cr_expect_str_eq (nsbox_digest_format (&d, shown), manifest);
  cr_expect_eq (n_layers, 2);
}

static void
expect_not_recorded (const char *name)
{
  struct nsbox_digest d;
  size_t n_layers;

  cr_expect_eq (find_recorded (name, &d, &n_layers), 0, "%s must not be in the store", name);
}

static const char *const insecure[] = { "--tls-verify=false", NULL };

Test (image_pull, by_tag_oci_manifest, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  test_registry_pull (&reg, insecure, r, &run);
  expect_success (&run, reg.amd64);
  expect_recorded (r, reg.amd64);
  cr_expect (test_registry_layer_has (&reg, reg.layers[0], "bin/busybox"));
  cr_expect (test_registry_layer_has (&reg, reg.layers[1], "etc/nsbox-image"));
  cr_expect_eq (test_registry_blob_gets (&reg), 3, "config + 2 layers fetched once each");
  pull_run_release (&run);
}

/* The pulled image is what `nsbox exec IMAGE` runs. */
Test (image_pull, pulled_image_runs, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":multi"), *store = NULL, *cmd = NULL;
  struct pull_run run;
  const char *bin = getenv ("NSBOX_BIN");
  FILE *p;
  char line[64] = "";

  cr_assert_not_null (bin, "NSBOX_BIN must name the nsbox executable");
  test_registry_pull (&reg, insecure, r, &run);
  expect_success (&run, reg.amd64);
  pull_run_release (&run);
  cr_assert_geq (asprintf (&cmd,
                           "%s --store %s/store exec %s /bin/sh -c 'cat /etc/nsbox-image; busybox true && echo ok'",
                           bin, reg.dir, r),
                 0);
  p = popen (cmd, "r");
  cr_assert_not_null (p);
  cr_expect_not_null (fgets (line, sizeof line, p));
  cr_expect_str_eq (line, "amd64\n", "the amd64 image's own marker file");
  cr_expect_not_null (fgets (line, sizeof line, p));
  cr_expect_str_eq (line, "ok\n");
  cr_expect_eq (pclose (p), 0);
}

Test (image_pull, by_digest, .init = plain, .fini = stop)
{
  _cleanup_free_ char *at = NULL, *r = NULL;
  struct pull_run run;

  cr_assert_geq (asprintf (&at, "@%s", reg.amd64), 0);
  r = ref (at);
  test_registry_pull (&reg, insecure, r, &run);
  expect_success (&run, reg.amd64);
  expect_recorded (r, reg.amd64);
  pull_run_release (&run);
}

Test (image_pull, unknown_digest_is_not_found, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref ("@sha256:0000000000000000000000000000000000000000000000000000000000000000");
  struct pull_run run;

  test_registry_pull (&reg, insecure, r, &run);
  expect_failure (&run, "not found");
  pull_run_release (&run);
}

Test (image_pull, unknown_tag_is_not_found, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":nope");
  struct pull_run run;

  test_registry_pull (&reg, insecure, r, &run);
  expect_failure (&run, "manifest `");
  cr_expect_not_null (strstr (run.err, "not found"));
  pull_run_release (&run);
}

Test (image_pull, docker_schema2_manifest, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":v2s2");
  struct pull_run run;

  cr_assert_neq (strcmp (reg.v2s2, reg.amd64), 0, "skopeo converted the manifest");
  test_registry_pull (&reg, insecure, r, &run);
  expect_success (&run, reg.v2s2);
  expect_recorded (r, reg.v2s2);
  pull_run_release (&run);
}

Test (image_pull, index_picks_host_platform, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":multi");
  struct pull_run run;

  test_registry_pull (&reg, insecure, r, &run);
  expect_success (&run, reg.amd64);
  expect_recorded (r, reg.amd64);
  cr_expect_eq (test_registry_manifest_gets (&reg, reg.arm64), 0, "the arm64 manifest is never fetched");
  cr_expect_eq (test_registry_manifest_gets (&reg, reg.amd64), 1);
  pull_run_release (&run);
}

Test (image_pull, stored_blobs_are_not_fetched_again, .init = plain, .fini = stop)
{
  _cleanup_free_ char *single = ref (":single"), *multi = ref (":multi"), *v2s2 = ref (":v2s2");
  struct pull_run run;

  test_registry_pull (&reg, insecure, single, &run);
  expect_success (&run, reg.amd64);
  cr_expect_not_null (strstr (run.err, "3 blobs fetched"), "%s", run.err);
  pull_run_release (&run);
  cr_assert_eq (test_registry_blob_gets (&reg), 3);

  /* The same layers behind an index and a Docker manifest: no blob request at all. */
  test_registry_pull (&reg, insecure, multi, &run);
  expect_success (&run, reg.amd64);
  cr_expect_not_null (strstr (run.err, "0 blobs fetched"), "%s", run.err);
  cr_expect_not_null (strstr (run.err, "3 already present"), "%s", run.err);
  pull_run_release (&run);
  test_registry_pull (&reg, insecure, v2s2, &run);
  expect_success (&run, reg.v2s2);
  pull_run_release (&run);
  test_registry_pull (&reg, insecure, single, &run);
  expect_success (&run, reg.amd64);
  pull_run_release (&run);
  cr_expect_eq (test_registry_blob_gets (&reg), 3, "no blob may be fetched twice");
}

Test (image_pull, quiet_prints_only_the_digest, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  const char *const args[] = { "--tls-verify=false", "--quiet", NULL };
  struct pull_run run;

  test_registry_pull (&reg, args, r, &run);
  expect_success (&run, reg.amd64);
  cr_expect_str_empty (run.err);
  cr_expect_eq (strlen (run.out), 72, "one line: the digest");
  pull_run_release (&run);
}

/* On a terminal, stderr shows progress; `script` gives the command one. */
Test (image_pull, progress_on_a_terminal, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single"), *cmd = NULL, *out = NULL;
  size_t n = 0;
  FILE *p;

  cr_assert_geq (asprintf (&cmd,
                           "script -qec '%s pull --store %s/store --tls-verify=false %s' /dev/null 2>&1 </dev/null",
                           getenv ("NSBOX_IMAGE_BIN"), reg.dir, r),
                 0);
  p = popen (cmd, "r");
  cr_assert_not_null (p);
  cr_assert_geq (getdelim (&out, &n, '\0', p), 0);
  cr_expect_eq (pclose (p), 0, "%s", out);
  /* One row per blob, as podman shows them, and per layer unpacked. */
  for (int i = 0; i < 2; i++)
    {
      char row[64];

      snprintf (row, sizeof row, "Copying blob sha256:%.12s  done: ", reg.layers[i] + 7);
      cr_expect_not_null (strstr (out, row), "`%s` not in `%s`", row, out);
    }
  cr_expect_not_null (strstr (out, "Unpacking layer 1/2 sha256:"), "%s", out);
  cr_expect_not_null (strstr (out, reg.amd64), "%s", out);
}

/* Off a terminal: no progress, only the summary and the digest. */
Test (image_pull, no_progress_off_a_terminal, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  const char *const args[] = { "--tls-verify=false", NULL };
  struct pull_run run;

  test_registry_pull (&reg, args, r, &run);
  expect_success (&run, reg.amd64);
  cr_expect_null (strstr (run.err, "Copying"), "%s", run.err);
  cr_expect_null (strchr (run.err, '\r'), "%s", run.err);
  cr_expect_eq (strncmp (run.err, "pulled ", 7), 0, "%s", run.err);
  pull_run_release (&run);
}

Test (image_pull, plain_http_needs_tls_verify_false, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  test_registry_pull (&reg, NULL, r, &run);
  expect_failure (&run, "--tls-verify=false");
  expect_not_recorded (r);
  cr_expect_eq (test_registry_blob_gets (&reg), 0);
  pull_run_release (&run);
}

/* Attack: the registry serves a layer whose bytes do not match its digest. */
Test (image_pull, tampered_layer_is_refused, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  /* Same size, one byte flipped, in the registry's own storage. */
  cr_assert_eq (test_sh ("f=%s/data/docker/registry/v2/blobs/sha256/%.2s/%s/data && printf '\\001' | dd of=$f bs=1 "
                         "seek=100 conv=notrunc status=none",
                         reg.dir, reg.layers[1] + 7, reg.layers[1] + 7),
                0);
  test_registry_pull (&reg, insecure, r, &run);
  expect_failure (&run, reg.layers[1]);
  cr_expect_not_null (strstr (run.err, "digest"), "%s", run.err);
  expect_not_recorded (r);
  cr_expect_not (test_registry_layer_has (&reg, reg.layers[1], "."));
  cr_expect_eq (test_sh ("test -e %s/store/blobs/sha256/%s", reg.dir, reg.layers[1] + 7), 1,
                "the tampered blob is not in the store");
  pull_run_release (&run);
}

/* Attack: the registry serves a manifest that is not the one its digest names. */
Test (image_pull, tampered_manifest_is_refused, .init = plain, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single"), *at = NULL, *by_digest = NULL;
  struct pull_run run;

  cr_assert_eq (test_sh ("f=%s/data/docker/registry/v2/blobs/sha256/%.2s/%s/data && sed -i 's/\"size\"/\"size\" /' $f",
                         reg.dir, reg.amd64 + 7, reg.amd64 + 7),
                0);
  test_registry_pull (&reg, insecure, r, &run);
  expect_failure (&run, reg.amd64);
  pull_run_release (&run);
  cr_assert_geq (asprintf (&at, "@%s", reg.amd64), 0);
  by_digest = ref (at);
  test_registry_pull (&reg, insecure, by_digest, &run);
  expect_failure (&run, "expected");
  pull_run_release (&run);
  expect_not_recorded (r);
  cr_expect_eq (test_registry_blob_gets (&reg), 0);
}

/* ---------------------------------------------------------------- TLS + htpasswd (Basic) */

static void
write_good_docker_config (void)
{
  _cleanup_free_ char *json = NULL, *b64 = NULL;
  FILE *p;
  char buf[128] = "";

  p = popen ("printf '%s' '" TEST_REGISTRY_USER ":" TEST_REGISTRY_PASSWORD "' | base64 -w0", "r");
  cr_assert_not_null (p);
  cr_assert_not_null (fgets (buf, sizeof buf, p));
  pclose (p);
  cr_assert_geq (asprintf (&json, "{\"auths\": {\"%s\": {\"auth\": \"%s\"}}}", reg.host, buf), 0);
  test_registry_write_docker_config (&reg, json);
}

static const char *const *
with_ca (void)
{
  static char dir[96];
  static const char *args[] = { "--cert-dir", dir, NULL };

  snprintf (dir, sizeof dir, "%s/certs", reg.dir);
  return args;
}

Test (image_pull, tls_basic_auth_from_docker_config, .init = tls_basic, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  write_good_docker_config ();
  test_registry_pull (&reg, with_ca (), r, &run);
  expect_success (&run, reg.amd64);
  expect_recorded (r, reg.amd64);
  pull_run_release (&run);
}

/* podman's auth.json in $XDG_RUNTIME_DIR comes before Docker's config.json. */
Test (image_pull, containers_auth_json_wins_over_docker_config, .init = tls_basic, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single"), *wrong = NULL, *good = NULL;
  struct pull_run run;

  cr_assert_geq (
      asprintf (&wrong, "{\"auths\": {\"%s\": {\"username\": \"alice\", \"password\": \"wrong\"}}}", reg.host), 0);
  cr_assert_geq (asprintf (&good, "{\"auths\": {\"%s\": {\"username\": \"%s\", \"password\": \"%s\"}}}", reg.host,
                           TEST_REGISTRY_USER, TEST_REGISTRY_PASSWORD),
                 0);
  test_registry_write_docker_config (&reg, wrong);
  test_registry_write_containers_auth (&reg, good);
  test_registry_pull (&reg, with_ca (), r, &run);
  expect_success (&run, reg.amd64);
  pull_run_release (&run);
}

Test (image_pull, authfile_flag_replaces_the_default_files, .init = tls_basic, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single"), *wrong = NULL, *path = NULL;
  struct pull_run run;

  cr_assert_geq (
      asprintf (&wrong, "{\"auths\": {\"%s\": {\"username\": \"alice\", \"password\": \"wrong\"}}}", reg.host), 0);
  write_good_docker_config ();
  test_registry_write_containers_auth (&reg, wrong);
  cr_assert_geq (asprintf (&path, "%s/home/.docker/config.json", reg.dir), 0);
  {
    const char *const args[] = { "--cert-dir", with_ca ()[1], "--authfile", path, NULL };

    test_registry_pull (&reg, args, r, &run);
  }
  expect_success (&run, reg.amd64);
  pull_run_release (&run);
}

Test (image_pull, tls_basic_auth_from_creds_flag, .init = tls_basic, .fini = stop)
{
  _cleanup_free_ char *r = ref (":multi"), *dir = NULL;
  struct pull_run run;

  cr_assert_geq (asprintf (&dir, "%s/certs", reg.dir), 0);
  {
    const char *const args[] = { "--cert-dir", dir, "--creds", TEST_REGISTRY_USER ":" TEST_REGISTRY_PASSWORD, NULL };

    test_registry_pull (&reg, args, r, &run);
  }
  expect_success (&run, reg.amd64);
  pull_run_release (&run);
}

Test (image_pull, tls_without_ca_fails_verification, .init = tls_basic, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  write_good_docker_config ();
  test_registry_pull (&reg, NULL, r, &run);
  expect_failure (&run, "certificate");
  expect_not_recorded (r);
  pull_run_release (&run);
}

Test (image_pull, tls_verify_false_accepts_unknown_ca, .init = tls_basic, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  write_good_docker_config ();
  test_registry_pull (&reg, insecure, r, &run);
  expect_success (&run, reg.amd64);
  pull_run_release (&run);
}

Test (image_pull, basic_wrong_password_is_a_clear_error, .init = tls_basic, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single"), *json = NULL;
  struct pull_run run;

  cr_assert_geq (
      asprintf (&json, "{\"auths\": {\"%s\": {\"username\": \"alice\", \"password\": \"wrong\"}}}", reg.host), 0);
  test_registry_write_docker_config (&reg, json);
  test_registry_pull (&reg, with_ca (), r, &run);
  expect_failure (&run, "rejected the credentials of user `alice`");
  expect_not_recorded (r);
  pull_run_release (&run);
}

Test (image_pull, basic_without_credentials_says_so, .init = tls_basic, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  test_registry_pull (&reg, with_ca (), r, &run);
  expect_failure (&run, "requires authentication");
  pull_run_release (&run);
}

/* ---------------------------------------------------------------- TLS + Bearer tokens */

Test (image_pull, bearer_token_with_credentials, .init = tls_token, .fini = stop)
{
  _cleanup_free_ char *r = ref (":multi");
  struct pull_run run;
  int before = test_registry_token_requests (&reg, 200);

  write_good_docker_config ();
  test_registry_pull (&reg, with_ca (), r, &run);
  expect_success (&run, reg.amd64);
  expect_recorded (r, reg.amd64);
  cr_expect_gt (test_registry_token_requests (&reg, 200), before, "a token was issued");
  cr_expect_eq (test_registry_blob_gets (&reg), 3);
  pull_run_release (&run);
}

Test (image_pull, bearer_wrong_password_is_a_clear_error, .init = tls_token, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  const char *const args[] = { "--cert-dir", with_ca ()[1], "--creds", "alice:wrong", NULL };
  struct pull_run run;

  test_registry_pull (&reg, args, r, &run);
  expect_failure (&run, "token server rejected the credentials of user `alice`");
  cr_expect_eq (test_registry_token_requests (&reg, 401), 1);
  expect_not_recorded (r);
  pull_run_release (&run);
}

Test (image_pull, bearer_anonymous_token_is_not_enough, .init = tls_token, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  test_registry_pull (&reg, with_ca (), r, &run);
  expect_failure (&run, "requires authentication");
  pull_run_release (&run);
}

/* ---------------------------------------------------------------- redirects to blob storage */

static void
tls_basic_redirect_https (void)
{
  test_registry_start_redirect (&reg, TEST_REGISTRY_TLS_BASIC, TEST_REDIRECT_HTTPS);
}

static void
tls_token_redirect_https (void)
{
  test_registry_start_redirect (&reg, TEST_REGISTRY_TLS_TOKEN, TEST_REDIRECT_HTTPS);
}

static void
tls_basic_redirect_http (void)
{
  test_registry_start_redirect (&reg, TEST_REGISTRY_TLS_BASIC, TEST_REDIRECT_HTTP);
}

/* Attack: a registry (or whoever controls its redirects) must not collect the credentials. */
Test (image_pull, basic_credentials_do_not_follow_redirects, .init = tls_basic_redirect_https, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  write_good_docker_config ();
  test_registry_pull (&reg, with_ca (), r, &run);
  expect_success (&run, reg.amd64);
  cr_expect_eq (test_registry_storage_requests (&reg, false), 3, "the blobs came from the redirect target");
  cr_expect_eq (test_registry_storage_requests (&reg, true), 0, "no Authorization header reached it");
  pull_run_release (&run);
}

Test (image_pull, bearer_tokens_do_not_follow_redirects, .init = tls_token_redirect_https, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  write_good_docker_config ();
  test_registry_pull (&reg, with_ca (), r, &run);
  expect_success (&run, reg.amd64);
  cr_expect_eq (test_registry_storage_requests (&reg, false), 3);
  cr_expect_eq (test_registry_storage_requests (&reg, true), 0);
  pull_run_release (&run);
}

/* Attack: with TLS verification on, a redirect must not downgrade a blob download to plain HTTP. */
Test (image_pull, redirect_to_plain_http_is_refused, .init = tls_basic_redirect_http, .fini = stop)
{
  _cleanup_free_ char *r = ref (":single");
  struct pull_run run;

  write_good_docker_config ();
  test_registry_pull (&reg, with_ca (), r, &run);
  expect_failure (&run, "plain HTTP URL refused");
  cr_expect_eq (test_registry_storage_requests (&reg, false), 0, "nothing was requested over HTTP");
  expect_not_recorded (r);
  pull_run_release (&run);
}
