/* regex-cost.h - refuse check patterns that glibc's regcomp() would take exponential time on.
 *
 * glibc compiles `x+` as `xx*` and `x{n,m}` as n to m copies of x, duplicating the parsed tree
 * each time, so nested repetitions grow it exponentially: a policy pattern with a hundred
 * `+` in a row kept regcomp() busy for minutes and gigabytes (found by tests/fuzz, fuzz-policy).
 * A loop over what can match the empty string costs about the cube of its nodes in empty
 * transitions: such a pattern counts as too costly whatever its size.  Without such loops
 * the empty transitions still grow with the square of the nodes (`a?` a thousand times, or
 * `a{0,1000}`, takes 8 MB), which is what bounds the node count, and with the cube of a
 * stretch of anchors (six hundred `^` took 300 MB), which bounds such stretches.
 * Back-references make regexec() exponential on the code being checked, which the caller
 * writes.  Policies are trusted configuration, but a typo must not hang every run. */
#ifndef NSBOX_LANG_REGEX_COST_H
#define NSBOX_LANG_REGEX_COST_H

#include <stddef.h>

/* The most tree nodes a policy pattern may expand to: at most about 8 MB and 30 ms in
 * regcomp() (a check pattern that names a call needs under 100). */
#define NSBOX_REGEX_MAX_COST 1000

/* The most nodes in a row that can all match the empty string (`^`, `x?`, `(a|)`...): their
 * empty transitions grow with the square of their number, with the cube for anchors. */
#define NSBOX_REGEX_MAX_EMPTY_RUN 256

/* An upper bound of the nodes regcomp() builds for the POSIX extended regex `pattern`
 * (saturating at NSBOX_REGEX_MAX_COST + 1, which a loop over the empty string also gives),
 * or 0 when the pattern uses a back-reference, which no check pattern may. */
size_t nsbox_regex_cost (const char *pattern);

#endif
