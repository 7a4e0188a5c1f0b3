/* Progress of long image work: shown on a terminal, never elsewhere, and
 * never with --quiet (nsbox image import, rootfs-tools/mkimage; nsbox pull
 * is in test-pull.c). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "image-harness.h"

static char screen[1 << 16];

static const char *
image_bin (void)
{
  const char *bin = getenv ("NSBOX_IMAGE_BIN");

  if (bin == NULL)
    cr_skip_test ("NSBOX_IMAGE_BIN is not set: run the suite through `make check`");
  return bin;
}

static char *
archive (const char *dir)
{
  char *path = NULL;

  cr_assert_geq (asprintf (&path, "oci-archive:%s/image.tar", dir), 0);
  image_make ("oci-archive", path + strlen ("oci-archive:"), "--layer", "busybox", "--layer",
              "json:[{\"path\":\"hello\",\"data\":\"hi\"}]", NULL);
  return path;
}

Test (progress, import_on_a_terminal_shows_blobs_and_layers, .fini = image_cleanup)
{
  char *dir = image_tmpdir (), *source = archive (dir), store[4200];

  snprintf (store, sizeof store, "%s/store", dir);
  cr_assert_eq (
      sbx_run_on_pty ((const char *const[]){ image_bin (), "--store", store, "image", "import", source, NULL }, NULL,
                      screen, sizeof screen),
      0, "%s", screen);
  cr_expect_not_null (strstr (screen, "Copying blob sha256:"), "%s", screen);
  cr_expect_not_null (strstr (screen, "  done: "), "%s", screen);
  cr_expect_not_null (strstr (screen, "Unpacking layer 2/2 sha256:"), "%s", screen);
  cr_expect_not_null (strstr (screen, "image:latest"), "%s", screen);
  free (source);
  image_tmpdir_remove (dir);
}

Test (progress, import_off_a_terminal_or_quiet_shows_none, .fini = image_cleanup)
{
  char *dir = image_tmpdir (), *source = archive (dir), store[4200];
  struct sbx r;

  snprintf (store, sizeof store, "%s/store", dir);
  sbx_run (&r, (const char *const[]){ image_bin (), "--store", store, "image", "import", source, NULL }, NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_expect_str_eq (r.err, "");
  cr_expect_str_eq (r.out, "image:latest\n");
  sbx_release (&r);
  snprintf (store, sizeof store, "%s/store2", dir);
  cr_assert_eq (sbx_run_on_pty (
                    (const char *const[]){ image_bin (), "--store", store, "image", "import", "--quiet", source, NULL },
                    NULL, screen, sizeof screen),
                0, "%s", screen);
  cr_expect_str_eq (screen, "image:latest\r\n");
  free (source);
  image_tmpdir_remove (dir);
}

static const char *
mkimage (void)
{
  static char path[4096];

  snprintf (path, sizeof path, "%s/rootfs-tools/mkimage", NSBOX_TEST_SRCDIR);
  return path;
}

/* --from-root packs a small root: the stages, not mmdebstrap, are under test. */
Test (progress, mkimage_on_a_terminal_shows_stages_and_time, .fini = image_cleanup)
{
  char *dir = image_tmpdir (), out[4200];

  snprintf (out, sizeof out, "oci-archive:%s/busybox.tar", dir);
  cr_assert_eq (sbx_run_on_pty ((const char *const[]){ "/bin/bash", mkimage (), "python", "--from-root",
                                                       sbx_root ("busybox"), "--output", out, NULL },
                                NULL, screen, sizeof screen),
                0, "%s", screen);
  cr_expect_not_null (strstr (screen, "mkimage: [0:0"), "%s", screen);
  cr_expect_not_null (strstr (screen, "] nsbox/python: copying the root "), "%s", screen);
  cr_expect_not_null (strstr (screen, "] writing the layer (tar | gzip): "), "%s", screen);
  cr_expect_not_null (strstr (screen, "mkimage: wrote oci-archive:"), "%s", screen);
  image_tmpdir_remove (dir);
}

Test (progress, mkimage_off_a_terminal_says_only_what_it_wrote, .fini = image_cleanup)
{
  char *dir = image_tmpdir (), out[4200];
  struct sbx r;

  snprintf (out, sizeof out, "oci-archive:%s/busybox.tar", dir);
  sbx_run (&r,
           (const char *const[]){ "/bin/bash", mkimage (), "python", "--from-root", sbx_root ("busybox"), "--output",
                                  out, NULL },
           NULL);
  cr_assert_eq (r.status, 0, "%s", r.err);
  cr_expect_eq (strncmp (r.err, "mkimage: wrote oci-archive:", 27), 0, "%s", r.err);
  cr_expect_eq (strchr (r.err, '\n'), r.err + strlen (r.err) - 1, "one line: %s", r.err);
  sbx_release (&r);
  snprintf (out, sizeof out, "oci-archive:%s/quiet.tar", dir);
  cr_assert_eq (sbx_run_on_pty ((const char *const[]){ "/bin/bash", mkimage (), "python", "--quiet", "--from-root",
                                                       sbx_root ("busybox"), "--output", out, NULL },
                                NULL, screen, sizeof screen),
                0, "%s", screen);
  cr_expect_str_eq (screen, "");
  image_tmpdir_remove (dir);
}
