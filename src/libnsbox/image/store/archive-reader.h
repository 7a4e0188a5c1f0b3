/* archive-reader.h - the one way the image code opens tar archives (internal). */
#ifndef NSBOX_IMAGE_ARCHIVE_READER_H
#define NSBOX_IMAGE_ARCHIVE_READER_H

#include <archive.h>

/* A reader for tar (and empty) archives, plain, gzip or zstd.  Decompression is always
 * in-process: libarchive's fallback of running an external `zstd` or `gzip` program is
 * never registered (no fork+exec while importing, no dependence on $PATH).  NULL on OOM. */
struct archive *nsbox_archive_reader_new (void);

#endif
