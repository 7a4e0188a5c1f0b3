#define _GNU_SOURCE
#include "image/store/source.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "image/store/archive-reader.h"
#include "base/cleanup.h"
#include "image/store/manifest.h"

/* Files up to this size are kept in memory by the first pass over an archive (manifests,
 * configs and tiny layers); larger ones are streamed on demand. */
#define SMALL_FILE_MAX NSBOX_MANIFEST_MAX_SIZE
#define SMALL_FILES_TOTAL_MAX (256 * 1024 * 1024)

struct small_file
{
  char *path;
  char *data;
  size_t length;
};

struct nsbox_import_source
{
  int dirfd;     /* layout directory, or -1 */
  char *archive; /* archive path, or NULL */
  struct small_file *files;
  size_t n_files;
  size_t cached_bytes;
  char **large; /* paths of archive files too big to cache */
  size_t n_large;
};

static int
openat2_in_root (int dirfd, const char *path, struct nsbox_error **err)
{
  /* O_NONBLOCK: a FIFO planted in the layout must not hang the import. */
  struct open_how how = {
    .flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  int fd = syscall (SYS_openat2, dirfd, path, &how, sizeof how);
  struct stat st;

  if (fd < 0)
    return nsbox_error_errno (err, errno, "open `%s` in the image source", path);
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || fcntl (fd, F_SETFL, 0) < 0)
    {
      close (fd);
      return nsbox_error_msg (err, "`%s` in the image source is not a regular file", path);
    }
  return fd;
}

void
nsbox_import_source_free (struct nsbox_import_source *s)
{
  if (s == NULL)
    return;
  if (s->dirfd >= 0)
    close (s->dirfd);
  free (s->archive);
  for (size_t i = 0; i < s->n_files; i++)
    {
      free (s->files[i].path);
      free (s->files[i].data);
    }
  free (s->files);
  for (size_t i = 0; i < s->n_large; i++)
    free (s->large[i]);
  free (s->large);
  free (s);
}

int
nsbox_import_source_open_dir (const char *dir, struct nsbox_import_source **out, struct nsbox_error **err)
{
  struct nsbox_import_source *s = calloc (1, sizeof *s);

  if (s == NULL)
    return nsbox_error_oom (err);
  s->dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (s->dirfd < 0)
    {
      nsbox_error_errno (err, errno, "open image layout `%s`", dir);
      nsbox_import_source_free (s);
      return -1;
    }
  *out = s;
  return 0;
}

/* "./a/b" and "/a/b" name "a/b" in an archive. */
static const char *
archive_path (struct archive_entry *entry)
{
  const char *p = archive_entry_pathname (entry);

  if (p == NULL)
    p = archive_entry_pathname_utf8 (entry);
  while (p && (p[0] == '/' || (p[0] == '.' && p[1] == '/')))
    p += p[0] == '/' ? 1 : 2;
  return p;
}

static int
archive_begin (const char *file, struct archive **out, struct nsbox_error **err)
{
  struct archive *a = nsbox_archive_reader_new ();

  if (a == NULL)
    return nsbox_error_oom (err);
  if (archive_read_open_filename (a, file, 256 * 1024) != ARCHIVE_OK)
    {
      nsbox_error_msg (err, "open archive `%s`: %s", file, archive_error_string (a));
      archive_read_free (a);
      return -1;
    }
  *out = a;
  return 0;
}

static int
read_entry_data (struct archive *a, size_t size, char **out, struct nsbox_error **err)
{
  _cleanup_free_ char *data = malloc (size + 1);
  la_ssize_t n;
  size_t got = 0;

  if (data == NULL)
    return nsbox_error_oom (err);
  while (got < size && (n = archive_read_data (a, data + got, size - got)) > 0)
    got += n;
  if (got != size)
    return nsbox_error_msg (err, "read archive member: %s", archive_error_string (a));
  data[size] = '\0';
  *out = steal_pointer (&data);
  return 0;
}

static int
append_string (char ***v, size_t *n, const char *s, struct nsbox_error **err)
{
  char **grown = realloc (*v, (*n + 1) * sizeof **v);

  if (grown == NULL)
    return nsbox_error_oom (err);
  *v = grown;
  if ((grown[*n] = strdup (s)) == NULL)
    return nsbox_error_oom (err);
  (*n)++;
  return 0;
}

static int
cache_entry (struct nsbox_import_source *s, struct archive *a, const char *path, size_t size, struct nsbox_error **err)
{
  struct small_file *grown;

  if (s->cached_bytes + size > SMALL_FILES_TOTAL_MAX)
    return nsbox_error_msg (err, "archive `%s` holds more than %d MiB of small files", s->archive,
                            SMALL_FILES_TOTAL_MAX >> 20);
  grown = realloc (s->files, (s->n_files + 1) * sizeof *s->files);
  if (grown == NULL)
    return nsbox_error_oom (err);
  s->files = grown;
  memset (&grown[s->n_files], 0, sizeof *grown);
  if ((grown[s->n_files].path = strdup (path)) == NULL)
    return nsbox_error_oom (err);
  s->n_files++;
  if (read_entry_data (a, size, &grown[s->n_files - 1].data, err) < 0)
    return nsbox_error_prefix (err, "`%s`", path);
  grown[s->n_files - 1].length = size;
  s->cached_bytes += size;
  return 0;
}

/* First pass: remember what the archive holds, keep the small files. */
static int
scan_archive (struct nsbox_import_source *s, struct nsbox_error **err)
{
  struct archive *a = NULL;
  struct archive_entry *entry;
  int r, ret = 0;

  if (archive_begin (s->archive, &a, err) < 0)
    return -1;
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *path = archive_path (entry);
      int64_t size = archive_entry_size (entry);

      if (path == NULL || archive_entry_filetype (entry) != AE_IFREG || archive_entry_hardlink (entry))
        continue;
      if (size <= SMALL_FILE_MAX)
        ret = cache_entry (s, a, path, size, err);
      else
        ret = append_string (&s->large, &s->n_large, path, err);
      if (ret < 0)
        break;
    }
  if (ret >= 0 && r != ARCHIVE_EOF)
    ret = nsbox_error_msg (err, "read archive `%s`: %s", s->archive, archive_error_string (a));
  archive_read_free (a);
  return ret;
}

int
nsbox_import_source_open_archive (const char *file, struct nsbox_import_source **out, struct nsbox_error **err)
{
  struct nsbox_import_source *s = calloc (1, sizeof *s);

  if (s == NULL)
    return nsbox_error_oom (err);
  s->dirfd = -1;
  if ((s->archive = strdup (file)) == NULL)
    {
      nsbox_import_source_free (s);
      return nsbox_error_oom (err);
    }
  if (scan_archive (s, err) < 0)
    {
      nsbox_import_source_free (s);
      return -1;
    }
  *out = s;
  return 0;
}

static struct small_file *
find_cached (struct nsbox_import_source *s, const char *path)
{
  /* Later members replace earlier ones, as tar extraction would. */
  for (size_t i = s->n_files; i-- > 0;)
    if (strcmp (s->files[i].path, path) == 0)
      return &s->files[i];
  return NULL;
}

bool
nsbox_import_source_has (struct nsbox_import_source *s, const char *path)
{
  struct stat st;

  if (s->dirfd >= 0)
    {
      struct nsbox_error *ignored = NULL;
      int fd = openat2_in_root (s->dirfd, path, &ignored);
      bool is_file = fd >= 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode);
      nsbox_error_free (ignored);
      if (fd >= 0)
        close (fd);
      return is_file;
    }
  if (find_cached (s, path))
    return true;
  for (size_t i = 0; i < s->n_large; i++)
    if (strcmp (s->large[i], path) == 0)
      return true;
  return false;
}

int
nsbox_import_source_read (struct nsbox_import_source *s, const char *path, size_t max, char **data, size_t *length,
                          struct nsbox_error **err)
{
  if (s->dirfd < 0)
    {
      struct small_file *f = find_cached (s, path);
      if (f == NULL)
        return nsbox_error_msg (err, "`%s` is missing from the archive (or larger than %zu bytes)", path, max);
      if (f->length > max)
        return nsbox_error_msg (err, "`%s` is larger than %zu bytes", path, max);
      *data = malloc (f->length + 1);
      if (*data == NULL)
        return nsbox_error_oom (err);
      memcpy (*data, f->data, f->length + 1);
      *length = f->length;
      return 0;
    }
  else
    {
      _cleanup_close_ int fd = openat2_in_root (s->dirfd, path, err);
      _cleanup_free_ char *buf = NULL;
      size_t got = 0;
      ssize_t n;

      if (fd < 0)
        return -1;
      buf = malloc (max + 1);
      if (buf == NULL)
        return nsbox_error_oom (err);
      while (got <= max && (n = read (fd, buf + got, max + 1 - got)) > 0)
        got += n;
      if (got > max)
        return nsbox_error_msg (err, "`%s` is larger than %zu bytes", path, max);
      buf[got] = '\0';
      *data = steal_pointer (&buf);
      *length = got;
      return 0;
    }
}

static int
stage_from_archive_entry (struct archive *a, struct nsbox_store_txn *txn, struct nsbox_blob_request *req,
                          struct nsbox_error **err)
{
  struct nsbox_blob_writer *w = NULL;
  char buf[128 * 1024];
  la_ssize_t n;

  if (nsbox_store_txn_blob_begin (txn, req->expected, req->size, &w, err) < 0)
    return -1;
  while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
    if (nsbox_blob_writer_write (w, buf, n, err) < 0)
      {
        nsbox_blob_writer_abort (w);
        return nsbox_error_prefix (err, "`%s`", req->path);
      }
  if (n < 0)
    {
      nsbox_blob_writer_abort (w);
      return nsbox_error_msg (err, "read `%s` from the archive: %s", req->path, archive_error_string (a));
    }
  if (nsbox_blob_writer_commit (w, &req->digest, err) < 0)
    return nsbox_error_prefix (err, "`%s`", req->path);
  req->done = true;
  return 0;
}

/* One pass over the archive for the large files still wanted. */
static int
stage_from_archive (struct nsbox_import_source *s, struct nsbox_store_txn *txn, struct nsbox_blob_request *reqs,
                    size_t n, struct nsbox_error **err)
{
  struct archive *a = NULL;
  struct archive_entry *entry;
  int r, ret = 0;

  if (archive_begin (s->archive, &a, err) < 0)
    return -1;
  while (ret >= 0 && ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN))
    {
      const char *path = archive_path (entry);
      struct nsbox_blob_request *first = NULL;

      if (path == NULL || archive_entry_filetype (entry) != AE_IFREG || archive_entry_hardlink (entry))
        continue;
      for (size_t i = 0; i < n && ret >= 0; i++)
        {
          if (reqs[i].done || strcmp (reqs[i].path, path) != 0)
            continue;
          if (first == NULL)
            {
              ret = stage_from_archive_entry (a, txn, &reqs[i], err);
              first = &reqs[i];
            }
          else if (reqs[i].expected && !nsbox_digest_equal (reqs[i].expected, &first->digest))
            ret = nsbox_error_msg (err, "`%s`: digest mismatch", path);
          else
            {
              reqs[i].digest = first->digest;
              reqs[i].done = true;
            }
        }
    }
  if (ret >= 0 && r != ARCHIVE_EOF)
    ret = nsbox_error_msg (err, "read archive `%s`: %s", s->archive, archive_error_string (a));
  archive_read_free (a);
  return ret;
}

static int
stage_one_direct (struct nsbox_import_source *s, struct nsbox_store_txn *txn, struct nsbox_blob_request *req,
                  struct nsbox_error **err)
{
  struct small_file *f;
  int r;

  if (req->expected && (r = nsbox_store_txn_has_blob (txn, req->expected, err)) != 0)
    {
      if (r < 0)
        return r;
      req->digest = *req->expected;
      req->done = true;
      return 0;
    }
  if (s->dirfd >= 0)
    {
      _cleanup_close_ int fd = openat2_in_root (s->dirfd, req->path, err);
      if (fd < 0 || nsbox_store_txn_put_blob_fd (txn, fd, req->expected, req->size, &req->digest, err) < 0)
        return nsbox_error_prefix (err, "`%s`", req->path);
      req->done = true;
      return 0;
    }
  if ((f = find_cached (s, req->path)) != NULL)
    {
      if (req->size >= 0 && (int64_t) f->length != req->size)
        return nsbox_error_msg (err, "`%s`: size mismatch: expected %lld bytes, got %zu", req->path,
                                (long long) req->size, f->length);
      if (nsbox_store_txn_put_blob_buffer (txn, f->data, f->length, req->expected, &req->digest, err) < 0)
        return nsbox_error_prefix (err, "`%s`", req->path);
      req->done = true;
    }
  return 0;
}

int
nsbox_import_source_stage (struct nsbox_import_source *s, struct nsbox_store_txn *txn, struct nsbox_blob_request *reqs,
                           size_t n, struct nsbox_error **err)
{
  bool pending = false;

  for (size_t i = 0; i < n; i++)
    {
      if (!reqs[i].done && stage_one_direct (s, txn, &reqs[i], err) < 0)
        return -1;
      pending |= !reqs[i].done;
    }
  if (pending && stage_from_archive (s, txn, reqs, n, err) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    if (!reqs[i].done)
      {
        int r = reqs[i].expected ? nsbox_store_txn_has_blob (txn, reqs[i].expected, err) : 0;
        if (r < 0)
          return r;
        if (r == 0)
          return nsbox_error_msg (err, "`%s` is missing from the image source", reqs[i].path);
        reqs[i].digest = *reqs[i].expected;
        reqs[i].done = true;
      }
  return 0;
}
