/* libFuzzer target: nsbox.conf (lang/nsconf.c, the setuid helper's section too), and the
 * ceiling checks against a sandbox. */
#include <stdint.h>

#include "fuzz.h"
#include "lang/nsconf.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_conf conf;
  struct nsbox_sandbox_config config;
  struct nsbox_error *err = NULL;
  int ret;

  nsbox_conf_init (&conf);
  ret = nsbox_conf_parse ((const char *) data, size, "fuzz.conf", &conf, &err);
  fuzz_check_error (ret, &err);
  if (ret == 0)
    {
      nsbox_config_init (&config);
      fuzz_check_error (nsbox_conf_check (&conf, &config, NSBOX_LIMIT_ALL, &err), &err);
      /* The setuid helper's: every limit lowered to its ceiling, then all checked. */
      config.restricted = true;
      fuzz_check_error (nsbox_conf_enforce (&conf, &config, 0, &err), &err);
      nsbox_config_release (&config);
    }
  nsbox_conf_release (&conf);
  return 0;
}
