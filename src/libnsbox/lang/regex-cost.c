#define _GNU_SOURCE
#include "lang/regex-cost.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define SATURATED (NSBOX_REGEX_MAX_COST + 1)

struct scan
{
  const char *p;
  bool backref;
  bool empty_loop; /* a *, + or {n,m} applied to what can match the empty string */
  int depth;
};

static size_t
add (size_t a, size_t b)
{
  return a + b > SATURATED ? SATURATED : a + b;
}

static size_t
mul (size_t a, size_t b)
{
  return b != 0 && a > SATURATED / b ? SATURATED : a * b;
}

static size_t alternation (struct scan *s, bool *nullable);

/* A bracket expression: one node whatever it holds.  `]` first is a literal; [:class:],
 * [=x=] and [.x.] may contain `]`. */
static void
skip_bracket (struct scan *s)
{
  s->p++;
  if (*s->p == '^')
    s->p++;
  if (*s->p == ']')
    s->p++;
  while (*s->p && *s->p != ']')
    {
      if (s->p[0] == '[' && (s->p[1] == ':' || s->p[1] == '=' || s->p[1] == '.'))
        {
          char close = s->p[1];
          const char *end = s->p + 2;
          while (*end && !(end[0] == close && end[1] == ']'))
            end++;
          s->p = *end ? end + 2 : end;
          continue;
        }
      s->p++;
    }
  if (*s->p == ']')
    s->p++;
}

/* nullable: whether the atom can match the empty string (a group that can,
 * an anchor). */
static size_t
atom (struct scan *s, bool *nullable)
{
  size_t cost;

  *nullable = false;
  switch (*s->p)
    {
    case '(':
      s->p++;
      /* Deep nesting is itself a cost (and keeps this recursion bounded). */
      if (++s->depth > 200)
        return SATURATED;
      cost = add (alternation (s, nullable), 1);
      s->depth--;
      if (*s->p == ')')
        s->p++;
      return cost;
    case '[':
      skip_bracket (s);
      return 1;
    case '\\':
      s->p++;
      if (*s->p >= '1' && *s->p <= '9')
        s->backref = true;
      if (*s->p)
        s->p++;
      return 1;
    case '^':
    case '$':
      *nullable = true;
      s->p++;
      return 1;
    default:
      s->p++;
      return 1;
    }
}

/* Whether `{` at p opens an interval: glibc reads `{,m}` as `{0,m}` and `{,}` as `*`. */
static bool
is_interval (const char *p)
{
  return p[0] == '{' && ((p[1] >= '0' && p[1] <= '9') || p[1] == ',');
}

/* {n}, {n,}, {n,m}, {,m} or {,}: the least and the most repetitions, the most being
 * ULONG_MAX when unbounded. */
static void
interval_bounds (struct scan *s, unsigned long *least, unsigned long *most)
{
  char *end = (char *) s->p + 1;

  *least = *end == ',' ? 0 : strtoul (end, &end, 10);
  *most = *least;
  if (*end == ',')
    *most = end[1] == '}' ? ULONG_MAX : strtoul (end + 1, &end, 10);
  while (*end && *end != '}')
    end++;
  s->p = *end ? end + 1 : end;
}

/* An atom and the repetition operators after it.  A loop over what can
 * match the empty string (`x*+`, `(a|b*)*`, `(x?){2,9}`) is refused: glibc's
 * regcomp() spends about the cube of its nodes on the empty transitions
 * (2 s for `a[[:space:]]*` and eleven `+`, found by fuzz-policy), and POSIX
 * leaves adjacent repetition operators undefined anyway. */
static size_t
piece (struct scan *s, bool *nullable)
{
  size_t cost = atom (s, nullable);

  for (;;)
    {
      if (*s->p == '?')
        {
          s->p++;
          *nullable = true;
        }
      else if (*s->p == '*' || *s->p == '+')
        {
          s->empty_loop |= *nullable;
          if (*s->p == '*')
            *nullable = true;
          else
            cost = mul (cost, 2);
          s->p++;
        }
      else if (is_interval (s->p))
        {
          unsigned long least, most;

          interval_bounds (s, &least, &most);
          /* regcomp makes one copy per repetition, and a starred one for no bound. */
          s->empty_loop |= *nullable && most > 1;
          *nullable = *nullable || least == 0;
          cost = mul (cost, most == ULONG_MAX ? add (least, 2) : add (most > least ? most : least, 1));
        }
      else
        return add (cost, 1);
    }
}

/* Branches separated by `|` up to a `)`; nullable if one of them is (an
 * empty branch is). */
static size_t
alternation (struct scan *s, bool *nullable)
{
  bool branch_nullable = true;
  size_t cost = 0;

  *nullable = false;
  while (*s->p && *s->p != ')')
    {
      if (*s->p == '|')
        {
          s->p++;
          *nullable |= branch_nullable;
          branch_nullable = true;
        }
      else
        {
          bool piece_nullable;
          cost = add (cost, piece (s, &piece_nullable));
          branch_nullable &= piece_nullable;
        }
      if (cost >= SATURATED)
        return SATURATED;
    }
  *nullable |= branch_nullable;
  return cost;
}

size_t
nsbox_regex_cost (const char *pattern)
{
  struct scan s = { .p = pattern };
  size_t cost = 0;
  bool nullable;

  /* A `)` without its `(` is an ordinary character to regcomp: keep going past it. */
  while (*s.p && cost < SATURATED)
    {
      cost = add (cost, alternation (&s, &nullable));
      if (*s.p == ')')
        s.p++;
    }
  if (s.backref)
    return 0;
  return s.empty_loop ? SATURATED : cost;
}
