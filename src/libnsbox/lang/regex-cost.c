#define _GNU_SOURCE
#include "lang/regex-cost.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define SATURATED (NSBOX_REGEX_MAX_COST + 1)

struct scan
{
  const char *p;
  bool backref;
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

static size_t alternation (struct scan *s);

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

static size_t
atom (struct scan *s)
{
  size_t cost;

  switch (*s->p)
    {
    case '(':
      s->p++;
      /* Deep nesting is itself a cost (and keeps this recursion bounded). */
      if (++s->depth > 200)
        return SATURATED;
      cost = add (alternation (s), 1);
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
    default:
      s->p++;
      return 1;
    }
}

/* {n}, {n,} or {n,m}: how many copies regcomp makes (an unbounded one adds a starred copy). */
static size_t
interval_copies (struct scan *s)
{
  char *end;
  unsigned long n, m;

  n = strtoul (s->p + 1, &end, 10);
  m = n;
  if (*end == ',')
    m = end[1] == '}' ? n + 1 : strtoul (end + 1, &end, 10);
  else
    end--;
  while (*end && *end != '}')
    end++;
  s->p = *end ? end + 1 : end;
  return (m > n ? m : n) + 1;
}

/* An atom and the repetition operators after it. */
static size_t
piece (struct scan *s)
{
  size_t cost = atom (s);

  for (;;)
    {
      if (*s->p == '*' || *s->p == '?')
        s->p++;
      else if (*s->p == '+')
        {
          s->p++;
          cost = mul (cost, 2);
        }
      else if (*s->p == '{' && s->p[1] >= '0' && s->p[1] <= '9')
        cost = mul (cost, interval_copies (s));
      else
        return add (cost, 1);
    }
}

static size_t
alternation (struct scan *s)
{
  size_t cost = 0;

  while (*s->p && *s->p != ')')
    {
      if (*s->p == '|')
        s->p++;
      else
        cost = add (cost, piece (s));
      if (cost >= SATURATED)
        return SATURATED;
    }
  return cost;
}

size_t
nsbox_regex_cost (const char *pattern)
{
  struct scan s = { .p = pattern };
  size_t cost = 0;

  /* A `)` without its `(` is an ordinary character to regcomp: keep going past it. */
  while (*s.p && cost < SATURATED)
    {
      cost = add (cost, alternation (&s));
      if (*s.p == ')')
        s.p++;
    }
  return s.backref ? 0 : cost;
}
