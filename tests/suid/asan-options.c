/* asan-options.c - the sanitizers' defaults in the tests' ASan and UBSan build
 * of the setuid helper (tests/nsbox-suid-asan, check-suid's second pass).
 * Any finding aborts the helper, which the suite sees as a failed run.  No
 * leak check: LeakSanitizer stops the process to look at it, which the
 * helper, never dumpable, does not allow. */
const char *__asan_default_options (void);
const char *__ubsan_default_options (void);

const char *
__asan_default_options (void)
{
  return "detect_leaks=0:abort_on_error=1";
}

const char *
__ubsan_default_options (void)
{
  return "print_stacktrace=1:halt_on_error=1";
}
