#define _GNU_SOURCE
#include "base/json-writer.h"
#include "base/fdio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STREAM_CHUNK (64 << 10)

static void
fail (struct nsbox_json_writer *w, int error)
{
  w->failed = true;
  w->error = error;
}

static void
flush (struct nsbox_json_writer *w)
{
  int ret;

  if (!w->streaming || w->failed || w->len == 0)
    return;
  if ((ret = nsbox_write_all (w->sink, w->data, w->len)) < 0)
    fail (w, -ret);
  w->len = 0;
}

void
nsbox_json_writer_stream_to (struct nsbox_json_writer *w, int fd)
{
  w->sink = fd;
  w->streaming = true;
}

void
nsbox_json_writer_raw (struct nsbox_json_writer *w, const char *s, size_t n)
{
  if (w->failed)
    return;
  if (w->streaming && w->len + n + 1 > STREAM_CHUNK)
    flush (w);
  if (w->len + n + 1 > w->cap)
    {
      size_t cap = w->cap ? w->cap : 256;
      char *grown;

      while (cap < w->len + n + 1)
        cap *= 2;
      grown = realloc (w->data, cap);
      if (grown == NULL)
        {
          fail (w, ENOMEM);
          return;
        }
      w->data = grown;
      w->cap = cap;
    }
  memcpy (w->data + w->len, s, n);
  w->len += n;
  w->data[w->len] = '\0';
}

void
nsbox_json_writer_printf (struct nsbox_json_writer *w, const char *fmt, ...)
{
  char tmp[128];
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = vsnprintf (tmp, sizeof tmp, fmt, ap);
  va_end (ap);
  if (n > 0)
    nsbox_json_writer_raw (w, tmp, (size_t) n < sizeof tmp ? (size_t) n : sizeof tmp - 1);
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t
utf8_sequence_length (const unsigned char *s, size_t avail)
{
  size_t need;
  unsigned cp;

  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xc2 && s[0] <= 0xdf)
    need = 2, cp = s[0] & 0x1f;
  else if (s[0] >= 0xe0 && s[0] <= 0xef)
    need = 3, cp = s[0] & 0x0f;
  else if (s[0] >= 0xf0 && s[0] <= 0xf4)
    need = 4, cp = s[0] & 0x07;
  else
    return 0;
  if (avail < need)
    return 0;
  for (size_t i = 1; i < need; i++)
    {
      if ((s[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3f);
    }
  if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
    return 0;
  return need;
}

void
nsbox_json_writer_string (struct nsbox_json_writer *w, const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *) s;
  size_t i = 0;

  nsbox_json_writer_raw (w, "\"", 1);
  while (i < n)
    {
      size_t len = utf8_sequence_length (p + i, n - i);

      if (len == 0)
        {
          nsbox_json_writer_printf (w, "\\udc%02x", p[i]);
          i++;
          continue;
        }
      if (len > 1)
        nsbox_json_writer_raw (w, s + i, len);
      else if (p[i] == '"' || p[i] == '\\')
        nsbox_json_writer_printf (w, "\\%c", p[i]);
      else if (p[i] == '\n')
        nsbox_json_writer_raw (w, "\\n", 2);
      else if (p[i] == '\t')
        nsbox_json_writer_raw (w, "\\t", 2);
      else if (p[i] == '\r')
        nsbox_json_writer_raw (w, "\\r", 2);
      else if (p[i] < 0x20 || p[i] == 0x7f)
        nsbox_json_writer_printf (w, "\\u%04x", p[i]);
      else
        nsbox_json_writer_raw (w, s + i, 1);
      i += len;
    }
  nsbox_json_writer_raw (w, "\"", 1);
}

void
nsbox_json_writer_cstr (struct nsbox_json_writer *w, const char *s)
{
  nsbox_json_writer_string (w, s, strlen (s));
}

void
nsbox_json_writer_bool (struct nsbox_json_writer *w, bool value)
{
  nsbox_json_writer_raw (w, value ? "true" : "false", value ? 4 : 5);
}

void
nsbox_json_writer_null (struct nsbox_json_writer *w)
{
  nsbox_json_writer_raw (w, "null", 4);
}

void
nsbox_json_writer_begin (struct nsbox_json_writer *w)
{
  nsbox_json_writer_raw (w, "{", 1);
}

void
nsbox_json_writer_key (struct nsbox_json_writer *w, const char *key)
{
  if (w->members++ > 0)
    nsbox_json_writer_raw (w, ", ", 2);
  nsbox_json_writer_cstr (w, key);
  nsbox_json_writer_raw (w, ": ", 2);
}

void
nsbox_json_writer_nested_begin (struct nsbox_json_writer *w, unsigned *saved)
{
  *saved = w->members;
  w->members = 0;
  nsbox_json_writer_raw (w, "{", 1);
}

void
nsbox_json_writer_nested_end (struct nsbox_json_writer *w, unsigned saved)
{
  nsbox_json_writer_raw (w, "}", 1);
  w->members = saved;
}

char *
nsbox_json_writer_finish (struct nsbox_json_writer *w)
{
  nsbox_json_writer_raw (w, "}\n", 2);
  if (w->failed)
    {
      free (w->data);
      *w = (struct nsbox_json_writer){ 0 };
      return NULL;
    }
  return w->data;
}

int
nsbox_json_writer_finish_stream (struct nsbox_json_writer *w)
{
  int error;

  nsbox_json_writer_raw (w, "}\n", 2);
  flush (w);
  error = w->failed ? w->error : 0;
  free (w->data);
  *w = (struct nsbox_json_writer){ 0 };
  if (error == 0)
    return 0;
  errno = error;
  return -1;
}
