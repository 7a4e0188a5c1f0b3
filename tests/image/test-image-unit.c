/* unit_image: parsing and naming, no root needed. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/digest.h"
#include "image/image-config.h"
#include "image/store/layer.h"
#include "image/store/manifest.h"
#include "image/name.h"
#include "image/store/store.h"
#include "image-harness.h"

TestSuite (unit_image, .fini = image_cleanup);

#define HEX_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HEX_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

Test (unit_image, digest_parse_accepts_only_lowercase_sha256)
{
  struct nsbox_digest d;
  struct nsbox_error *err = NULL;
  char text[NSBOX_DIGEST_STRING_SIZE];

  cr_assert_eq (nsbox_digest_parse ("sha256:" HEX_A, &d, &err), 0);
  cr_assert_str_eq (nsbox_digest_format (&d, text), "sha256:" HEX_A);
  cr_assert_lt (nsbox_digest_parse ("sha512:" HEX_A, &d, &err), 0);
  nsbox_error_free (err), err = NULL;
  cr_assert_lt (nsbox_digest_parse ("sha256:" HEX_A "a", &d, &err), 0);
  nsbox_error_free (err), err = NULL;
  cr_assert_lt (
      nsbox_digest_parse ("sha256:AAAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &d, &err), 0);
  nsbox_error_free (err), err = NULL;
  cr_assert_lt (nsbox_digest_parse ("sha256:../../../../etc/passwd", &d, &err), 0);
  nsbox_error_free (err);
}

Test (unit_image, sha256_of_known_input)
{
  struct nsbox_digest d;

  cr_assert_eq (nsbox_sha256_buffer ("abc", 3, &d, NULL), 0);
  cr_assert_str_eq (d.hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test (unit_image, manifest_parses_layers_in_order)
{
  const char *doc
      = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        "\"config\":{\"digest\":\"sha256:" HEX_A "\",\"size\":10},"
        "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:" HEX_A
        "\",\"size\":1},{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\",\"digest\":\"sha256:" HEX_B
        "\",\"size\":2}]}";
  struct nsbox_manifest *m = NULL;

  cr_assert_eq (nsbox_manifest_parse (doc, strlen (doc), &m, NULL), 0);
  cr_assert_eq (m->kind, NSBOX_MANIFEST_IMAGE);
  cr_assert_eq (m->n_layers, 2);
  cr_assert_str_eq (m->layers[1].digest.hex, HEX_B);
  cr_assert_eq (m->layers[1].size, 2);
  nsbox_manifest_free (m);
}

Test (unit_image, manifest_refuses_bad_digest_negative_size_and_unknown_layer_type)
{
  const char *docs[] = {
    "{\"schemaVersion\":2,\"config\":{\"digest\":\"md5:abc\",\"size\":1},\"layers\":[]}",
    "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:" HEX_A "\",\"size\":-1},\"layers\":[]}",
    "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:" HEX_A "\",\"size\":1},\"layers\":[{\"mediaType\":"
    "\"application/x-evil\",\"digest\":\"sha256:" HEX_A "\",\"size\":1}]}",
    "{\"schemaVersion\":1}",
    "[]",
    "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:" HEX_A "\",\"size\":1},\"config\":{}}",
  };

  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
    {
      struct nsbox_manifest *m = NULL;
      struct nsbox_error *err = NULL;
      cr_expect_lt (nsbox_manifest_parse (docs[i], strlen (docs[i]), &m, &err), 0, "doc %zu accepted", i);
      cr_expect_not_null (err);
      nsbox_error_free (err);
    }
}

Test (unit_image, index_selects_host_platform)
{
  char doc[2048];
  struct nsbox_manifest *m = NULL;
  const struct nsbox_descriptor *d = NULL;

  snprintf (doc, sizeof doc,
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
            "\"manifests\":[{\"digest\":\"sha256:" HEX_A
            "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":"
            "\"s390x\"}},{\"digest\":\"sha256:" HEX_B
            "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"%s\"}}]}",
            nsbox_host_architecture ());
  cr_assert_eq (nsbox_manifest_parse (doc, strlen (doc), &m, NULL), 0);
  cr_assert_eq (m->kind, NSBOX_MANIFEST_INDEX);
  cr_assert_eq (nsbox_manifest_select_platform (m, "linux", nsbox_host_architecture (), NULL, &d, NULL), 0);
  cr_assert_str_eq (d->digest.hex, HEX_B);
  cr_assert_lt (nsbox_manifest_select_platform (m, "linux", "riscv64-not-here", NULL, &d, NULL), 0);
  nsbox_manifest_free (m);
}

Test (unit_image, config_parses_run_fields)
{
  const char *doc
      = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"A=1\",\"PATH=/bin\"],"
        "\"Entrypoint\":[\"/bin/sh\",\"-c\"],\"Cmd\":[\"echo hi\"],\"WorkingDir\":\"/w\",\"User\":\"1000:50\"},"
        "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" HEX_A "\"]}}";
  struct nsbox_image_config *c = NULL;

  cr_assert_eq (nsbox_image_config_parse (doc, strlen (doc), &c, NULL), 0);
  cr_assert_str_eq (c->env[1], "PATH=/bin");
  cr_assert_null (c->env[2]);
  cr_assert_str_eq (c->entrypoint[1], "-c");
  cr_assert_str_eq (c->cmd[0], "echo hi");
  cr_assert_str_eq (c->working_dir, "/w");
  cr_assert_str_eq (c->user, "1000:50");
  cr_assert_eq (c->n_diff_ids, 1);
  nsbox_image_config_free (c);
}

Test (unit_image, config_refuses_nul_in_arguments)
{
  const char *doc = "{\"config\":{\"Cmd\":[\"a\\u0000b\"]}}";
  struct nsbox_image_config *c = NULL;
  struct nsbox_error *err = NULL;

  cr_assert_lt (nsbox_image_config_parse (doc, strlen (doc), &c, &err), 0);
  nsbox_error_free (err);
}

Test (unit_image, references_normalize_and_escape)
{
  char *n = NULL, *f = NULL;

  cr_assert_eq (nsbox_image_ref_normalize ("busybox", &n, NULL), 0);
  cr_assert_str_eq (n, "busybox:latest");
  free (n);
  cr_assert_eq (nsbox_image_ref_normalize ("reg.example:5000/a/b", &n, NULL), 0);
  cr_assert_str_eq (n, "reg.example:5000/a/b:latest");
  cr_assert_eq (nsbox_store_ref_file_name (n, &f, NULL), 0);
  cr_assert_str_eq (f, "reg.example%3A5000%2Fa%2Fb%3Alatest");
  free (n);
  free (f);
  cr_assert_eq (nsbox_store_ref_file_name ("..", &f, NULL), 0);
  cr_assert_str_eq (f, "%2E.");
  free (f);
  cr_assert_lt (nsbox_image_ref_normalize ("a b", &n, NULL), 0);
  cr_assert_lt (nsbox_image_ref_normalize ("", &n, NULL), 0);
}

/* A tar built in memory: one directory, one file, one symlink. */
Test (unit_image, layer_extracts_plain_tar_without_root)
{
  char *dir = image_tmpdir ();
  char tarpath[4096], out[4096];
  struct nsbox_layer_options opts = { 0 };
  char *content;
  int fd, dirfd;
  char *argv[] = { "sh", "-c", NULL, NULL };
  char script[8192];

  snprintf (script, sizeof script,
            "cd %s && mkdir -p src/d && echo hello > src/d/f && ln -s d/f src/l && tar -C src -cf layer.tar .", dir);
  argv[2] = script;
  cr_assert_eq (image_run (argv, NULL, NULL), 0);
  snprintf (tarpath, sizeof tarpath, "%s/layer.tar", dir);
  snprintf (out, sizeof out, "%s/out", dir);
  cr_assert_eq (mkdir (out, 0755), 0);
  fd = open (tarpath, O_RDONLY);
  dirfd = open (out, O_RDONLY | O_DIRECTORY);
  cr_assert_eq (nsbox_layer_extract (fd, dirfd, &opts, NULL), 0);
  close (fd);
  close (dirfd);
  snprintf (tarpath, sizeof tarpath, "%s/out/d/f", dir);
  content = image_read_file (tarpath);
  cr_assert_str_eq (content, "hello\n");
  free (content);
  snprintf (tarpath, sizeof tarpath, "%s/out/l", dir);
  cr_assert (image_path_exists (tarpath));
  image_tmpdir_remove (dir);
}
