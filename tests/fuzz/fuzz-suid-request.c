/* libFuzzer target: the setuid helper's request (src/nsbox-suid/request.c),
 * the JSON its caller, the attacker, sends: refused with a message, or a
 * request whose every fd is one of those passed and every string bounded. */
#include <stdint.h>

#include "fuzz.h"
#include "request.h"

#define PASSED 4

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_suid_request r;
  struct nsbox_error *err = NULL;
  int ret;

  nsbox_suid_request_init (&r);
  /* Four passed files, by number only: release must not close real fds. */
  r.n_fds = PASSED;
  for (int i = 0; i < PASSED; i++)
    r.fds[i] = -100 - i;
  ret = nsbox_suid_request_parse ((const char *) data, size, &r, &err);
  fuzz_check_error (ret, &err);
  if (ret == 0)
    {
      if ((r.code_fd != -1 && (r.code_fd > -101 || r.code_fd < -100 - PASSED + 1))
          || r.n_volumes > NSBOX_SUID_VOLUMES_MAX || r.n_keys > NSBOX_SUID_KEYS_MAX)
        __builtin_trap ();
      for (size_t i = 0; i < 2 * r.n_keys; i++)
        if (r.keys[i] == NULL || strlen (r.keys[i]) > NSBOX_SUID_STRING_MAX)
          __builtin_trap ();
      for (size_t i = 0; i < r.n_volumes; i++)
        if (r.volumes[i].fd > -101 || r.volumes[i].source == NULL || r.volumes[i].destination == NULL)
          __builtin_trap ();
    }
  for (int i = 0; i < PASSED; i++)
    r.fds[i] = -1;
  nsbox_suid_request_release (&r);
  return 0;
}
