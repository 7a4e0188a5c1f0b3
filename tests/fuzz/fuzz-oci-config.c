/* libFuzzer target: an OCI bundle's config.json and exec's process.json
 * (oci/config.c), which nsbox-runtime reads from whatever engine calls it. */
#include <stdint.h>

#include "fuzz.h"
#include "oci/config.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_oci_config config = { 0 };
  struct nsbox_oci_process process = { 0 };
  struct nsbox_error *err = NULL;

  fuzz_check_error (nsbox_oci_config_parse ("config.json", (const char *) data, size, "/bundle", &config, &err), &err);
  nsbox_oci_config_release (&config);
  fuzz_check_error (nsbox_oci_process_parse ("process.json", (const char *) data, size, &process, &err), &err);
  nsbox_oci_process_release (&process);
  return 0;
}
