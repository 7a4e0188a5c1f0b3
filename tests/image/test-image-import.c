/* image_import: every source format, platform selection, verification. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image-harness.h"

TestSuite (image_import, .fini = image_cleanup);

struct fixture
{
  char *dir;
  char store[4096];
  char image[4096];
  char source[4200];
};

static void
fixture_setup (struct fixture *f, const char *kind, const char *file)
{
  f->dir = image_tmpdir ();
  snprintf (f->store, sizeof f->store, "%s/store", f->dir);
  snprintf (f->image, sizeof f->image, "%s/%s", f->dir, file);
  snprintf (f->source, sizeof f->source, "%s:%s", kind, f->image);
}

static char *
import_ok (struct fixture *f, const char *name)
{
  char *out = NULL, *err = NULL;
  int status = name ? image_cli (f->store, &out, &err, "image", "import", f->source, "--name", name, NULL)
                    : image_cli (f->store, &out, &err, "image", "import", f->source, NULL);

  cr_assert_eq (status, 0, "import %s failed: %s", f->source, err);
  free (err);
  out[strcspn (out, "\n")] = '\0';
  return out;
}

static char *
inspect (struct fixture *f, const char *name)
{
  char *out = NULL, *err = NULL;

  cr_assert_eq (image_cli (f->store, &out, &err, "image", "inspect", name, NULL), 0, "%s", err);
  free (err);
  return out;
}

static void
assert_nothing_stored (struct fixture *f)
{
  cr_assert_eq (image_count_entries (f->store, "blobs/sha256"), 0, "a blob was stored");
  cr_assert_eq (image_count_entries (f->store, "layers"), 0, "a layer was stored");
  cr_assert_eq (image_count_entries (f->store, "refs"), 0, "a ref was stored");
  cr_assert_eq (image_count_entries (f->store, "tmp"), 0, "tmp/ was left dirty");
}

Test (image_import, oci_layout_with_its_run_config)
{
  struct fixture f;
  char *name, *doc;

  fixture_setup (&f, "oci", "layout");
  image_make ("oci", f.image, "--layer", "busybox", "--env", "GREETING=hello", "--env", "PATH=/bin", "--workdir",
              "/home/app", "--cmd", "[\"/bin/sh\",\"-c\",\"echo hi\"]", "--user", "1000", "--tag", "v1", NULL);
  name = import_ok (&f, NULL);
  cr_assert_str_eq (name, "layout:v1");
  doc = inspect (&f, "layout:v1");
  cr_assert (strstr (doc, "\"GREETING=hello\""), "%s", doc);
  cr_assert (strstr (doc, "\"WorkingDir\": \"/home/app\""), "%s", doc);
  cr_assert (strstr (doc, "\"User\": \"1000\""), "%s", doc);
  cr_assert (strstr (doc, "\"echo hi\""), "%s", doc);
  cr_assert_eq (image_count_entries (f.store, "layers"), 1);
  free (name);
  free (doc);
  image_tmpdir_remove (f.dir);
}

Test (image_import, oci_archive_with_explicit_name)
{
  struct fixture f;
  char *name, *list = NULL;

  fixture_setup (&f, "oci-archive", "img.tar");
  image_make ("oci-archive", f.image, "--layer", "busybox", "--layer", "json:[{\"path\":\"hello\",\"data\":\"hi\"}]",
              NULL);
  name = import_ok (&f, "example.org:5000/team/tool:2.0");
  cr_assert_str_eq (name, "example.org:5000/team/tool:2.0");
  cr_assert_eq (image_cli (f.store, &list, NULL, "images", NULL), 0);
  cr_assert (strstr (list, "example.org:5000/team/tool:2.0"), "%s", list);
  cr_assert_eq (image_count_entries (f.store, "layers"), 2);
  free (name);
  free (list);
  image_tmpdir_remove (f.dir);
}

Test (image_import, docker_archive_classic_layout)
{
  struct fixture f;
  char *name;

  fixture_setup (&f, "docker-archive", "saved.tar");
  image_make ("docker-classic", f.image, "--layer", "busybox", "--layer", "json:[{\"path\":\"x\",\"data\":\"1\"}]",
              "--repo-tag", "myapp:3", NULL);
  name = import_ok (&f, NULL);
  cr_assert_str_eq (name, "myapp:3");
  cr_assert_eq (image_count_entries (f.store, "layers"), 2);
  /* config, two layers and the manifest written for them */
  cr_assert_eq (image_count_entries (f.store, "blobs/sha256"), 4);
  free (name);
  image_tmpdir_remove (f.dir);
}

Test (image_import, docker_archive_embedding_an_oci_layout)
{
  struct fixture f;
  char *name;

  fixture_setup (&f, "docker-archive", "saved.tar");
  image_make ("docker-oci", f.image, "--layer", "busybox", "--repo-tag", "newdocker:1", NULL);
  name = import_ok (&f, NULL);
  cr_assert_str_eq (name, "newdocker:1");
  free (name);
  image_tmpdir_remove (f.dir);
}

Test (image_import, index_selects_the_host_architecture)
{
  struct fixture f;
  char *name, *doc;

  fixture_setup (&f, "oci", "multi");
  image_make ("oci", f.image, "--layer", "busybox", "--multiarch", NULL);
  name = import_ok (&f, "multi");
  doc = inspect (&f, name);
  cr_assert (strstr (doc, "\"architecture\": \"s390x\"") == NULL, "picked the foreign platform: %s", doc);
  free (name);
  free (doc);
  image_tmpdir_remove (f.dir);
}

Test (image_import, foreign_architecture_is_refused)
{
  struct fixture f;
  char *err = NULL;

  fixture_setup (&f, "oci", "foreign");
  image_make ("oci", f.image, "--layer", "busybox", "--arch", "s390x", NULL);
  cr_assert_neq (image_cli (f.store, NULL, &err, "image", "import", f.source, NULL), 0);
  cr_assert (strstr (err, "architecture `s390x`"), "%s", err);
  assert_nothing_stored (&f);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_import, zstd_and_uncompressed_layers)
{
  const char *kinds[] = { "zstd", "none" };

  for (size_t i = 0; i < 2; i++)
    {
      struct fixture f;
      char *name;

      fixture_setup (&f, "oci", "layout");
      image_make ("oci", f.image, "--layer", "busybox", "--compress", kinds[i], NULL);
      name = import_ok (&f, "x");
      cr_assert_eq (image_count_entries (f.store, "layers"), 1, "%s", kinds[i]);
      free (name);
      image_tmpdir_remove (f.dir);
    }
}

Test (image_import, digest_mismatch_is_refused_and_nothing_stored)
{
  struct fixture f;
  char *err = NULL;

  fixture_setup (&f, "oci", "bad");
  image_make ("oci", f.image, "--layer", "busybox", "--layer", "json:[{\"path\":\"x\",\"data\":\"1\"}]",
              "--corrupt-layer", "1", NULL);
  cr_assert_neq (image_cli (f.store, NULL, &err, "image", "import", f.source, NULL), 0);
  cr_assert (strstr (err, "digest mismatch"), "%s", err);
  assert_nothing_stored (&f);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_import, size_mismatch_is_refused_and_nothing_stored)
{
  struct fixture f;
  char *err = NULL;

  fixture_setup (&f, "oci-archive", "bad.tar");
  image_make ("oci-archive", f.image, "--layer", "busybox", "--wrong-size-layer", "0", NULL);
  cr_assert_neq (image_cli (f.store, NULL, &err, "image", "import", f.source, NULL), 0);
  cr_assert (strstr (err, "size mismatch"), "%s", err);
  assert_nothing_stored (&f);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_import, docker_classic_layer_not_matching_diff_id_is_refused)
{
  struct fixture f;
  char *err = NULL;

  fixture_setup (&f, "docker-archive", "bad.tar");
  image_make ("docker-classic", f.image, "--layer", "busybox", "--corrupt-layer", "0", NULL);
  cr_assert_neq (image_cli (f.store, NULL, &err, "image", "import", f.source, NULL), 0);
  cr_assert (strstr (err, "digest mismatch"), "%s", err);
  assert_nothing_stored (&f);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_import, shared_layers_are_stored_once)
{
  struct fixture f;
  char *a, *b;

  fixture_setup (&f, "oci", "one");
  image_make ("oci", f.image, "--layer", "busybox", "--layer", "json:[{\"path\":\"a\",\"data\":\"a\"}]", NULL);
  a = import_ok (&f, "one");
  snprintf (f.image, sizeof f.image, "%s/two", f.dir);
  snprintf (f.source, sizeof f.source, "oci:%s", f.image);
  image_make ("oci", f.image, "--layer", "busybox", "--layer", "json:[{\"path\":\"b\",\"data\":\"b\"}]", NULL);
  b = import_ok (&f, "two");
  cr_assert_eq (image_count_entries (f.store, "layers"), 3);
  free (a);
  free (b);
  image_tmpdir_remove (f.dir);
}

Test (image_import, unknown_source_and_missing_tag_are_clear_errors)
{
  struct fixture f;
  char *err = NULL;

  fixture_setup (&f, "oci", "layout");
  image_make ("oci", f.image, "--layer", "busybox", "--tag", "v1", NULL);
  cr_assert_neq (image_cli (f.store, NULL, &err, "image", "import", "tarball:/x", NULL), 0);
  cr_assert (strstr (err, "unknown image source"), "%s", err);
  free (err);
  snprintf (f.source, sizeof f.source, "oci:%s:v2", f.image);
  cr_assert_neq (image_cli (f.store, NULL, &err, "image", "import", f.source, NULL), 0);
  cr_assert (strstr (err, "no image tagged `v2`"), "%s", err);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_import, fifo_in_a_layout_is_refused_without_hanging, .timeout = 20)
{
  struct fixture f;
  char *err = NULL;
  char index[4200];

  fixture_setup (&f, "oci", "layout");
  image_make ("oci", f.image, "--layer", "busybox", NULL);
  snprintf (index, sizeof index, "%s/index.json", f.image);
  cr_assert_eq (unlink (index), 0);
  cr_assert_eq (mkfifo (index, 0644), 0);
  cr_assert_neq (image_cli (f.store, NULL, &err, "image", "import", f.source, NULL), 0);
  cr_assert (strstr (err, "not a regular file"), "%s", err);
  assert_nothing_stored (&f);
  free (err);
  image_tmpdir_remove (f.dir);
}
