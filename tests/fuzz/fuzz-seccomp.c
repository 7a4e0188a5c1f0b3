/* libFuzzer target: seccomp profiles (OCI JSON -> BPF, seccomp/compile.c).  Compiles only:
 * nothing is ever installed in the fuzzing process. */
#include <stdint.h>

#include "fuzz.h"
#include "seccomp/seccomp.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_seccomp_program prog = { 0 };
  struct nsbox_error *err = NULL;
  int ret = nsbox_seccomp_compile ("fuzz.json", data, size, &prog, &err);

  /* A compiled program is never empty (unconfined is a name, not a profile) and fits BPF. */
  if (ret == 0 && (prog.filter == NULL || prog.length == 0 || prog.length > 4096))
    __builtin_trap ();
  nsbox_seccomp_program_release (&prog);
  fuzz_check_error (ret, &err);
  return 0;
}
