/* libFuzzer target: manifests, indexes and image configs from hostile bytes. */
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "image/image-config.h"
#include "image/store/manifest.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_manifest *m = NULL;
  struct nsbox_image_config *c = NULL;
  struct nsbox_error *err = NULL;

  if (nsbox_manifest_parse ((const char *) data, size, &m, &err) == 0)
    {
      const struct nsbox_descriptor *d;
      if (m->kind == NSBOX_MANIFEST_INDEX)
        nsbox_manifest_select_platform (m, "linux", nsbox_host_architecture (), nsbox_host_variant (), &d, &err);
      nsbox_manifest_free (m);
    }
  nsbox_error_free (err);
  err = NULL;
  if (nsbox_image_config_parse ((const char *) data, size, &c, &err) == 0)
    {
      void *json = NULL;
      struct nsbox_image_config *back = NULL;
      /* The stored form must read back. */
      if (nsbox_image_config_to_json (c, &json, &err) == 0)
        {
          if (nsbox_image_config_from_json (json, &back, &err) != 0)
            __builtin_trap ();
          nsbox_image_config_free (back);
          json_decref ((json_t *) json);
        }
      nsbox_image_config_free (c);
    }
  nsbox_error_free (err);
  return 0;
}
