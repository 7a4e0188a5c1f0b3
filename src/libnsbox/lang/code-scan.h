/* code-scan.h - the code-aware checks' sandbox: tokenize and analyze hostile
 * code in a child of its own that can do nothing but compute.
 *
 * The child is forked with no file descriptors and a seccomp filter that
 * allows exit alone (it cannot open, read, write, map, allocate or signal),
 * with a CPU-time limit and a wall-clock deadline after which it is
 * killed.  Its memory limit is the shared mapping it writes into, sized
 * here from the code's length: it has no way to ask for more.  The
 * privileged side only reads what it left, after checking every offset. */
#ifndef NSBOX_CODE_SCAN_H
#define NSBOX_CODE_SCAN_H

#include <stddef.h>

#include "base/error.h"
#include "lang/code-facts.h"
#include "lang/code-lex.h"

struct nsbox_code_scan
{
  const struct nsbox_code_facts *facts; /* valid when the scan succeeded */
  const char *blanked;                  /* the code, comments and string contents as spaces */
  size_t length;
  void *map;
  size_t map_size;
};

/* The deadline of one scan; a 100 KiB file takes about a millisecond. */
#define NSBOX_CODE_SCAN_TIMEOUT_MS 2000

/* Scan `code` as `language` in the sandbox.  Fails (naming how the child
 * ended) when the child does not finish cleanly within the deadline or
 * leaves malformed facts. */
int nsbox_code_scan (enum nsbox_code_language language, const char *code, size_t length,
                     struct nsbox_code_scan *scan, struct nsbox_error **err);

/* Scan in this process: for the fuzz targets and tests of the analyzers,
 * never for untrusted code in a privileged process. */
int nsbox_code_scan_unconfined (enum nsbox_code_language language, const char *code, size_t length,
                                struct nsbox_code_scan *scan, struct nsbox_error **err);

void nsbox_code_scan_release (struct nsbox_code_scan *scan);

#endif
