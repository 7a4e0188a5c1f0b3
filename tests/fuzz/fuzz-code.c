/* libFuzzer target: the code-aware checks' tokenizer and analyzers
 * (lang/code-lex.c, lang/code-*.c) on hostile code.  The first byte picks the
 * language; the rest is the code.  In nsbox they run in a child confined to
 * read, write and exit, so a crash there would only refuse the run; here,
 * under ASan and UBSan, any out-of-bounds access or overflow is a bug.  The
 * checks also hold what the privileged side relies on: the facts validate,
 * and the blanked copy keeps every newline where the code has one, so that
 * the line patterns report the same line numbers. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lang/code-scan.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct nsbox_code_scan scan;
  struct nsbox_error *err = NULL;
  enum nsbox_code_language language;

  if (size < 1)
    return 0;
  language = (enum nsbox_code_language) (1 + data[0] % NSBOX_CODE_JAVA);
  if (nsbox_code_scan_unconfined (language, (const char *) data + 1, size - 1, &scan, &err) < 0)
    abort ();
  if (!nsbox_code_facts_valid (scan.facts) || scan.length != size - 1)
    abort ();
  for (size_t i = 0; i < scan.length; i++)
    if ((scan.blanked[i] == '\n') != (data[1 + i] == '\n'))
      abort ();
  if (scan.facts->error_line == 0 && scan.facts->error[0] != '\0')
    abort ();
  nsbox_code_scan_release (&scan);
  return 0;
}
