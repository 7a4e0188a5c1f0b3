/* json-writer.h - a JSON text writer for nsbox's reports.
 *
 * Not jansson: a report must keep every byte the workload printed, and
 * output that is not UTF-8 cannot pass through a json_t.  Strings are written
 * with the surrogateescape convention instead (see nsbox_json_writer_string).
 * The writer builds one top-level object; a failed allocation makes every
 * later call a no-op and nsbox_json_writer_finish() return NULL. */
#ifndef NSBOX_JSON_WRITER_H
#define NSBOX_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>

struct nsbox_json_writer
{
  char *data;
  size_t len, cap;
  bool failed;
  int error;        /* why it failed: ENOMEM, or the sink's write errno */
  unsigned members; /* of the top-level object so far: a comma before every other */
  int sink;         /* with `streaming`: where the text goes as it is made */
  bool streaming;
};

/* Send the text to fd as it is made, in pieces of at most 64 KiB, instead of
 * keeping it: a report holds the captured output escaped (up to six bytes for
 * one), which then never sits in memory twice.  Before the first member. */
void nsbox_json_writer_stream_to (struct nsbox_json_writer *w, int fd);

/* Append text as it is (punctuation, numbers, literals). */
void nsbox_json_writer_raw (struct nsbox_json_writer *w, const char *text, size_t length);
void nsbox_json_writer_printf (struct nsbox_json_writer *w, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* A JSON string of `length` bytes.  Bytes that are not valid UTF-8 become
 * "\udcXX", so none is lost: Python's
 * json.loads(...).encode("utf-8", "surrogateescape") gives them back. */
void nsbox_json_writer_string (struct nsbox_json_writer *w, const char *s, size_t length);
void nsbox_json_writer_cstr (struct nsbox_json_writer *w, const char *s);
/* The JSON literals. */
void nsbox_json_writer_bool (struct nsbox_json_writer *w, bool value);
void nsbox_json_writer_null (struct nsbox_json_writer *w);

/* Open the top-level object; then "KEY": before each member's value. */
void nsbox_json_writer_begin (struct nsbox_json_writer *w);
void nsbox_json_writer_key (struct nsbox_json_writer *w, const char *key);

/* An object as a value (of a key, or in an array): its members are counted
 * apart from the enclosing object's, whose count *saved keeps until the end. */
void nsbox_json_writer_nested_begin (struct nsbox_json_writer *w, unsigned *saved);
void nsbox_json_writer_nested_end (struct nsbox_json_writer *w, unsigned saved);

/* Close the object and end the line: the text (malloc'ed, the caller's), or
 * NULL when an allocation failed. */
char *nsbox_json_writer_finish (struct nsbox_json_writer *w);

/* Close the object of a streaming writer and write out the rest: 0, or -1
 * with errno.  Frees what the writer holds either way. */
int nsbox_json_writer_finish_stream (struct nsbox_json_writer *w);

#endif
