/* pull.c - `nsbox pull`: fetch an image from a registry into the store. */
#define _GNU_SOURCE
#include <build-config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "image/registry/registry.h"
#include "image/store/store.h"
#include "progress.h"
#include "pull.h"

/* The digest's hex: "sha256:abc..." -> "abc...". */
static const char *
hex_of (const char *digest)
{
  const char *colon = digest ? strchr (digest, ':') : NULL;

  return colon ? colon + 1 : digest;
}

/* Only set when stderr is a terminal and --quiet is not given. */
static void
on_progress (void *data, const struct nsbox_pull_event *ev)
{
  struct progress *p = data;
  char key[96];

  switch (ev->kind)
    {
    case NSBOX_PULL_MANIFEST:
      progress_row (p, "manifest", true, "Resolved manifest %s (%zu blobs)", ev->digest, ev->n_blobs);
      break;
    case NSBOX_PULL_BLOB_PRESENT:
      snprintf (key, sizeof key, "blob:%s", hex_of (ev->digest));
      progress_row (p, key, true, "Copying blob sha256:%.12s  skipped: already in the store", hex_of (ev->digest));
      break;
    case NSBOX_PULL_BLOB_START:
    case NSBOX_PULL_BLOB_PROGRESS:
      progress_blob (p, hex_of (ev->digest), ev->done, ev->total, false);
      break;
    case NSBOX_PULL_BLOB_DONE:
      progress_blob (p, hex_of (ev->digest), ev->done, ev->total, true);
      break;
    case NSBOX_PULL_UNPACK:
      break;
    }
}

static void
usage (FILE *out)
{
  fputs ("Usage: nsbox pull [OPTION]... REFERENCE\n"
         "Fetch an image from a registry into the image store.\n\n"
         "  --store DIR           image store (default $NSBOX_STORE, else " NSBOX_STORE_DEFAULT_DIR ")\n"
         "  --tls-verify=BOOL     verify the registry's certificate (default true); false also\n"
         "                        allows plain HTTP for a registry that does not speak TLS\n"
         "  --cert-dir DIR        extra CA certificates (*.crt) for the registry\n"
         "  --authfile FILE       credentials file (default: $REGISTRY_AUTH_FILE,\n"
         "                        $XDG_RUNTIME_DIR/containers/auth.json, ~/.docker/config.json)\n"
         "  --creds USER:PASSWORD credentials for the registry\n"
         "  -q, --quiet           no progress and no summary\n"
         "  -h, --help            this help\n",
         out);
}

static int
parse_bool (const char *s, bool *out)
{
  if (strcmp (s, "true") == 0 || strcmp (s, "1") == 0)
    *out = true;
  else if (strcmp (s, "false") == 0 || strcmp (s, "0") == 0)
    *out = false;
  else
    return -1;
  return 0;
}

/* Default credential files, in podman's order of precedence. */
static void
default_auth_files (const char **files, char **owned, size_t max)
{
  const char *env_file = getenv ("REGISTRY_AUTH_FILE");
  const char *runtime = getenv ("XDG_RUNTIME_DIR");
  const char *docker_config = getenv ("DOCKER_CONFIG");
  const char *home = getenv ("HOME");
  size_t n = 0, k = 0;

  if (env_file && *env_file && n + 1 < max)
    files[n++] = env_file;
  if (runtime && *runtime && n + 1 < max && asprintf (&owned[k], "%s/containers/auth.json", runtime) >= 0)
    files[n++] = owned[k++];
  if (docker_config && *docker_config && n + 1 < max && asprintf (&owned[k], "%s/config.json", docker_config) >= 0)
    files[n++] = owned[k++];
  else if (home && *home && n + 1 < max && asprintf (&owned[k], "%s/.docker/config.json", home) >= 0)
    files[n++] = owned[k++];
  files[n] = NULL;
}

static int
fail (struct nsbox_error *err)
{
  _cleanup_free_ char *text = nsbox_error_format (err);

  fprintf (stderr, "nsbox: %s\n", text ? text : "out of memory");
  nsbox_error_free (err);
  return 125;
}

int
nsbox_image_cmd_pull (int argc, char **argv, const char *store_dir)
{
  enum
  {
    OPT_STORE = 256,
    OPT_TLS_VERIFY,
    OPT_CERT_DIR,
    OPT_AUTHFILE,
    OPT_CREDS
  };
  static const struct option longopts[] = {
    { "store", required_argument, NULL, OPT_STORE },
    { "tls-verify", required_argument, NULL, OPT_TLS_VERIFY },
    { "cert-dir", required_argument, NULL, OPT_CERT_DIR },
    { "authfile", required_argument, NULL, OPT_AUTHFILE },
    { "creds", required_argument, NULL, OPT_CREDS },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  struct nsbox_pull_options opts = { 0 };
  struct nsbox_pull_result result;
  struct nsbox_credentials creds = { 0 };
  struct nsbox_error *err = NULL;
  struct nsbox_store *store = NULL;
  struct progress progress;
  const char *authfile = NULL, *creds_text = NULL;
  const char *files[5];
  char *owned[3] = { NULL, NULL, NULL };
  bool quiet = false, verify = true;
  char shown[NSBOX_DIGEST_STRING_SIZE];
  int c, ret;

  optind = 1;
  while ((c = getopt_long (argc, argv, "+qh", longopts, NULL)) != -1)
    switch (c)
      {
      case OPT_STORE:
        store_dir = optarg;
        break;
      case OPT_TLS_VERIFY:
        if (parse_bool (optarg, &verify) < 0)
          {
            fprintf (stderr, "nsbox: pull: --tls-verify takes true or false, not `%s`\n", optarg);
            return 2;
          }
        break;
      case OPT_CERT_DIR:
        opts.cert_dir = optarg;
        break;
      case OPT_AUTHFILE:
        authfile = optarg;
        break;
      case OPT_CREDS:
        creds_text = optarg;
        break;
      case 'q':
        quiet = true;
        break;
      case 'h':
        usage (stdout);
        return 0;
      default:
        usage (stderr);
        return 2;
      }
  if (optind + 1 != argc)
    {
      usage (stderr);
      return 2;
    }
  opts.tls_verify_disabled = !verify;
  if (authfile)
    {
      files[0] = authfile;
      files[1] = NULL;
    }
  else
    default_auth_files (files, owned, sizeof files / sizeof files[0]);
  opts.auth_files = files;
  if (creds_text)
    {
      if (nsbox_auth_parse_user_password (creds_text, &creds, &err) < 0)
        return fail (err);
      opts.credentials = &creds;
    }
  opts.user_agent = "nsbox/" PACKAGE_VERSION;
  progress_init (&progress, stderr, quiet);
  if (progress.on)
    {
      opts.progress = on_progress;
      opts.progress_data = &progress;
    }

  ret = nsbox_store_open (store_dir, &store, &err);
  if (ret == 0 && progress.on)
    nsbox_store_set_progress (store, progress_on_store_layers, &progress);
  if (ret == 0)
    ret = nsbox_registry_pull (store, argv[optind], &opts, &result, &err);
  progress_draw (&progress, true);
  nsbox_credentials_release (&creds);
  for (size_t i = 0; i < 3; i++)
    free (owned[i]);
  if (store)
    nsbox_store_close (store);
  if (ret < 0)
    return fail (err);
  if (!quiet)
    fprintf (stderr, "pulled %s: %zu blobs fetched (%" PRIu64 " bytes), %zu already present\n", result.name,
             result.blobs_fetched, result.bytes_fetched, result.blobs_present);
  printf ("%s\n", nsbox_digest_format (&result.manifest, shown));
  nsbox_pull_result_release (&result);
  return 0;
}
