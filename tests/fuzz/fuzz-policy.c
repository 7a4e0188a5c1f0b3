/* libFuzzer target: language policies (policies/lang/NAME.json, lang/policy.c). */
#include <stdint.h>

#include "fuzz.h"
#include "lang/policy.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_lang_policy policy;
  struct nsbox_error *err = NULL;
  int ret;

  memset (&policy, 0, sizeof policy);
  ret = nsbox_policy_parse ((const char *) data, size, "fuzz.json", &policy, &err);
  nsbox_policy_release (&policy);
  fuzz_check_error (ret, &err);
  return 0;
}
