/* violation.h - what a pre-execution check found, shared by the checks, the
 * policies that define them and the report that lists them. */
#ifndef NSBOX_VIOLATION_H
#define NSBOX_VIOLATION_H

#include <stddef.h>

enum nsbox_severity
{
  NSBOX_SEVERITY_LOW,
  NSBOX_SEVERITY_MEDIUM,
  NSBOX_SEVERITY_HIGH,
  NSBOX_SEVERITY_CRITICAL,
};

struct nsbox_violation
{
  char *rule;    /* the rule's id, e.g. "python-import-os" */
  enum nsbox_severity severity;
  unsigned line; /* 1-based; 0 = the whole code (e.g. its size) */
  char *message;        /* the rule's message, and what matched */
  char *recommendation; /* may be NULL */
};

/* "low" ... "critical". */
const char *nsbox_severity_name (enum nsbox_severity severity);
/* 0, or -1 when `text` names no severity. */
int nsbox_severity_parse (const char *text, enum nsbox_severity *severity);

void nsbox_violations_free (struct nsbox_violation *violations, size_t n);

#endif
