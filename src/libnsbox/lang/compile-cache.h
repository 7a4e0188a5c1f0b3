/* compile-cache.h - a language run's compiled artifact, kept across runs.
 *
 * A compile step is a function of what goes into its sandbox: the image's
 * layers, the compiler's command line and environment, the files (the code,
 * the policy's support files), the working directory and the user.  Its key
 * is the SHA-256 of all of that, so a hit is what a compile of the same
 * inputs made, and skips the compile sandbox.
 *
 * An entry is one root-owned file in a 0700 directory no sandbox ever sees:
 * a header with the SHA-256 of its contents, checked on every read (an entry
 * that fails it is removed and counts as a miss), then the artifact's tree
 * (directories, regular files, symbolic links; nothing else is kept).  It is
 * written beside and renamed into place, so a reader sees it whole or not at
 * all.  A hit touches its time; past the size bound the entries used least
 * recently are removed. */
#ifndef NSBOX_LANG_COMPILE_CACHE_H
#define NSBOX_LANG_COMPILE_CACHE_H

#include <stdint.h>
#include <sys/types.h>

#include "base/error.h"
#include "base/sha256.h"
#include "sandbox/config.h"

struct nsbox_compile_cache
{
  const char *dir;    /* absolute; made 0700 when missing */
  uint64_t max_bytes; /* all entries together */
};

/* The key of the compile step `compile` describes (its config as
 * nsbox_lang_configure_step made it). */
void nsbox_compile_cache_key (const struct nsbox_sandbox_config *compile, char key[NSBOX_SHA256_HEX_SIZE]);

/* Fill the empty artifact directory out_dir from the entry, its files owned
 * by uid:gid: 1 on a hit, 0 on a miss, -1 with *err. */
int nsbox_compile_cache_get (const struct nsbox_compile_cache *cache, const char *key, const char *out_dir, uid_t uid,
                             gid_t gid, struct nsbox_error **err);

/* Keep what out_dir holds under key (nothing when it exceeds max_entry
 * bytes or holds what an entry cannot), then bound the cache's size. */
int nsbox_compile_cache_put (const struct nsbox_compile_cache *cache, const char *key, const char *out_dir,
                             uint64_t max_entry, struct nsbox_error **err);

/* Restore an entry's payload (what follows its verified header) into the
 * directory out, owned by uid:gid; nothing it names lands outside out.
 * For nsbox_compile_cache_get and the fuzz target. */
int nsbox_compile_cache_extract (int out, const char *payload, size_t length, uid_t uid, gid_t gid,
                                 struct nsbox_error **err);

#endif
