/* image_exec: `nsbox exec IMAGE` runs on the image's layers with its config applied. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "image-harness.h"

TestSuite (image_exec, .fini = image_cleanup);

struct fixture
{
  char *dir;
  char store[4096];
  char image[4096];
  char source[4200];
};

static const char *
nsbox_bin (void)
{
  const char *s = getenv ("NSBOX_BIN");
  return s ? s : "src/nsbox/nsbox";
}

/* Build an OCI layout from mkimage.py arguments (NULL-terminated) and import it as `name`. */
static void
import_image (struct fixture *f, const char *name, char *const *make_args)
{
  char script[4096];
  char *argv[300] = { "python3", script, "oci", f->image };
  char *err = NULL;
  int i = 4;

  snprintf (script, sizeof script, "%s/tests/image/mkimage.py",
            getenv ("NSBOX_SRCDIR") ? getenv ("NSBOX_SRCDIR") : NSBOX_TEST_SRCDIR);
  for (; *make_args && i < 299; make_args++)
    argv[i++] = *make_args;
  argv[i] = NULL;
  cr_assert_eq (image_run (argv, NULL, &err), 0, "mkimage: %s", err);
  free (err);
  snprintf (f->source, sizeof f->source, "oci:%s", f->image);
  cr_assert_eq (image_cli (f->store, NULL, &err, "image", "import", f->source, "--name", name, NULL), 0, "%s", err);
  free (err);
}

static void
fixture_setup (struct fixture *f)
{
  f->dir = image_tmpdir ();
  snprintf (f->store, sizeof f->store, "%s/store", f->dir);
  snprintf (f->image, sizeof f->image, "%s/layout", f->dir);
}

/* nsbox --store STORE exec ARGS... ; returns the exit status, stdout in *out. */
static int
run_exec (struct fixture *f, char **out, char **err, char *const *args)
{
  char *argv[64] = { (char *) nsbox_bin (), "--store", f->store, "exec" };
  int i = 4;

  for (; *args && i < 63; args++)
    argv[i++] = *args;
  argv[i] = NULL;
  return image_run (argv, out, err);
}

Test (image_exec, config_env_workdir_and_cmd_apply_and_root_user_is_nobody)
{
  struct fixture f;
  char *out = NULL, *err = NULL;

  fixture_setup (&f);
  import_image (&f, "cfg",
                (char *[]){ "--layer", "busybox", "--env", "PATH=/bin", "--env", "GREETING=hello", "--workdir",
                            "/home/app", "--user", "root",
                            "--cmd", "[\"/bin/sh\",\"-c\",\"echo $GREETING; pwd; id -u; id -g\"]", NULL });
  cr_assert_eq (run_exec (&f, &out, &err, (char *[]){ "cfg", NULL }), 0, "%s", err);
  cr_assert_str_eq (out, "hello\n/home/app\n65534\n65534\n");
  free (out);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_exec, flags_override_the_image_config)
{
  struct fixture f;
  char *out = NULL, *err = NULL;

  fixture_setup (&f);
  import_image (&f, "cfg",
                (char *[]){ "--layer", "busybox", "--env", "PATH=/bin", "--env", "GREETING=hello", "--workdir",
                            "/home/app", "--user", "app", "--cmd", "[\"/bin/false\"]", NULL });
  cr_assert_eq (run_exec (&f, &out, &err,
                          (char *[]){ "-e", "GREETING=bye", "-w", "/tmp", "-u", "1234:4321", "cfg", "/bin/sh", "-c",
                                      "echo $GREETING; pwd; id -u; id -g", NULL }),
                0, "%s", err);
  cr_assert_str_eq (out, "bye\n/tmp\n1234\n4321\n");
  free (out);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_exec, numeric_and_named_image_users_are_honoured)
{
  const char *users[] = { "1000", "app", "app:staff" };
  const char *expect[] = { "1000 1000\n", "1000 1000\n", "1000 50\n" };

  for (size_t i = 0; i < 3; i++)
    {
      struct fixture f;
      char *out = NULL, *err = NULL;

      fixture_setup (&f);
      import_image (&f, "u",
                    (char *[]){ "--layer", "busybox", "--user", (char *) users[i], "--cmd",
                                "[\"/bin/sh\",\"-c\",\"echo $(id -u) $(id -g)\"]", NULL });
      cr_assert_eq (run_exec (&f, &out, &err, (char *[]){ "u", NULL }), 0, "%s", err);
      cr_expect_str_eq (out, expect[i], "user `%s`", users[i]);
      free (out);
      free (err);
      image_tmpdir_remove (f.dir);
    }
}

Test (image_exec, entrypoint_takes_the_command_line_as_arguments)
{
  struct fixture f;
  char *out = NULL, *err = NULL;

  fixture_setup (&f);
  import_image (&f, "ep",
                (char *[]){ "--layer", "busybox", "--entrypoint", "[\"/bin/echo\",\"pre\"]", "--cmd", "[\"default\"]",
                            NULL });
  cr_assert_eq (run_exec (&f, &out, &err, (char *[]){ "ep", NULL }), 0, "%s", err);
  cr_assert_str_eq (out, "pre default\n");
  free (out);
  cr_assert_eq (run_exec (&f, &out, &err, (char *[]){ "ep", "x", "y", NULL }), 0, "%s", err);
  cr_assert_str_eq (out, "pre x y\n");
  free (out);
  /* docker's --entrypoint: the image's Entrypoint and its Cmd give way. */
  cr_assert_eq (run_exec (&f, &out, &err, (char *[]){ "--entrypoint", "/bin/echo", "ep", NULL }), 0, "%s", err);
  cr_assert_str_eq (out, "\n", "the image's Cmd still applied: %s", out);
  free (out);
  cr_assert_eq (run_exec (&f, &out, &err, (char *[]){ "--entrypoint", "/bin/echo", "ep", "x", NULL }), 0, "%s", err);
  cr_assert_str_eq (out, "x\n");
  free (out);
  cr_assert_eq (run_exec (&f, &out, &err, (char *[]){ "--entrypoint", "", "ep", "/bin/echo", "z", NULL }), 0, "%s",
                err);
  cr_assert_str_eq (out, "z\n");
  free (out);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_exec, whiteouts_and_opaque_dirs_shape_the_merged_view)
{
  struct fixture f;
  char *out = NULL, *err = NULL;

  fixture_setup (&f);
  import_image (&f, "layers",
                (char *[]){ "--layer", "busybox", "--layer",
                            "json:[{\"path\":\"data\",\"type\":\"dir\"},{\"path\":\"data/a\",\"data\":\"a\"},"
                            "{\"path\":\"data/b\",\"data\":\"b\"},{\"path\":\"opq\",\"type\":\"dir\"},"
                            "{\"path\":\"opq/old\",\"data\":\"old\"},{\"path\":\"gone\",\"type\":\"dir\"},"
                            "{\"path\":\"gone/f\",\"data\":\"f\"}]",
                            "--layer",
                            "json:[{\"path\":\"data/.wh.a\",\"data\":\"\"},{\"path\":\"opq/.wh..wh..opq\",\"data\":\"\"},"
                            "{\"path\":\"opq/new\",\"data\":\"new\"},{\"path\":\".wh.gone\",\"data\":\"\"}]",
                            "--layer", "json:[{\"path\":\"data/c\",\"data\":\"c\"}]", NULL });
  cr_assert_eq (run_exec (&f, &out, &err,
                          (char *[]){ "layers", "/bin/sh", "-c", "echo $(ls /data) / $(ls /opq) / $(test -e /gone && echo has-gone || echo no-gone)",
                                      NULL }),
                0, "%s", err);
  cr_assert_str_eq (out, "b c / new / no-gone\n");
  free (out);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_exec, many_layers_stack, .timeout = 120)
{
  struct fixture f;
  char *args[260];
  char specs[120][64];
  char *out = NULL, *err = NULL;
  struct utsname u;
  int n = 0, major = 0, minor = 0;
  /* Up to ~60 store layers fit in one page of mount options; beyond that the kernel must take
   * them one by one ("lowerdir+", Linux 6.8).  Docker images have at most 127 layers. */
  int layers = 60;

  if (uname (&u) == 0 && sscanf (u.release, "%d.%d", &major, &minor) == 2 && (major > 6 || (major == 6 && minor >= 8)))
    layers = 120;

  fixture_setup (&f);
  args[n++] = "--layer";
  args[n++] = "busybox";
  for (int i = 1; i < layers; i++)
    {
      snprintf (specs[i], sizeof specs[i], "json:[{\"path\":\"l/%03d\",\"data\":\"x\"}]", i);
      args[n++] = "--layer";
      args[n++] = specs[i];
    }
  args[n++] = "--compress";
  args[n++] = "none";
  args[n] = NULL;
  import_image (&f, "many", args);
  cr_assert_eq (run_exec (&f, &out, &err, (char *[]){ "many", "/bin/sh", "-c", "ls /l | wc -l", NULL }), 0, "%s", err);
  cr_assert_eq (atoi (out), layers - 1, "saw %s", out);
  free (out);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_exec, the_image_root_is_read_only)
{
  struct fixture f;
  char *out = NULL, *err = NULL;

  fixture_setup (&f);
  import_image (&f, "ro", (char *[]){ "--layer", "busybox", "--layer", "json:[{\"path\":\"f\",\"data\":\"x\"}]", NULL });
  cr_assert_neq (run_exec (&f, &out, &err, (char *[]){ "ro", "/bin/sh", "-c", "echo y > /f", NULL }), 0);
  free (out);
  free (err);
  image_tmpdir_remove (f.dir);
}

Test (image_exec, unknown_image_is_a_clear_error)
{
  struct fixture f;
  char *out = NULL, *err = NULL;

  fixture_setup (&f);
  cr_assert_eq (run_exec (&f, &out, &err, (char *[]){ "no-such-image", "/bin/true", NULL }), 125);
  cr_assert (strstr (err, "no-such-image"), "%s", err);
  free (out);
  free (err);
  image_tmpdir_remove (f.dir);
}

/* The exec path's start-up time depends on never loading the image libraries. */
Test (image_exec, nsbox_does_not_link_the_image_libraries)
{
  char *ldd[] = { "ldd", (char *) nsbox_bin (), NULL };
  char *nm[] = { "nm", (char *) nsbox_bin (), NULL };
  char *out = NULL;

  cr_assert_eq (image_run (ldd, &out, NULL), 0);
  if (strstr (out, "statically linked") == NULL)
    {
      cr_assert (strstr (out, "libjansson"), "%s", out);
      cr_assert_null (strstr (out, "libarchive"), "nsbox links libarchive: %s", out);
      cr_assert_null (strstr (out, "libcrypto"), "nsbox links libcrypto: %s", out);
      cr_assert_null (strstr (out, "libcurl"), "nsbox links libcurl: %s", out);
      free (out);
      return;
    }
  /* A static nsbox (configure's default) lists no libraries: look for
   * their symbols in the build tree's unstripped binary instead. */
  free (out);
  cr_assert_eq (image_run (nm, &out, NULL), 0);
  cr_assert (strstr (out, " T json_dumps\n"), "jansson's symbols are missing: nm cannot see into nsbox");
  cr_assert_null (strstr (out, " archive_read_new\n"), "nsbox links libarchive");
  cr_assert_null (strstr (out, " EVP_MD_CTX_new\n"), "nsbox links libcrypto");
  cr_assert_null (strstr (out, " curl_easy_init\n"), "nsbox links libcurl");
  free (out);
}
