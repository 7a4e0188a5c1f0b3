/* unit_json: the JSON helpers (base/json.h) and the small-file reader (base/fdio.h). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fdio.h"
#include "base/json.h"

static json_t *
doc (const char *text)
{
  json_t *j = json_loads (text, 0, NULL);

  cr_assert_not_null (j, "%s", text);
  return j;
}

/* The message of an error the call must have made, copied; the error is freed. */
static char *
message (struct nsbox_error **err)
{
  char *m;

  cr_assert_not_null (*err);
  m = strdup ((*err)->message);
  nsbox_error_free (*err);
  *err = NULL;
  return m;
}

Test (unit_json, unknown_keys_are_refused_with_the_full_key_name)
{
  static const char *const top[] = { "run", NULL };
  static const char *const limits[] = { "memory", "timeout", NULL };
  struct nsbox_json_ctx ctx = { .origin = "python.json" };
  _cleanup_json_ json_t *j = doc ("{\"run\": {\"limits\": {\"memory\": 1, \"memroy\": 2}}}");
  struct nsbox_error *err = NULL;
  char *m;

  cr_assert_eq (nsbox_json_object (&ctx, j, NULL, top, &err), 0);
  cr_assert_eq (nsbox_json_push (&ctx, "run"), 0);
  cr_assert_lt (nsbox_json_object (&ctx, json_object_get (json_object_get (j, "run"), "limits"), "limits", limits, &err),
                0);
  m = message (&err);
  cr_expect_str_eq (m, "python.json: key `run.limits.memroy`: unknown key");
  free (m);
  nsbox_json_pop (&ctx);
  cr_assert_lt (nsbox_json_object (&ctx, j, NULL, limits, &err), 0);
  m = message (&err);
  cr_expect_str_eq (m, "python.json: key `run`: unknown key");
  free (m);
}

Test (unit_json, a_document_or_member_that_is_no_object_is_named)
{
  static const char *const none[] = { NULL };
  struct nsbox_json_ctx ctx = { .origin = "nsbox.conf" };
  _cleanup_json_ json_t *j = doc ("[1]");
  struct nsbox_error *err = NULL;
  char *m;

  cr_assert_lt (nsbox_json_object (&ctx, j, NULL, none, &err), 0);
  m = message (&err);
  cr_expect_str_eq (m, "nsbox.conf: the document must be a JSON object");
  free (m);
  cr_assert_lt (nsbox_json_object (&ctx, j, "ceilings", none, &err), 0);
  m = message (&err);
  cr_expect_str_eq (m, "nsbox.conf: key `ceilings`: must be an object");
  free (m);
}

Test (unit_json, sizes_are_bytes_or_suffixed_strings_above_zero)
{
  struct nsbox_json_ctx ctx = { .origin = "f.json", .prefix = "run" };
  struct nsbox_error *err = NULL;
  uint64_t v = 0;
  json_t *j;
  char *m;

  cr_assert_eq (nsbox_json_size (&ctx, j = json_integer (4096), "memory", &v, NULL), 0);
  json_decref (j);
  cr_expect_eq (v, 4096);
  cr_assert_eq (nsbox_json_size (&ctx, j = json_string ("512m"), "memory", &v, NULL), 0);
  json_decref (j);
  cr_expect_eq (v, 512ULL << 20);
  cr_assert_lt (nsbox_json_size (&ctx, j = json_string ("0"), "memory", &v, &err), 0);
  json_decref (j);
  m = message (&err);
  cr_expect_str_eq (m, "f.json: key `run.memory`: `0` is not a size (\"512m\", \"1g\" or bytes)");
  free (m);
  cr_assert_lt (nsbox_json_size (&ctx, j = json_integer (0), "memory", &v, &err), 0);
  json_decref (j);
  m = message (&err);
  cr_expect_str_eq (m, "f.json: key `run.memory`: 0 is out of range (1 to 9223372036854775807)");
  free (m);
  cr_assert_lt (nsbox_json_size (&ctx, j = json_true (), "memory", &v, &err), 0);
  m = message (&err);
  cr_expect_str_eq (m, "f.json: key `run.memory`: must be a size (\"512m\", \"1g\" or bytes)");
  free (m);
}

Test (unit_json, seconds_are_positive_numbers_or_strings_in_milliseconds)
{
  struct nsbox_json_ctx ctx = { .origin = "f.json" };
  struct nsbox_error *err = NULL;
  uint64_t ms = 0;
  json_t *j;
  char *m;

  cr_assert_eq (nsbox_json_seconds (&ctx, j = json_real (1.5), "timeout", &ms, NULL), 0);
  json_decref (j);
  cr_expect_eq (ms, 1500);
  cr_assert_eq (nsbox_json_seconds (&ctx, j = json_integer (2), "timeout", &ms, NULL), 0);
  json_decref (j);
  cr_expect_eq (ms, 2000);
  cr_assert_eq (nsbox_json_seconds (&ctx, j = json_string ("2.5"), "timeout", &ms, NULL), 0);
  json_decref (j);
  cr_expect_eq (ms, 2500);
  cr_assert_eq (nsbox_json_seconds (&ctx, j = json_real (0.0001), "timeout", &ms, NULL), 0);
  json_decref (j);
  cr_expect_eq (ms, 1, "a positive time never rounds to none");
  cr_assert_lt (nsbox_json_seconds (&ctx, j = json_integer (0), "timeout", &ms, &err), 0);
  json_decref (j);
  m = message (&err);
  cr_expect_str_eq (m, "f.json: key `timeout`: 0 is not a number of seconds in (0, 31536000]");
  free (m);
  cr_assert_lt (nsbox_json_seconds (&ctx, j = json_integer (31536001), "timeout", &ms, NULL), 0);
  json_decref (j);
  cr_assert_lt (nsbox_json_seconds (&ctx, j = json_string ("soon"), "timeout", &ms, &err), 0);
  json_decref (j);
  m = message (&err);
  cr_expect_str_eq (m, "f.json: key `timeout`: `soon` is not a number of seconds > 0");
  free (m);
}

Test (unit_json, limits_are_integers_within_their_range)
{
  struct nsbox_json_ctx ctx = { .origin = "f.json" };
  struct nsbox_error *err = NULL;
  uint64_t v = 0;
  json_t *j;
  char *m;

  cr_assert_eq (nsbox_json_uint (&ctx, j = json_integer (64), "pids", 1, 1024, &v, NULL), 0);
  json_decref (j);
  cr_expect_eq (v, 64);
  cr_assert_lt (nsbox_json_uint (&ctx, j = json_integer (2000), "pids", 1, 1024, &v, &err), 0);
  json_decref (j);
  m = message (&err);
  cr_expect_str_eq (m, "f.json: key `pids`: 2000 is out of range (1 to 1024)");
  free (m);
  cr_assert_lt (nsbox_json_uint (&ctx, j = json_integer (-1), "pids", 0, 1024, &v, NULL), 0);
  json_decref (j);
  cr_assert_lt (nsbox_json_uint (&ctx, j = json_real (1.0), "pids", 0, 1024, &v, &err), 0);
  json_decref (j);
  m = message (&err);
  cr_expect_str_eq (m, "f.json: key `pids`: must be an integer");
  free (m);
  cr_expect_eq (v, 64, "a refused value leaves the field as it was");
}

Test (unit_json, strings_must_be_non_empty_and_free_of_nul)
{
  struct nsbox_json_ctx ctx = { .origin = "f.json" };
  _cleanup_free_ char *s = strdup ("old");
  _cleanup_strv_ char **v = NULL;
  json_t *j;

  cr_assert_eq (nsbox_json_string (&ctx, j = json_string ("new"), "image", &s, NULL), 0);
  json_decref (j);
  cr_expect_str_eq (s, "new");
  cr_assert_lt (nsbox_json_string (&ctx, j = json_string (""), "image", &s, NULL), 0);
  json_decref (j);
  cr_assert_lt (nsbox_json_string (&ctx, j = json_stringn ("a\0b", 3), "image", &s, NULL), 0);
  json_decref (j);
  cr_expect_str_eq (s, "new");
  cr_assert_eq (nsbox_json_strv (&ctx, j = doc ("[\"a\", \"b\"]"), "argv", &v, NULL), 0);
  json_decref (j);
  cr_expect_str_eq (v[0], "a");
  cr_expect_str_eq (v[1], "b");
  cr_expect_null (v[2]);
  cr_assert_lt (nsbox_json_strv (&ctx, j = doc ("[\"a\", 1]"), "argv", &v, NULL), 0);
  json_decref (j);
}

Test (unit_json, the_lenient_getter_returns_strings_only)
{
  _cleanup_json_ json_t *j = doc ("{\"name\": \"x\", \"size\": 3, \"none\": null}");

  cr_expect_str_eq (nsbox_json_get_string (j, "name"), "x");
  cr_expect_null (nsbox_json_get_string (j, "size"));
  cr_expect_null (nsbox_json_get_string (j, "none"));
  cr_expect_null (nsbox_json_get_string (j, "absent"));
  cr_expect_null (nsbox_json_get_string (NULL, "name"));
}

Test (unit_json, documents_with_duplicate_keys_are_refused_with_their_place)
{
  static const char text[] = "{\"a\": 1,\n \"a\": 2}";
  struct nsbox_error *err = NULL;
  json_t *j = NULL;
  char *m;

  cr_assert_lt (nsbox_json_parse ("x.json", text, sizeof text - 1, &j, &err), 0);
  cr_expect_null (j);
  m = message (&err);
  cr_expect_eq (strncmp (m, "x.json:2:", 9), 0, "%s", m);
  cr_expect_not_null (strstr (m, "invalid JSON: duplicate object key"), "%s", m);
  free (m);
}

/* A file of `size` bytes of 'x' in a fresh temporary directory. */
static char *
file_of (size_t size)
{
  char *path = strdup ("/tmp/nsbox-json-XXXXXX");
  int fd = mkstemp (path);
  char *data = malloc (size + 1);

  cr_assert_geq (fd, 0);
  memset (data, 'x', size);
  cr_assert_eq (nsbox_write_all (fd, data, size), 0);
  close (fd);
  free (data);
  return path;
}

Test (unit_json, the_reader_takes_a_file_up_to_its_cap_and_refuses_one_byte_more)
{
  char *path = file_of (4096);
  struct nsbox_error *err = NULL;
  char *text = NULL;
  size_t length = 0;

  cr_assert_eq (nsbox_read_file (path, 4096, &text, &length, NULL), 0);
  cr_expect_eq (length, 4096);
  cr_expect_eq (text[4096], '\0');
  cr_expect_eq (strspn (text, "x"), 4096);
  free (text);
  text = NULL;
  cr_assert_lt (nsbox_read_file (path, 4095, &text, &length, &err), 0);
  cr_expect_null (text);
  cr_expect_eq (err->errno_value, EFBIG);
  cr_expect_not_null (strstr (err->message, "is larger than 4095 bytes"), "%s", err->message);
  nsbox_error_free (err);
  unlink (path);
  free (path);
}

Test (unit_json, the_reader_reads_files_that_say_they_are_empty)
{
  struct nsbox_error *err = NULL;
  char *text = NULL;
  size_t length = 0;

  /* /proc reports a size of 0 for what holds a few hundred bytes. */
  cr_assert_eq (nsbox_read_file ("/proc/self/status", 1 << 20, &text, &length, NULL), 0);
  cr_expect_gt (length, 100);
  cr_expect_eq (strlen (text), length);
  cr_expect_not_null (strstr (text, "Pid:"));
  free (text);
  cr_assert_lt (nsbox_read_file ("/proc/self/status", 16, &text, &length, &err), 0);
  cr_expect_eq (err->errno_value, EFBIG);
  nsbox_error_free (err);
}

Test (unit_json, a_file_must_be_regular_but_a_pipe_is_read_to_its_end)
{
  struct nsbox_error *err = NULL;
  char *text = NULL;
  size_t length = 0;
  int p[2];

  cr_assert_lt (nsbox_read_file ("/dev/zero", 1024, &text, &length, &err), 0, "a device would never end");
  cr_expect_str_eq (err->message, "`/dev/zero` is not a regular file");
  nsbox_error_free (err);
  err = NULL;
  cr_assert_lt (nsbox_read_file ("/tmp", 1024, &text, &length, NULL), 0);
  /* stdin of a language run: more than the first buffer, in pieces. */
  cr_assert_eq (pipe (p), 0);
  for (int i = 0; i < 10; i++)
    cr_assert_eq (nsbox_write_all (p[1], "0123456789", 10), 0);
  close (p[1]);
  cr_assert_eq (nsbox_read_fd (p[0], "stdin", 100, &text, &length, NULL), 0);
  cr_expect_eq (length, 100);
  cr_expect_eq (text[100], '\0');
  free (text);
  close (p[0]);
  cr_assert_eq (pipe (p), 0);
  cr_assert_eq (nsbox_write_all (p[1], "0123456789", 10), 0);
  close (p[1]);
  cr_assert_lt (nsbox_read_fd (p[0], "stdin", 9, &text, &length, &err), 0);
  cr_expect_str_eq (err->message, "`stdin` is larger than 9 bytes");
  nsbox_error_free (err);
  close (p[0]);
}

Test (unit_json, a_json_file_is_read_and_parsed_with_its_name_in_errors)
{
  char path[] = "/tmp/nsbox-json-XXXXXX";
  int fd = mkstemp (path);
  struct nsbox_error *err = NULL;
  json_t *j = NULL;
  char *m;

  cr_assert_geq (fd, 0);
  cr_assert_eq (nsbox_write_all (fd, "{\"name\": \"busybox\"}", 19), 0);
  cr_assert_eq (lseek (fd, 0, SEEK_SET), 0);
  cr_assert_eq (nsbox_json_load_fd (fd, "ref", 1024, &j, NULL), 0);
  cr_expect_str_eq (nsbox_json_get_string (j, "name"), "busybox");
  json_decref (j);
  j = NULL;
  cr_assert_eq (lseek (fd, 0, SEEK_SET), 0);
  cr_assert_lt (nsbox_json_load_fd (fd, "ref", 8, &j, &err), 0, "the cap holds for JSON too");
  cr_expect_eq (err->errno_value, EFBIG);
  nsbox_error_free (err);
  err = NULL;
  cr_assert_eq (ftruncate (fd, 5), 0);
  cr_assert_eq (lseek (fd, 0, SEEK_SET), 0);
  cr_assert_lt (nsbox_json_load_fd (fd, "ref", 1024, &j, &err), 0);
  m = message (&err);
  cr_expect_eq (strncmp (m, "ref:1:", 6), 0, "%s", m);
  free (m);
  close (fd);
  unlink (path);
}
