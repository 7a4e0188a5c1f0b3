/* import.h - import images from local files into the store.
 *
 * Sources:
 *   oci:DIR[:TAG]             an OCI image layout directory
 *   oci-archive:FILE[:TAG]    a tar of an OCI image layout
 *   docker-archive:FILE[:REF] `docker save` output, classic (manifest.json + <id>/layer.tar)
 *                             or the newer form that embeds an OCI layout
 * An index (or manifest list) selects linux/<host arch>.  Every blob's digest and size are
 * verified before anything becomes visible in the store (see nsbox_store_txn_*). */
#ifndef NSBOX_IMAGE_IMPORT_H
#define NSBOX_IMAGE_IMPORT_H

#include "base/error.h"
#include "image/store/store.h"

/* Import source; name (may be NULL) overrides the name recorded in the source.  The
 * normalized name the image was stored under goes to *name_out (malloc'd). */
int nsbox_image_import (struct nsbox_store *store, const char *source, const char *name, char **name_out,
                        struct nsbox_error **err);

#endif
