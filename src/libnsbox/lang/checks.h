/* checks.h - pre-execution checks: a language policy's rules over the code.
 *
 * Advisory defence in depth: a pattern match is neither proof of harm nor a
 * guarantee of its absence.  The kernel isolation is the boundary. */
#ifndef NSBOX_CHECKS_H
#define NSBOX_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "lang/policy.h"
#include "lang/violation.h"

enum nsbox_check_mode
{
  NSBOX_CHECKS_OFF,    /* no scan */
  NSBOX_CHECKS_REPORT, /* violations are listed, the run proceeds */
  NSBOX_CHECKS_BLOCK,  /* a violation at the profile's threshold stops the run before any sandbox starts */
};

/* At most this many violations are listed (the risk score counts them all). */
#define NSBOX_CHECKS_MAX_LISTED 100

/* The rule ids of the checks every policy has (all critical). */
#define NSBOX_CHECK_CODE_SIZE "max-code-size"             /* the code is larger than max_code_size */
#define NSBOX_CHECK_IMPORT_NOT_ALLOWED "import-not-allowed" /* an import outside allow_imports */
#define NSBOX_CHECK_INCOMPLETE "check-incomplete"         /* more names than the analysis holds */
#define NSBOX_CHECK_FAILED "check-failed"                 /* the checker's sandbox did not finish */

struct nsbox_checks_found
{
  struct nsbox_violation *violations; /* by line */
  size_t n;
  unsigned syntax_error_line; /* 0 = none found (the compiler may still find one) */
  char *syntax_error;
};

/* Check the code against the policy.  With a syntax, the code is parsed in
 * the checker's sandbox (lang/code-scan.h) and the rules' names are matched
 * against what it found (a name where it first appears, a rule once per
 * line); patterns are matched per line, over the code with comments and
 * strings blanked when it was parsed.  Code larger
 * than max_code_size is one NSBOX_CHECK_CODE_SIZE finding and is not
 * parsed. */
int nsbox_checks_scan (const struct nsbox_lang_policy *policy, const char *code, size_t length,
                       struct nsbox_checks_found *found, struct nsbox_error **err);
void nsbox_checks_found_release (struct nsbox_checks_found *found);

/* 0-100: the sum over the distinct rules that matched of critical 40, high 20,
 * medium 10, low 5, capped at 100 (a rule matching on many lines counts once). */
int nsbox_checks_risk_score (const struct nsbox_violation *violations, size_t n);

/* The severity from which a profile blocks: critical for standard, high for strict. */
enum nsbox_severity nsbox_checks_threshold (bool strict);

/* Whether the mode stops a run with these violations: block, and one at
 * `threshold` or above. */
bool nsbox_checks_block (enum nsbox_check_mode mode, enum nsbox_severity threshold,
                         const struct nsbox_violation *violations, size_t n);

/* "off", "report", "block". */
int nsbox_check_mode_parse (const char *text, enum nsbox_check_mode *mode, struct nsbox_error **err);
const char *nsbox_check_mode_name (enum nsbox_check_mode mode);

#endif
