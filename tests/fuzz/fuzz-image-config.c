/* libFuzzer target: image configs (image/image-config.c): the blob's JSON, the stored form
 * written into a ref, and that stored form read back (what every exec of an image reads). */
#include <stdint.h>

#include <jansson.h>

#include "fuzz.h"
#include "image/image-config.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_image_config *c = NULL, *back = NULL;
  struct nsbox_error *err = NULL;
  json_t *doc;
  void *stored = NULL;
  int ret;

  ret = nsbox_image_config_parse ((const char *) data, size, &c, &err);
  fuzz_check_error (ret, &err);
  if (ret == 0)
    {
      /* What the store writes, it must read back. */
      if (nsbox_image_config_to_json (c, &stored, &err) == 0)
        {
          if (nsbox_image_config_from_json (stored, &back, &err) != 0)
            __builtin_trap ();
          nsbox_image_config_free (back);
          back = NULL;
          json_decref ((json_t *) stored);
        }
      fuzz_check_error (err ? -1 : 0, &err);
      nsbox_image_config_free (c);
    }
  /* A ref's "config" object as a hand-edited (or corrupted) store would hold it. */
  doc = json_loadb ((const char *) data, size, 0, NULL);
  if (doc != NULL)
    {
      ret = nsbox_image_config_from_json (doc, &back, &err);
      fuzz_check_error (ret, &err);
      nsbox_image_config_free (back);
      json_decref (doc);
    }
  return 0;
}
