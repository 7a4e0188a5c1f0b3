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
  NSBOX_CHECKS_BLOCK,  /* a critical violation stops the run before any sandbox starts */
};

/* At most this many violations are listed (the risk score counts them all). */
#define NSBOX_CHECKS_MAX_LISTED 100

/* The rule id of the size check. */
#define NSBOX_CHECK_CODE_SIZE "max-code-size"

/* Match every rule of the policy against each line of the code; a rule is
 * listed once per line it matches.  Code larger than the policy's
 * max_code_bytes is one critical NSBOX_CHECK_CODE_SIZE violation and is not
 * scanned further. */
int nsbox_checks_scan (const struct nsbox_lang_policy *policy, const char *code, size_t length,
                       struct nsbox_violation **violations, size_t *n, struct nsbox_error **err);

/* 0-100: the sum over the distinct rules that matched of critical 40, high 20,
 * medium 10, low 5, capped at 100 (a rule matching on many lines counts once). */
int nsbox_checks_risk_score (const struct nsbox_violation *violations, size_t n);

/* Whether the mode stops a run with these violations (block and a critical one). */
bool nsbox_checks_block (enum nsbox_check_mode mode, const struct nsbox_violation *violations, size_t n);

/* "off", "report", "block". */
int nsbox_check_mode_parse (const char *text, enum nsbox_check_mode *mode, struct nsbox_error **err);
const char *nsbox_check_mode_name (enum nsbox_check_mode mode);

#endif
