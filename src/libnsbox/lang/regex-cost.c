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
  bool empty_loop; /* a *, + or {n,m} applied to what can match the empty string */
  bool empty_run;  /* a stretch of more than NSBOX_REGEX_MAX_EMPTY_RUN nodes that can */
  int depth;
};

/* What a piece (or a group, or a branch) of the pattern costs: its nodes; whether it can match
 * the empty string; and the nodes of the stretch at its start and at its end that can, which
 * join with their neighbours' into one stretch. */
struct cost
{
  size_t nodes;
  bool nullable;
  size_t head, tail;
};

/* Both saturate at SATURATED whatever their operands: a count read from a pattern can be as
 * large as strtoul() returns (fuzz-policy: `{39999999999999999999,314,}` wrapped a sum to 1). */
static size_t
add (size_t a, size_t b)
{
  return a >= SATURATED || b >= SATURATED || a + b > SATURATED ? SATURATED : a + b;
}

static size_t
mul (size_t a, size_t b)
{
  if (a == 0 || b == 0)
    return 0;
  return a >= SATURATED || b >= SATURATED || a > SATURATED / b ? SATURATED : a * b;
}

static size_t
max (size_t a, size_t b)
{
  return a > b ? a : b;
}

static void
note_run (struct scan *s, size_t run)
{
  if (run > NSBOX_REGEX_MAX_EMPTY_RUN)
    s->empty_run = true;
}

static struct cost alternation (struct scan *s);

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

static struct cost
atom (struct scan *s)
{
  struct cost c = { .nodes = 1 };

  switch (*s->p)
    {
    case '(':
      s->p++;
      /* Deep nesting is itself a cost (and keeps this recursion bounded). */
      if (++s->depth > 200)
        return (struct cost){ .nodes = SATURATED };
      c = alternation (s);
      c.nodes = add (c.nodes, 1);
      s->depth--;
      if (*s->p == ')')
        s->p++;
      return c;
    case '[':
      skip_bracket (s);
      return c;
    case '\\':
      s->p++;
      if (*s->p >= '1' && *s->p <= '9')
        s->backref = true;
      if (*s->p)
        s->p++;
      return c;
    case '^':
    case '$':
      s->p++;
      return (struct cost){ .nodes = 1, .nullable = true, .head = 1, .tail = 1 };
    default:
      s->p++;
      return c;
    }
}

/* Whether `{` at p opens an interval: glibc reads `{,m}` as `{0,m}` and `{,}` as `*`. */
static bool
is_interval (const char *p)
{
  return p[0] == '{' && ((p[1] >= '0' && p[1] <= '9') || p[1] == ',');
}

/* A count of an interval, at most SATURATED: glibc refuses more than RE_DUP_MAX (32767) anyway,
 * but only once it has copied what comes before. */
static size_t
count (const char *p, char **end)
{
  unsigned long n = strtoul (p, end, 10);

  return n >= SATURATED ? SATURATED : (size_t) n;
}

/* {n}, {n,}, {n,m}, {,m} or {,}: the least and the most repetitions, *unbounded for no most. */
static void
interval_bounds (struct scan *s, size_t *least, size_t *most, bool *unbounded)
{
  char *end = (char *) s->p + 1;

  *least = *end == ',' ? 0 : count (end, &end);
  *most = *least;
  *unbounded = *end == ',' && end[1] == '}';
  if (*end == ',' && !*unbounded)
    *most = count (end + 1, &end);
  while (*end && *end != '}')
    end++;
  s->p = *end ? end + 1 : end;
}

/* The piece repeated: COPIES copies of it in a row (regcomp makes one per repetition), each
 * one's end meeting the next one's start. */
static void
repeat (struct scan *s, struct cost *c, size_t copies)
{
  if (copies > 1)
    note_run (s, add (c->tail, c->head));
  c->nodes = mul (c->nodes, copies);
}

/* What can now match nothing: the whole piece is one stretch. */
static void
make_nullable (struct cost *c)
{
  c->nullable = true;
  c->head = c->tail = c->nodes;
}

/* An atom and the repetition operators after it.  A loop over what can
 * match the empty string (`x*+`, `(a|b*)*`, `(x?){2,9}`) is refused: glibc's
 * regcomp() spends about the cube of its nodes on the empty transitions
 * (2 s for `a[[:space:]]*` and eleven `+`, found by fuzz-policy), and POSIX
 * leaves adjacent repetition operators undefined anyway. */
static struct cost
piece (struct scan *s)
{
  struct cost c = atom (s);

  for (;;)
    {
      if (*s->p == '?' || *s->p == '*')
        {
          s->empty_loop |= *s->p == '*' && c.nullable;
          s->p++;
          make_nullable (&c);
        }
      else if (*s->p == '+')
        {
          s->empty_loop |= c.nullable;
          s->p++;
          repeat (s, &c, 2);
        }
      else if (is_interval (s->p))
        {
          size_t least, most;
          bool unbounded;

          interval_bounds (s, &least, &most, &unbounded);
          s->empty_loop |= c.nullable && (unbounded || most > 1);
          /* One copy per repetition, and a starred one for no bound. */
          repeat (s, &c, unbounded ? add (least, 2) : add (max (least, most), 1));
          if (least == 0)
            make_nullable (&c);
        }
      else
        {
          c.nodes = add (c.nodes, 1);
          if (c.nullable)
            make_nullable (&c);
          return c;
        }
    }
}

/* One branch: pieces in a row.  A stretch of pieces that can match nothing, however they nest,
 * costs regcomp about the square of its nodes in empty transitions (the cube for anchors:
 * 300 MB for six hundred `^`, found by fuzz-regex): no stretch may pass
 * NSBOX_REGEX_MAX_EMPTY_RUN. */
static struct cost
branch (struct scan *s)
{
  struct cost b = { .nullable = true };
  size_t run = 0;

  while (*s->p && *s->p != ')' && *s->p != '|' && b.nodes < SATURATED)
    {
      struct cost c = piece (s);

      b.nodes = add (b.nodes, c.nodes);
      if (c.nullable)
        run = add (run, c.nodes);
      else
        {
          note_run (s, add (run, c.head));
          if (b.nullable)
            b.head = add (run, c.head);
          run = c.tail;
        }
      b.nullable &= c.nullable;
      note_run (s, run);
    }
  b.tail = run;
  if (b.nullable)
    b.head = b.tail = b.nodes;
  return b;
}

/* Branches separated by `|` up to a `)`: nullable if one of them is (an empty branch is); a
 * stretch at its start or end is the longest of its branches'. */
static struct cost
alternation (struct scan *s)
{
  struct cost a = branch (s);

  while (*s->p == '|' && a.nodes < SATURATED)
    {
      struct cost b;

      s->p++;
      b = branch (s);
      a.nodes = add (a.nodes, b.nodes);
      a.nullable |= b.nullable;
      a.head = max (a.head, b.head);
      a.tail = max (a.tail, b.tail);
    }
  if (a.nullable)
    a.head = a.tail = a.nodes;
  note_run (s, a.head);
  return a;
}

size_t
nsbox_regex_cost (const char *pattern)
{
  struct scan s = { .p = pattern };
  size_t cost = 0;

  /* A `)` without its `(` is an ordinary character to regcomp: keep going past it. */
  while (*s.p && cost < SATURATED)
    {
      cost = add (cost, alternation (&s).nodes);
      if (*s.p == ')')
        s.p++;
    }
  if (s.backref)
    return 0;
  return s.empty_loop || s.empty_run ? SATURATED : cost;
}
