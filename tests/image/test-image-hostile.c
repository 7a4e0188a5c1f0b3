/* image_hostile: layers that try to write outside their directory.  Each is refused (or, where
 * tar semantics make the entry harmless, contained), the sentinel outside the store is
 * untouched and the store holds nothing half-imported. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "image-harness.h"

TestSuite (image_hostile, .fini = image_cleanup);

/* The hostile specs are printf formats with the sentinel path as argument. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

struct hostile
{
  char *dir;
  char store[4096];
  char sentinel[4096];      /* a directory outside the store */
  char sentinel_file[4096]; /* sentinel/file, content "original" */
  char layout[4096];
};

static void
hostile_setup (struct hostile *h)
{
  FILE *f;

  h->dir = image_tmpdir ();
  snprintf (h->store, sizeof h->store, "%s/store", h->dir);
  snprintf (h->sentinel, sizeof h->sentinel, "%s/sentinel", h->dir);
  snprintf (h->sentinel_file, sizeof h->sentinel_file, "%s/sentinel/file", h->dir);
  snprintf (h->layout, sizeof h->layout, "%s/layout", h->dir);
  cr_assert_eq (mkdir (h->sentinel, 0755), 0);
  f = fopen (h->sentinel_file, "w");
  cr_assert_not_null (f);
  fputs ("original", f);
  fclose (f);
}

static void
assert_sentinel_untouched (struct hostile *h)
{
  char *content = image_read_file (h->sentinel_file);
  struct stat st;

  cr_assert_str_eq (content, "original", "the sentinel file was modified");
  free (content);
  cr_assert_eq (stat (h->sentinel_file, &st), 0);
  cr_assert_eq (st.st_nlink, 1, "something hard-linked the sentinel file");
  cr_assert_eq (image_count_entries (h->dir, "sentinel"), 1, "something was written next to the sentinel");
}

static void
assert_store_empty (struct hostile *h)
{
  cr_assert_eq (image_count_entries (h->store, "layers"), 0, "a layer was left behind");
  cr_assert_eq (image_count_entries (h->store, "blobs/sha256"), 0, "blobs were left behind");
  cr_assert_eq (image_count_entries (h->store, "refs"), 0, "a ref was left behind");
  cr_assert_eq (image_count_entries (h->store, "tmp"), 0, "tmp/ was left dirty");
}

/* Build an image whose only layer is the JSON entry list `spec` (%s = sentinel dir) and import it. */
static int
import_spec (struct hostile *h, const char *fmt, char **err_out)
{
  char spec[8192], layer[8300];
  int status;

  snprintf (spec, sizeof spec, fmt, h->sentinel, h->sentinel, h->sentinel);
  snprintf (layer, sizeof layer, "json:%s", spec);
  image_make ("oci", h->layout, "--layer", layer, NULL);
  char source[4200];
  snprintf (source, sizeof source, "oci:%s", h->layout);
  status = image_cli (h->store, NULL, err_out, "image", "import", source, NULL);
  return status;
}

static void
expect_refused (const char *fmt, const char *message_part)
{
  struct hostile h;
  char *err = NULL;

  hostile_setup (&h);
  cr_assert_neq (import_spec (&h, fmt, &err), 0, "hostile layer was accepted");
  cr_assert (strstr (err, message_part) != NULL, "unexpected error: %s", err);
  assert_sentinel_untouched (&h);
  assert_store_empty (&h);
  free (err);
  image_tmpdir_remove (h.dir);
}

Test (image_hostile, dotdot_path_is_refused)
{
  expect_refused ("[{\"path\":\"../../../../../../../..%s/pwned\",\"data\":\"x\"}]", "contains `..`");
}

Test (image_hostile, absolute_path_is_refused)
{
  expect_refused ("[{\"path\":\"%s/pwned\",\"data\":\"x\"}]", "absolute path");
}

Test (image_hostile, write_through_symlinked_parent_is_refused)
{
  expect_refused (
      "[{\"path\":\"link\",\"type\":\"symlink\",\"target\":\"%s\"},{\"path\":\"link/pwned\",\"data\":\"x\"}]",
      "not a directory");
}

Test (image_hostile, write_through_relative_symlink_chain_is_refused)
{
  expect_refused ("[{\"path\":\"up\",\"type\":\"symlink\",\"target\":\"../../../../../../../..\"},"
                  "{\"path\":\"a\",\"type\":\"symlink\",\"target\":\"up%s\"},{\"path\":\"a/pwned\",\"data\":\"x\"}]",
                  "not a directory");
}

Test (image_hostile, hard_link_to_absolute_target_is_refused)
{
  expect_refused ("[{\"path\":\"hl\",\"type\":\"hardlink\",\"target\":\"%s/file\"}]", "absolute path");
}

Test (image_hostile, hard_link_with_dotdot_is_refused)
{
  expect_refused ("[{\"path\":\"hl\",\"type\":\"hardlink\",\"target\":\"../../../../../../..%s/file\"}]",
                  "contains `..`");
}

Test (image_hostile, hard_link_through_symlinked_dir_is_refused)
{
  expect_refused ("[{\"path\":\"s\",\"type\":\"symlink\",\"target\":\"%s\"},{\"path\":\"hl\",\"type\":\"hardlink\","
                  "\"target\":\"s/file\"}]",
                  "not a directory");
}

Test (image_hostile, whiteout_through_symlinked_dir_is_refused)
{
  expect_refused ("[{\"path\":\"s\",\"type\":\"symlink\",\"target\":\"%s\"},{\"path\":\"s/.wh.file\",\"data\":\"\"}]",
                  "not a directory");
}

Test (image_hostile, opaque_marker_through_symlinked_dir_is_refused)
{
  expect_refused (
      "[{\"path\":\"s\",\"type\":\"symlink\",\"target\":\"%s\"},{\"path\":\"s/.wh..wh..opq\",\"data\":\"\"}]",
      "not a directory");
}

Test (image_hostile, whiteout_of_dotdot_is_refused)
{
  expect_refused ("[{\"path\":\"d\",\"type\":\"dir\"},{\"path\":\"d/.wh...\",\"data\":\"\"}%.0s]",
                  "malformed whiteout");
}

Test (image_hostile, absurdly_deep_tree_is_refused)
{
  char fmt[4096] = "[{\"path\":\"";
  for (int i = 0; i < 250; i++)
    strcat (fmt, "d/");
  strcat (fmt, "f%.0s\",\"data\":\"x\"}]");
  expect_refused (fmt, "nested deeper");
}

/* Tar semantics: a later entry replaces an earlier one of the same name.  The replacement
 * must replace the symlink itself, never write to where it points. */
static void
expect_contained (const char *fmt)
{
  struct hostile h;
  char *err = NULL;

  hostile_setup (&h);
  cr_assert_eq (import_spec (&h, fmt, &err), 0, "import failed: %s", err);
  assert_sentinel_untouched (&h);
  cr_assert_eq (image_count_entries (h.store, "tmp"), 0);
  free (err);
  image_tmpdir_remove (h.dir);
}

Test (image_hostile, file_over_symlink_replaces_the_link)
{
  expect_contained (
      "[{\"path\":\"x\",\"type\":\"symlink\",\"target\":\"%s/file\"},{\"path\":\"x\",\"data\":\"pwned\"}]");
}

Test (image_hostile, directory_over_symlink_replaces_the_link)
{
  expect_contained ("[{\"path\":\"d\",\"type\":\"symlink\",\"target\":\"%s\"},{\"path\":\"d\",\"type\":\"dir\"},"
                    "{\"path\":\"d/pwned\",\"data\":\"x\"}]");
}

Test (image_hostile, hard_link_to_outward_symlink_links_the_symlink_itself)
{
  expect_contained (
      "[{\"path\":\"s\",\"type\":\"symlink\",\"target\":\"%s/file\"},{\"path\":\"h\",\"type\":\"hardlink\","
      "\"target\":\"s\"},{\"path\":\"h\",\"data\":\"pwned\"}]");
}

/* Each layer is its own directory: a symlink planted by a lower layer cannot steer an upper one. */
Test (image_hostile, symlink_from_lower_layer_does_not_redirect_upper_layer)
{
  struct hostile h;
  char l1[8192], l2[8192], source[4200], path[8192];
  char *err = NULL;
  char *out = NULL;

  hostile_setup (&h);
  snprintf (l1, sizeof l1, "json:[{\"path\":\"etc2\",\"type\":\"symlink\",\"target\":\"%s\"}]", h.sentinel);
  snprintf (l2, sizeof l2, "json:[{\"path\":\"etc2/pwned\",\"data\":\"x\"}]");
  image_make ("oci", h.layout, "--layer", l1, "--layer", l2, NULL);
  snprintf (source, sizeof source, "oci:%s", h.layout);
  cr_assert_eq (image_cli (h.store, &out, &err, "image", "import", source, NULL), 0, "%s", err);
  assert_sentinel_untouched (&h);
  /* The upper layer got a real directory etc2 with the file in it. */
  snprintf (path, sizeof path, "%s/layers", h.store);
  cr_assert_eq (image_count_entries (h.store, "layers"), 2);
  free (err);
  free (out);
  image_tmpdir_remove (h.dir);
}

Test (image_hostile, device_nodes_and_file_capabilities_are_dropped)
{
  struct hostile h;
  char *err = NULL, *out = NULL, *layer_hex;
  char path[8192], *inspect = NULL;
  struct stat st;
  char buf[64];

  hostile_setup (&h);
  cr_assert_eq (import_spec (&h,
                             "[{\"path\":\"disk\",\"type\":\"chardev\"},{\"path\":\"c\",\"data\":\"x\",\"xattrs\":"
                             "{\"security.capability\":\"xx\",\"trusted.overlay.redirect\":\"/etc\",\"user.overlay."
                             "opaque\":\"y\",\"user.keep\":\"1\"}}%.0s%.0s%.0s]",
                             &err),
                0, "%s", err);
  cr_assert_eq (image_cli (h.store, &inspect, NULL, "image", "inspect", "layout", NULL), 0);
  layer_hex = strstr (inspect, "\"layers\": [");
  cr_assert_not_null (layer_hex);
  layer_hex = strchr (layer_hex + strlen ("\"layers\": ["), '"') + 1;
  snprintf (path, sizeof path, "%s/layers/%.64s/disk", h.store, layer_hex);
  cr_assert (!image_path_exists (path), "a device node was created");
  snprintf (path, sizeof path, "%s/layers/%.64s/c", h.store, layer_hex);
  cr_assert_eq (lstat (path, &st), 0);
  cr_assert_lt (lgetxattr (path, "security.capability", buf, sizeof buf), 0, "file capability kept");
  cr_assert_lt (lgetxattr (path, "trusted.overlay.redirect", buf, sizeof buf), 0, "overlay redirect kept");
  cr_assert_lt (lgetxattr (path, "user.overlay.opaque", buf, sizeof buf), 0, "user.overlay xattr kept");
  cr_assert_eq (lgetxattr (path, "user.keep", buf, sizeof buf), 1, "user.* xattr lost");
  assert_sentinel_untouched (&h);
  free (err);
  free (out);
  free (inspect);
  image_tmpdir_remove (h.dir);
}

Test (image_hostile, hard_link_to_a_directory_is_refused)
{
  expect_refused ("[{\"path\":\"d\",\"type\":\"dir\"},{\"path\":\"hl\",\"type\":\"hardlink\",\"target\":\"d\"}%.0s]",
                  "points at directory");
}

Test (image_hostile, hard_link_to_a_missing_entry_is_refused)
{
  expect_refused ("[{\"path\":\"hl\",\"type\":\"hardlink\",\"target\":\"etc/shadow\"}%.0s]", "hard link");
}
