/* image_fsck: every kind of damage to the store is found by `nsbox image fsck`, repaired by
 * --repair where it can be, and refused by `nsbox exec` with a message that says so. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/store/store.h"
#include "image-harness.h"

TestSuite (image_fsck, .fini = image_cleanup);

#define VICTIM_REF "refs/victim%3Alatest"

struct fixture
{
  char *dir;
  char store[4096];
  /* victim: busybox + a small top layer; other: busybox + another top layer */
  char manifest[65], config[65], base[65], top[65];
};

static void
import (struct fixture *f, const char *name, const char *top_json)
{
  char image[4200], source[4300];
  char *err = NULL;

  snprintf (image, sizeof image, "%s/%s-layout", f->dir, name);
  snprintf (source, sizeof source, "oci:%s", image);
  image_make ("oci", image, "--layer", "busybox", "--layer", top_json, NULL);
  cr_assert_eq (image_cli (f->store, NULL, &err, "image", "import", source, "--name", name, NULL), 0, "%s", err);
  free (err);
}

static void
copy_hex (char out[65], const char *digest)
{
  cr_assert_not_null (digest);
  if (strncmp (digest, "sha256:", 7) == 0)
    digest += 7;
  cr_assert_eq (strlen (digest), 64, "%s", digest);
  memcpy (out, digest, 65);
}

static void
fixture_setup (struct fixture *f)
{
  char ref[4200];
  json_error_t jerr;
  json_t *doc;

  f->dir = image_tmpdir ();
  snprintf (f->store, sizeof f->store, "%s/store", f->dir);
  import (f, "victim", "json:[{\"path\":\"victim\",\"data\":\"v\"}]");
  import (f, "other", "json:[{\"path\":\"other\",\"data\":\"o\"}]");
  snprintf (ref, sizeof ref, "%s/%s", f->store, VICTIM_REF);
  doc = json_load_file (ref, 0, &jerr);
  cr_assert_not_null (doc, "%s: %s", ref, jerr.text);
  copy_hex (f->manifest, json_string_value (json_object_get (doc, "manifest")));
  copy_hex (f->config, json_string_value (json_object_get (doc, "config_digest")));
  copy_hex (f->base, json_string_value (json_array_get (json_object_get (doc, "layers"), 0)));
  copy_hex (f->top, json_string_value (json_array_get (json_object_get (doc, "layers"), 1)));
  json_decref (doc);
}

/* STORE/DIR/NAME, in a buffer of the calling thread. */
static char *
store_path (const struct fixture *f, const char *dir, const char *name)
{
  static __thread char path[8192 + 600];

  snprintf (path, sizeof path, "%s/%s%s", f->store, dir, name);
  return path;
}

/* `nsbox image fsck [--repair]`: the exit status; stdout in *out (the caller frees it). */
static int
fsck (const struct fixture *f, bool repair, char **out)
{
  char *err = NULL;
  int status = repair ? image_cli (f->store, out, &err, "image", "fsck", "--repair", NULL)
                      : image_cli (f->store, out, &err, "image", "fsck", NULL);

  cr_assert (status != 125, "fsck failed: %s", err);
  free (err);
  return status;
}

/* `nsbox exec IMAGE -- true`: the exit status; stderr in *err. */
static int
exec_image (const struct fixture *f, const char *image, char **err)
{
  const char *nsbox = getenv ("NSBOX_BIN") ? getenv ("NSBOX_BIN") : "src/nsbox/nsbox";
  char *argv[] = { (char *) nsbox, "--store", (char *) f->store, "exec", (char *) image, "--", "true", NULL };

  return image_run (argv, NULL, err);
}

static void
assert_has (const char *text, const char *what)
{
  cr_assert (text && strstr (text, what) != NULL, "no `%s` in:\n%s", what, text ? text : "(null)");
}

/* The damage is reported, exec of victim refuses naming it, other still runs; --repair
 * removes victim (to be pulled again), after which the store is sound. */
static void
assert_found_refused_and_repaired (struct fixture *f, const char *finding, const char *exec_says)
{
  char *out = NULL, *err = NULL;

  cr_assert_eq (fsck (f, false, &out), 2, "%s", out);
  assert_has (out, finding);
  free (out);
  cr_assert_eq (exec_image (f, "victim", &err), 125, "exec of a damaged image ran: %s", err);
  assert_has (err, exec_says);
  free (err);
  cr_assert_eq (exec_image (f, "other", &err), 0, "%s", err);
  free (err);

  cr_assert_eq (fsck (f, true, &out), 1, "%s", out);
  assert_has (out, finding);
  assert_has (out, "image removed: pull or import it again");
  free (out);
  cr_assert_eq (fsck (f, false, &out), 0, "repair left problems:\n%s", out);
  free (out);
  cr_assert_eq (exec_image (f, "victim", &err), 125);
  assert_has (err, "no image `victim:latest` in the store");
  free (err);
  cr_assert_eq (exec_image (f, "other", &err), 0, "repair broke another image: %s", err);
  free (err);
  cr_assert_eq (image_count_entries (f->store, "trash"), 0);
}

static void
flip_a_byte (const char *path)
{
  int fd = open (path, O_RDWR | O_CLOEXEC);
  unsigned char c;

  cr_assert_geq (fd, 0, "%s", path);
  cr_assert_eq (pread (fd, &c, 1, 10), 1);
  c ^= 0x20;
  cr_assert_eq (pwrite (fd, &c, 1, 10), 1);
  close (fd);
}

Test (image_fsck, a_sound_store_passes)
{
  struct fixture f;
  char *out = NULL;

  fixture_setup (&f);
  cr_assert_eq (fsck (&f, false, &out), 0, "%s", out);
  assert_has (out, "checked 7 blobs");
  assert_has (out, "3 layers, 2 images: 0 problems");
  free (out);
  image_tmpdir_remove (f.dir);
}

/* What every exec now checks (image/verify.c) holds for images of every source: the manifest
 * a docker-archive import writes, zstd and uncompressed layers. */
Test (image_fsck, images_of_every_source_pass_and_run, .timeout = 120)
{
  static const struct
  {
    const char *kind, *prefix, *compress;
  } sources[] = {
    { "oci", "oci:", "gzip" },
    { "oci", "oci:", "zstd" },
    { "oci-archive", "oci-archive:", "none" },
    { "docker-classic", "docker-archive:", "gzip" },
    { "docker-oci", "docker-archive:", "gzip" },
  };
  struct fixture f;
  char *out = NULL, *err = NULL;

  f.dir = image_tmpdir ();
  snprintf (f.store, sizeof f.store, "%s/store", f.dir);
  for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
    {
      char image[4200], source[4300], name[32];

      snprintf (image, sizeof image, "%s/source-%zu", f.dir, i);
      snprintf (source, sizeof source, "%s%s", sources[i].prefix, image);
      snprintf (name, sizeof name, "src%zu", i);
      image_make (sources[i].kind, image, "--layer", "busybox", "--layer", "json:[{\"path\":\"x\",\"data\":\"1\"}]",
                  "--compress", sources[i].compress, NULL);
      cr_assert_eq (image_cli (f.store, NULL, &err, "image", "import", source, "--name", name, NULL), 0, "%s: %s",
                    sources[i].kind, err);
      free (err);
      cr_assert_eq (exec_image (&f, name, &err), 0, "%s (%s): %s", sources[i].kind, sources[i].compress, err);
      free (err);
    }
  cr_assert_eq (fsck (&f, false, &out), 0, "%s", out);
  assert_has (out, "5 images: 0 problems");
  free (out);
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, layer_lock_files_do_not_pile_up)
{
  struct fixture f;

  fixture_setup (&f);
  /* Two imports unpacked three layers, each under its lock. */
  cr_assert_eq (image_count_entries (f.store, "locks"), 0, "lock files left after the imports");
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, blob_bytes_config)
{
  struct fixture f;

  fixture_setup (&f);
  flip_a_byte (store_path (&f, "blobs/sha256/", f.config));
  assert_found_refused_and_repaired (&f, "blob-digest blobs/sha256/", "config blob");
  image_tmpdir_remove (f.dir);
}

/* A layer blob's bytes are hashed by fsck, not by every exec (the unpacked layer is what
 * runs); once --repair has removed the blob, exec refuses. */
Test (image_fsck, blob_bytes_layer)
{
  struct fixture f;
  char *out = NULL, *err = NULL;
  char finding[200];

  fixture_setup (&f);
  flip_a_byte (store_path (&f, "blobs/sha256/", f.top));
  snprintf (finding, sizeof finding, "blob-digest blobs/sha256/%s: the content hashes to", f.top);
  cr_assert_eq (fsck (&f, false, &out), 2, "%s", out);
  assert_has (out, finding);
  assert_has (out, "image-damaged " VICTIM_REF ": needs layer blob");
  free (out);
  cr_assert_eq (fsck (&f, true, &out), 1, "%s", out);
  assert_has (out, "image removed: pull or import it again");
  free (out);
  cr_assert_eq (exec_image (&f, "victim", &err), 125);
  assert_has (err, "no image `victim:latest`");
  free (err);
  cr_assert_eq (exec_image (&f, "other", &err), 0, "%s", err);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, blob_size)
{
  struct fixture f;
  FILE *blob;

  fixture_setup (&f);
  blob = fopen (store_path (&f, "blobs/sha256/", f.top), "ae");
  cr_assert_not_null (blob);
  fputs ("trailing bytes", blob);
  fclose (blob);
  assert_found_refused_and_repaired (&f, "blob-size blobs/sha256/", "its layer blob");
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, missing_layer_dir_is_unpacked_again)
{
  struct fixture f;
  char *out = NULL, *err = NULL;
  char *argv[] = { "rm", "-rf", NULL, NULL };

  fixture_setup (&f);
  argv[2] = store_path (&f, "layers/", f.top);
  cr_assert_eq (image_run (argv, NULL, NULL), 0);
  cr_assert_eq (fsck (&f, false, &out), 2, "%s", out);
  assert_has (out, "layer-missing layers/");
  free (out);
  cr_assert_eq (exec_image (&f, "victim", &err), 125);
  assert_has (err, "is damaged: its layer sha256:");
  free (err);
  cr_assert_eq (fsck (&f, true, &out), 1, "%s", out);
  assert_has (out, "unpacked again from its blob");
  free (out);
  cr_assert_eq (fsck (&f, false, &out), 0, "%s", out);
  free (out);
  cr_assert_eq (exec_image (&f, "victim", &err), 0, "the repaired image does not run: %s", err);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, dangling_ref)
{
  struct fixture f;

  fixture_setup (&f);
  cr_assert_eq (unlink (store_path (&f, "blobs/sha256/", f.manifest)), 0);
  assert_found_refused_and_repaired (&f, "ref-dangling " VICTIM_REF ": its manifest blob", "manifest blob");
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, broken_manifest_link_missing_layer_blob)
{
  struct fixture f;

  fixture_setup (&f);
  cr_assert_eq (unlink (store_path (&f, "blobs/sha256/", f.top)), 0);
  assert_found_refused_and_repaired (&f, "manifest-link " VICTIM_REF ": its layer blob", "layer blob");
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, broken_manifest_link_ref_disagrees)
{
  struct fixture f;
  char other_ref[4200];
  json_t *victim, *other;
  json_error_t jerr;

  fixture_setup (&f);
  /* The victim's ref names the other image's config. */
  snprintf (other_ref, sizeof other_ref, "%s/refs/other%%3Alatest", f.store);
  other = json_load_file (other_ref, 0, &jerr);
  victim = json_load_file (store_path (&f, "", VICTIM_REF), 0, &jerr);
  cr_assert (other && victim);
  json_object_set (victim, "config_digest", json_object_get (other, "config_digest"));
  cr_assert_eq (json_dump_file (victim, store_path (&f, "", VICTIM_REF), JSON_COMPACT), 0);
  json_decref (other);
  json_decref (victim);
  assert_found_refused_and_repaired (&f, "manifest-link " VICTIM_REF ": records config", "its manifest names config");
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, corrupt_ref)
{
  struct fixture f;
  FILE *ref;

  fixture_setup (&f);
  ref = fopen (store_path (&f, "", VICTIM_REF), "we");
  cr_assert_not_null (ref);
  fputs ("{\"name\": \"victim:latest\", ", ref);
  fclose (ref);
  assert_found_refused_and_repaired (&f, "ref-corrupt " VICTIM_REF ": not a JSON object", "corrupt ref");
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, partial_entries)
{
  struct fixture f;
  char *out = NULL, *err = NULL;
  int fd;

  fixture_setup (&f);
  fd = open (store_path (&f, "tmp/", "blob-left-by-a-killed-import"), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  cr_assert_geq (fd, 0);
  close (fd);
  cr_assert_eq (mkdir (store_path (&f, "tmp/", "layer-half-unpacked"), 0755), 0);
  fd = open (store_path (&f, "blobs/sha256/", "not-a-digest.part"), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  cr_assert_geq (fd, 0);
  close (fd);
  cr_assert_eq (fsck (&f, false, &out), 2, "%s", out);
  assert_has (out, "partial tmp/blob-left-by-a-killed-import: left by an interrupted import");
  assert_has (out, "partial tmp/layer-half-unpacked");
  assert_has (out, "partial blobs/sha256/not-a-digest.part");
  free (out);
  cr_assert_eq (fsck (&f, true, &out), 1, "%s", out);
  free (out);
  cr_assert_eq (image_count_entries (f.store, "tmp"), 0);
  cr_assert (!image_path_exists (store_path (&f, "blobs/sha256/", "not-a-digest.part")));
  cr_assert_eq (fsck (&f, false, &out), 0, "%s", out);
  free (out);
  cr_assert_eq (exec_image (&f, "victim", &err), 0, "%s", err);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_fsck, stale_lock_but_not_a_held_one)
{
  struct fixture f;
  char *out = NULL;
  char stale[300], held[300];
  int fd, held_fd;

  fixture_setup (&f);
  snprintf (stale, sizeof stale, "layer-%s", f.top);
  snprintf (held, sizeof held, "layer-%s", f.base);
  fd = open (store_path (&f, "locks/", stale), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  cr_assert_geq (fd, 0);
  close (fd);
  held_fd = open (store_path (&f, "locks/", held), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  cr_assert_geq (held_fd, 0);
  cr_assert_eq (flock (held_fd, LOCK_EX), 0);
  cr_assert_eq (fsck (&f, false, &out), 2, "%s", out);
  assert_has (out, "stale-lock locks/layer-");
  cr_assert (strstr (out, held) == NULL, "a held lock was reported:\n%s", out);
  free (out);
  close (held_fd);
  cr_assert_eq (unlink (store_path (&f, "locks/", held)), 0);
  cr_assert_eq (fsck (&f, true, &out), 1, "%s", out);
  assert_has (out, "stale-lock locks/layer-");
  free (out);
  cr_assert_eq (image_count_entries (f.store, "locks"), 0);
  image_tmpdir_remove (f.dir);
}

/* While someone else has the store open, what tmp/ holds may be theirs: a plain check does
 * not judge it (and does not wait). */
Test (image_fsck, a_store_in_use_is_not_judged_for_leftovers)
{
  struct fixture f;
  struct nsbox_store *holder = NULL;
  char *out = NULL;
  int fd;

  fixture_setup (&f);
  cr_assert_eq (nsbox_store_open (f.store, &holder, NULL), 0);
  fd = open (store_path (&f, "tmp/", "blob-of-a-running-import"), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  cr_assert_geq (fd, 0);
  close (fd);
  cr_assert_eq (fsck (&f, false, &out), 0, "%s", out);
  assert_has (out, "the store is in use");
  free (out);
  nsbox_store_close (holder);
  image_tmpdir_remove (f.dir);
}
