/* image_store: concurrency, crashes, prune, and the locks that keep them apart. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "image/resolve.h"
#include "image/store/store.h"
#include "image-harness.h"

TestSuite (image_store, .fini = image_cleanup);

struct fixture
{
  char *dir;
  char store[4096];
  char image[4096];
  char source[4200];
};

static void
fixture_setup (struct fixture *f, const char *file)
{
  f->dir = image_tmpdir ();
  snprintf (f->store, sizeof f->store, "%s/store", f->dir);
  snprintf (f->image, sizeof f->image, "%s/%s", f->dir, file);
  snprintf (f->source, sizeof f->source, "oci:%s", f->image);
}

static int
wait_status (pid_t pid)
{
  int status;

  cr_assert_eq (waitpid (pid, &status, 0), pid);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static void
sleep_ms (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep (&ts, NULL);
}

Test (image_store, blob_with_wrong_digest_is_not_stored)
{
  struct fixture f;
  struct nsbox_store *store = NULL;
  struct nsbox_error *err = NULL;
  struct nsbox_digest want;

  fixture_setup (&f, "unused");
  cr_assert_eq (nsbox_store_open (f.store, &store, NULL), 0);
  cr_assert_eq (nsbox_sha256_buffer ("expected", 8, &want, NULL), 0);
  cr_assert_lt (nsbox_store_put_blob_buffer (store, "tampered", 8, &want, NULL, &err), 0);
  cr_assert (strstr (err->message, "digest mismatch"), "%s", err->message);
  cr_assert_eq (nsbox_store_has_blob (store, &want, NULL), 0);
  cr_assert_eq (image_count_entries (f.store, "tmp"), 0);
  nsbox_error_free (err);
  cr_assert_eq (nsbox_store_put_blob_buffer (store, "expected", 8, &want, NULL, NULL), 0);
  cr_assert_eq (nsbox_store_has_blob (store, &want, NULL), 1);
  nsbox_store_close (store);
  image_tmpdir_remove (f.dir);
}

Test (image_store, aborted_transaction_leaves_nothing)
{
  struct fixture f;
  struct nsbox_store *store = NULL;
  struct nsbox_store_txn *txn = NULL;
  struct nsbox_digest d;

  fixture_setup (&f, "unused");
  cr_assert_eq (nsbox_store_open (f.store, &store, NULL), 0);
  cr_assert_eq (nsbox_store_txn_begin (store, &txn, NULL), 0);
  cr_assert_eq (nsbox_store_txn_put_blob_buffer (txn, "data", 4, NULL, &d, NULL), 0);
  cr_assert_eq (nsbox_store_txn_has_blob (txn, &d, NULL), 1);
  cr_assert_eq (nsbox_store_has_blob (store, &d, NULL), 0, "a staged blob is visible");
  nsbox_store_txn_abort (txn);
  cr_assert_eq (image_count_entries (f.store, "tmp"), 0);
  cr_assert_eq (image_count_entries (f.store, "blobs/sha256"), 0);
  nsbox_store_close (store);
  image_tmpdir_remove (f.dir);
}

Test (image_store, concurrent_imports_of_one_image_both_succeed_with_one_copy)
{
  struct fixture f;
  pid_t a, b;

  fixture_setup (&f, "layout");
  image_make ("oci", f.image, "--layer", "busybox", "--layer", "json:[{\"path\":\"x\",\"data\":\"1\"}]", NULL);
  for (int round = 0; round < 3; round++)
    {
      a = image_cli_spawn (f.store, "image", "import", f.source, "--name", "same", NULL);
      b = image_cli_spawn (f.store, "image", "import", f.source, "--name", "same", NULL);
      cr_assert_eq (wait_status (a), 0);
      cr_assert_eq (wait_status (b), 0);
      cr_assert_eq (image_count_entries (f.store, "layers"), 2);
      cr_assert_eq (image_count_entries (f.store, "blobs/sha256"), 4);
      cr_assert_eq (image_count_entries (f.store, "refs"), 1);
      cr_assert_eq (image_count_entries (f.store, "tmp"), 0);
      /* Start the next round from an empty store. */
      cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "rm", "same", NULL), 0);
      cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "prune", NULL), 0);
    }
  image_tmpdir_remove (f.dir);
}

Test (image_store, killed_import_leaves_nothing_that_breaks_the_next, .timeout = 60)
{
  struct fixture f;
  char big[4096], script[8400];
  char *argv[] = { "sh", "-c", script, NULL };
  char *err = NULL;
  pid_t pid;
  int waited = 0;

  fixture_setup (&f, "layout");
  snprintf (big, sizeof big, "%s/big", f.dir);
  snprintf (script, sizeof script, "mkdir -p %s/d && head -c 64000000 /dev/urandom > %s/d/blob", big, big);
  cr_assert_eq (image_run (argv, NULL, NULL), 0);
  snprintf (script, sizeof script, "dir:%s", big);
  image_make ("oci", f.image, "--layer", "busybox", "--layer", script, "--compress", "none", NULL);
  pid = image_cli_spawn (f.store, "image", "import", f.source, "--name", "big", NULL);
  /* Kill it while it has something half-written in tmp/. */
  while (image_count_entries (f.store, "tmp") == 0 && waited++ < 5000)
    sleep_ms (1);
  kill (pid, SIGKILL);
  cr_assert_eq (wait_status (pid), 128 + SIGKILL, "the import finished before it could be killed");
  cr_assert_eq (image_count_entries (f.store, "refs"), 0, "a killed import left a ref");
  cr_assert_eq (image_count_entries (f.store, "layers"), 0, "a killed import published a layer");
  cr_assert_eq (image_count_entries (f.store, "blobs/sha256"), 0, "a killed import published a blob");
  /* The next import succeeds and the leftovers are gone. */
  cr_assert_eq (image_cli (f.store, NULL, &err, "image", "import", f.source, "--name", "big", NULL), 0, "%s", err);
  cr_assert_eq (image_count_entries (f.store, "tmp"), 0);
  cr_assert_eq (image_count_entries (f.store, "layers"), 2);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_store, prune_removes_only_what_no_image_references)
{
  struct fixture f;
  char *out = NULL;

  fixture_setup (&f, "one");
  image_make ("oci", f.image, "--layer", "busybox", "--layer", "json:[{\"path\":\"a\",\"data\":\"a\"}]", NULL);
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "import", f.source, "--name", "one", NULL), 0);
  snprintf (f.image, sizeof f.image, "%s/two", f.dir);
  snprintf (f.source, sizeof f.source, "oci:%s", f.image);
  image_make ("oci", f.image, "--layer", "busybox", "--layer", "json:[{\"path\":\"b\",\"data\":\"b\"}]", NULL);
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "import", f.source, "--name", "two", NULL), 0);
  cr_assert_eq (image_count_entries (f.store, "layers"), 3);

  cr_assert_eq (image_cli (f.store, &out, NULL, "image", "prune", NULL), 0);
  cr_assert (strstr (out, "removed 0 blobs"), "%s", out);
  free (out);
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "rm", "one", NULL), 0);
  cr_assert_eq (image_cli (f.store, &out, NULL, "image", "prune", NULL), 0);
  /* one's manifest, config (identical configs differ by diff_ids) and top layer */
  cr_assert (strstr (out, "removed 3 blobs") && strstr (out, "and 1 layers"), "%s", out);
  free (out);
  cr_assert_eq (image_count_entries (f.store, "layers"), 2);
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "inspect", "two", NULL), 0);

  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "rm", "two", NULL), 0);
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "prune", NULL), 0);
  cr_assert_eq (image_count_entries (f.store, "layers"), 0);
  cr_assert_eq (image_count_entries (f.store, "blobs/sha256"), 0);
  cr_assert_neq (image_cli (f.store, NULL, NULL, "image", "rm", "two", NULL), 0, "removing a missing image succeeded");
  image_tmpdir_remove (f.dir);
}

Test (image_store, prune_waits_for_a_resolved_image)
{
  struct fixture f;
  struct nsbox_image *image = NULL;
  struct nsbox_error *err = NULL;
  pid_t pruner;
  int status;

  fixture_setup (&f, "layout");
  image_make ("oci", f.image, "--layer", "busybox", NULL);
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "import", f.source, "--name", "busy", NULL), 0);
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "rm", "busy", NULL), 0);
  /* Re-tag so resolve works, then hold it as a running sandbox would. */
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "import", f.source, "--name", "busy", NULL), 0);
  cr_assert_eq (nsbox_image_resolve (f.store, "busy", &image, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq (image->n_lower_dirs, 1);
  cr_assert (image_path_exists (image->lower_dirs[0]));
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "rm", "busy", NULL), 0);
  pruner = image_cli_spawn (f.store, "image", "prune", NULL);
  sleep_ms (300);
  cr_assert_eq (waitpid (pruner, &status, WNOHANG), 0, "prune did not wait for the image in use");
  cr_assert (image_path_exists (image->lower_dirs[0]), "prune removed a layer in use");
  nsbox_image_free (image);
  cr_assert_eq (wait_status (pruner), 0);
  cr_assert_eq (image_count_entries (f.store, "layers"), 0);
  image_tmpdir_remove (f.dir);
}

Test (image_store, stale_tmp_is_cleaned_only_when_the_store_is_unused)
{
  struct fixture f;
  struct nsbox_store *holder = NULL, *other = NULL;
  char stale[4200];
  int fd;

  fixture_setup (&f, "unused");
  cr_assert_eq (nsbox_store_open (f.store, &holder, NULL), 0);
  snprintf (stale, sizeof stale, "%s/tmp/blob-left-by-a-killed-import", f.store);
  fd = open (stale, O_CREAT | O_WRONLY, 0600);
  cr_assert_geq (fd, 0);
  close (fd);
  /* Someone holds the store: the file could be theirs. */
  cr_assert_eq (nsbox_store_open (f.store, &other, NULL), 0);
  cr_assert (image_path_exists (stale));
  nsbox_store_close (other);
  nsbox_store_close (holder);
  cr_assert_eq (nsbox_store_open (f.store, &other, NULL), 0);
  cr_assert (!image_path_exists (stale));
  nsbox_store_close (other);
  image_tmpdir_remove (f.dir);
}

Test (image_store, resolve_lists_layers_topmost_first_and_user_mapping)
{
  struct fixture f;
  struct nsbox_image *image = NULL;
  uid_t uid;
  gid_t gid;
  const struct
  {
    const char *user;
    uid_t uid;
    gid_t gid;
  } cases[] = {
    { "", 65534, 65534 },      { "0", 65534, 65534 },       { "root", 65534, 65534 },  { "0:0", 65534, 65534 },
    { "1000", 1000, 1000 },    { "app", 1000, 1000 },       { "app:staff", 1000, 50 }, { "1234", 1234, 65534 },
    { "1000:0", 1000, 65534 }, { "1000:2000", 1000, 2000 },
  };

  fixture_setup (&f, "layout");
  image_make ("oci", f.image, "--layer", "busybox", "--layer", "json:[{\"path\":\"top\",\"data\":\"1\"}]", NULL);
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "import", f.source, "--name", "u", NULL), 0);
  cr_assert_eq (nsbox_image_resolve (f.store, "u:latest", &image, NULL), 0);
  cr_assert_eq (image->n_lower_dirs, 2);
  {
    char top[8192];
    snprintf (top, sizeof top, "%s/top", image->lower_dirs[0]);
    cr_assert (image_path_exists (top), "lower_dirs[0] is not the topmost layer");
  }
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      free (image->config->user);
      image->config->user = strdup (cases[i].user);
      cr_assert_eq (nsbox_image_user (image, &uid, &gid, NULL), 0, "user `%s`", cases[i].user);
      cr_expect_eq (uid, cases[i].uid, "user `%s`: uid %u", cases[i].user, uid);
      cr_expect_eq (gid, cases[i].gid, "user `%s`: gid %u", cases[i].user, gid);
    }
  free (image->config->user);
  image->config->user = strdup ("nosuchuser");
  cr_assert_lt (nsbox_image_user (image, &uid, &gid, NULL), 0);
  nsbox_image_free (image);
  cr_assert_lt (nsbox_image_resolve (f.store, "missing", &image, NULL), 0);
  image_tmpdir_remove (f.dir);
}

Test (image_store, a_stored_image_is_tagged_under_a_second_name)
{
  struct fixture f;
  struct nsbox_store *store = NULL;
  struct nsbox_image_info *images = NULL;
  struct nsbox_error *err = NULL;
  struct nsbox_digest manifest, missing;
  size_t n = 0;

  fixture_setup (&f, "layout");
  image_make ("oci", f.image, "--layer", "busybox", NULL);
  cr_assert_eq (image_cli (f.store, NULL, NULL, "image", "import", f.source, "--name", "first", NULL), 0);
  cr_assert_eq (nsbox_store_open (f.store, &store, NULL), 0);
  cr_assert_eq (nsbox_store_list_images (store, &images, &n, NULL), 0);
  cr_assert_eq (n, 1);
  manifest = images[0].manifest;
  nsbox_image_info_free (images, n);
  cr_assert_eq (nsbox_store_tag_image (store, "second", &manifest, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq (nsbox_store_list_images (store, &images, &n, NULL), 0);
  cr_assert_eq (n, 2);
  cr_expect_str_eq (images[1].name, "second:latest");
  cr_expect (nsbox_digest_equal (&images[1].manifest, &manifest));
  cr_expect_eq (images[1].n_layers, images[0].n_layers);
  nsbox_image_info_free (images, n);
  cr_assert_eq (nsbox_sha256_buffer ("not stored", 10, &missing, NULL), 0);
  cr_assert_lt (nsbox_store_tag_image (store, "third", &missing, &err), 0, "no such manifest");
  nsbox_error_free (err);
  cr_expect_eq (image_count_entries (f.store, "refs"), 2);
  cr_expect_eq (image_count_entries (f.store, "tmp"), 0);
  nsbox_store_close (store);
  image_tmpdir_remove (f.dir);
}
