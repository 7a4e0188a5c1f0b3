/* Python: import statements and their aliases, names resolved through them,
 * and the forms that reach a name without spelling it (getattr with a
 * computed name, subscripts of globals() or builtins, __import__ and
 * importlib with a computed module, the introspection attributes that lead
 * from any object back to the builtins). */
#define _GNU_SOURCE
#include "lang/code-analyze.h"

#include <string.h>

static const char *const separators[] = { ".", NULL };

/* Names that hold every global or builtin: their members are the names. */
static bool
namespace_head (const char *name, size_t len)
{
  static const char *const heads[] = { "builtins", "__builtins__", "globals()", "locals()", "vars()", NULL };

  for (size_t i = 0; heads[i]; i++)
    if (len == strlen (heads[i]) && memcmp (name, heads[i], len) == 0)
      return true;
  return false;
}

static void
resolve_head (const struct nsbox_code_analysis *a, const char *head, size_t len, struct nsbox_code_chain *c)
{
  nsbox_code_resolve_alias (a, head, len, c);
  if (c->name.len == 12 && memcmp (c->name.text, "__builtins__", 12) == 0)
    nsbox_code_name_set (&c->name, "builtins", 8);
}

/* The name with `()` of its last call removed: "getattr()" -> "getattr". */
static bool
called_name_is (const struct nsbox_code_chain *c, const char *name)
{
  size_t n = strlen (name);

  return c->name.len == n + 2 && memcmp (c->name.text, name, n) == 0;
}

static void
dynamic (struct nsbox_code_analysis *a, const char *what, uint32_t token)
{
  nsbox_code_fact (a, NSBOX_FACT_DYNAMIC, what, strlen (what), a->x->tok[token].line);
}

static void attribute_call (struct nsbox_code_analysis *a, uint32_t open);

static const struct nsbox_code_chain_rules chain_rules;

static void
import_call (struct nsbox_code_analysis *a, struct nsbox_code_chain *c, uint32_t open)
{
  const char *value;
  size_t len;

  if (nsbox_code_literal_argument (a, open, &value, &len))
    {
      nsbox_code_fact (a, NSBOX_FACT_IMPORT, value, len, a->x->tok[open].line);
      nsbox_code_name_set (&c->name, value, len);
      c->module = true;
    }
  else
    dynamic (a, "computed-import", open);
}

static void strip_namespace (struct nsbox_code_name *n);

static void
on_call (struct nsbox_code_analysis *a, struct nsbox_code_chain *c, uint32_t open)
{
  struct nsbox_code_chain plain = *c;

  strip_namespace (&plain.name); /* globals()["__import__"]("os") */
  if (called_name_is (&plain, "__import__") || called_name_is (&plain, "importlib.import_module")
      || called_name_is (&plain, "importlib.__import__"))
    {
      /* The call is a use in its own right before it stands for the module. */
      nsbox_code_fact (a, NSBOX_FACT_USE, plain.name.text, plain.name.len, a->x->tok[open].line);
      import_call (a, c, open);
    }
  else if (called_name_is (&plain, "getattr") || called_name_is (&plain, "setattr") || called_name_is (&plain, "delattr")
           || called_name_is (&plain, "hasattr"))
    attribute_call (a, open);
}

static const struct nsbox_code_chain_rules chain_rules = {
  .separators = separators, .joiner = ".", .literal_subscripts = true, .resolve_head = resolve_head, .on_call = on_call,
};

/* getattr(obj, name): a literal name is a use of obj.name; a computed one on
 * a module or on the builtins is what it is. */
static void
attribute_call (struct nsbox_code_analysis *a, uint32_t open)
{
  const struct nsbox_code_lexed *x = a->x;
  struct nsbox_code_chain object;
  uint32_t comma;
  const char *value;
  size_t len;

  if (x->tok[open + 1].kind != NSBOX_TOK_IDENT)
    return;
  nsbox_code_chain_read (a, &chain_rules, open + 1, &object);
  comma = object.end;
  if (!nsbox_code_is_punct (x, comma, ","))
    return;
  if (nsbox_code_literal_argument (a, comma, &value, &len))
    {
      struct nsbox_code_chain member = object;

      if (namespace_head (member.name.text, member.name.len))
        member.name.len = 0;
      if (member.name.len)
        nsbox_code_name_add (&member.name, ".", 1);
      nsbox_code_name_add (&member.name, value, len);
      nsbox_code_chain_use (a, &member);
    }
  else if (object.module || namespace_head (object.name.text, object.name.len))
    dynamic (a, "computed-attribute", open);
}

/* `import a.b as c, d`: each module is imported; `as` binds its name to the
 * module, and without it the first component is bound. */
static uint32_t
import_statement (struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  struct nsbox_code_name module;

  for (i++; i < x->n && x->tok[i].kind == NSBOX_TOK_IDENT;)
    {
      size_t len, first;
      const char *text = nsbox_code_text (a, i, &len);

      nsbox_code_name_set (&module, text, len);
      first = len;
      for (i++; nsbox_code_is_punct (x, i, ".") && i + 1 < x->n && x->tok[i + 1].kind == NSBOX_TOK_IDENT; i += 2)
        {
          text = nsbox_code_text (a, i + 1, &len);
          nsbox_code_name_add (&module, ".", 1);
          nsbox_code_name_add (&module, text, len);
        }
      nsbox_code_fact (a, NSBOX_FACT_IMPORT, module.text, module.len, x->tok[i - 1].line);
      if (nsbox_code_is_ident (x, i, "as") && i + 1 < x->n && x->tok[i + 1].kind == NSBOX_TOK_IDENT)
        {
          text = nsbox_code_text (a, i + 1, &len);
          nsbox_code_alias (a, text, len, module.text, module.len, true);
          i += 2;
        }
      else
        nsbox_code_alias (a, module.text, first, module.text, first, true);
      if (!nsbox_code_is_punct (x, i, ","))
        break;
      i++;
    }
  return i;
}

/* `from a.b import c as d, (e, f)` and `from a import *`. */
static uint32_t
from_statement (struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  struct nsbox_code_name module = { .len = 0 }, member;
  uint32_t line = x->tok[i].line;
  size_t len;
  const char *text;

  for (i++; i < x->n && (x->tok[i].kind == NSBOX_TOK_IDENT || nsbox_code_is_punct (x, i, ".")
                         || nsbox_code_is_punct (x, i, "..."))
            && !nsbox_code_is_ident (x, i, "import");
       i++)
    {
      text = nsbox_code_text (a, i, &len);
      nsbox_code_name_add (&module, text, len);
    }
  if (!nsbox_code_is_ident (x, i, "import"))
    return i; /* `yield from`, `raise ... from` */
  nsbox_code_fact (a, NSBOX_FACT_IMPORT, module.text, module.len, line);
  for (i++; i < x->n && x->tok[i].kind != NSBOX_TOK_NEWLINE && !nsbox_code_is_punct (x, i, ";"); i++)
    {
      if (nsbox_code_is_punct (x, i, "*"))
        nsbox_code_star (a, module.text, module.len);
      if (x->tok[i].kind != NSBOX_TOK_IDENT)
        continue;
      text = nsbox_code_text (a, i, &len);
      member = module;
      nsbox_code_name_add (&member, ".", 1);
      nsbox_code_name_add (&member, text, len);
      /* A member may be a submodule: it is imported as much as used. */
      nsbox_code_fact (a, NSBOX_FACT_IMPORT, member.text, member.len, x->tok[i].line);
      nsbox_code_fact (a, NSBOX_FACT_USE, member.text, member.len, x->tok[i].line);
      if (nsbox_code_is_ident (x, i + 1, "as") && i + 2 < x->n && x->tok[i + 2].kind == NSBOX_TOK_IDENT)
        {
          i += 2;
          text = nsbox_code_text (a, i, &len);
        }
      nsbox_code_alias (a, text, len, member.text, member.len, true);
    }
  return i;
}

/* The attributes that walk from any object to the interpreter's internals. */
static bool
escape_attribute (const struct nsbox_code_analysis *a, uint32_t i)
{
  static const char *const names[] = { "__subclasses__", "__globals__", "__builtins__", "__code__", "__closure__",
                                       "__import__",     "__loader__",  "__spec__",     NULL };

  return nsbox_code_is_punct (a->x, i - 1, ".") && nsbox_code_is_ident_in (a->x, i, names);
}

/* `name = a.b.c` on a line of its own binds the name to what a.b.c is. */
static void
assignment_alias (struct nsbox_code_analysis *a, uint32_t i, const struct nsbox_code_chain *rhs)
{
  const struct nsbox_code_lexed *x = a->x;
  size_t len;
  const char *text;

  if (i < 2 || !nsbox_code_is_punct (x, i - 1, "=") || x->tok[i - 2].kind != NSBOX_TOK_IDENT
      || (i >= 3 && x->tok[i - 3].kind != NSBOX_TOK_NEWLINE && !nsbox_code_is_punct (x, i - 3, ";")))
    return;
  if (rhs->end < x->n && x->tok[rhs->end].kind != NSBOX_TOK_NEWLINE && !nsbox_code_is_punct (x, rhs->end, ";"))
    return;
  text = nsbox_code_text (a, i - 2, &len);
  nsbox_code_alias (a, text, len, rhs->name.text, rhs->name.len, rhs->module);
}

static bool
keyword (const struct nsbox_code_analysis *a, uint32_t i)
{
  static const char *const keywords[] = { "False", "None",   "True",    "and",      "as",     "assert", "async",
                                          "await", "break",  "class",   "continue", "def",    "del",    "elif",
                                          "else",  "except", "finally", "for",      "global", "if",     "in",
                                          "is",    "lambda", "nonlocal", "not",     "or",     "pass",   "raise",
                                          "return", "try",   "while",   "with",     "yield",  NULL };

  return nsbox_code_is_ident_in (a->x, i, keywords);
}

/* A keyword, or a name that is defined or passed by keyword here, not used. */
static bool
not_a_use (const struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;

  if (keyword (a, i))
    return true;
  if (nsbox_code_is_ident (x, i - 1, "def") || nsbox_code_is_ident (x, i - 1, "class"))
    return true;
  return nsbox_code_is_punct (x, i + 1, "=")
         && (nsbox_code_is_punct (x, i - 1, "(") || nsbox_code_is_punct (x, i - 1, ","));
}

static bool
strip_prefix (struct nsbox_code_name *n, const char *prefix)
{
  size_t len = strlen (prefix);

  if (n->len <= len || memcmp (n->text, prefix, len) != 0)
    return false;
  memmove (n->text, n->text + len, (n->len -= len) + 1);
  return true;
}

/* builtins.eval, globals()["eval"] and __builtins__.__dict__["eval"] are eval. */
static void
strip_namespace (struct nsbox_code_name *n)
{
  if (strip_prefix (n, "builtins.") || strip_prefix (n, "globals().") || strip_prefix (n, "locals().")
      || strip_prefix (n, "vars()."))
    strip_prefix (n, "__dict__.");
}

static void
name_chain (struct nsbox_code_analysis *a, uint32_t i)
{
  struct nsbox_code_chain c;

  nsbox_code_chain_read (a, &chain_rules, i, &c);
  /* A computed key into a namespace or a module's __dict__ can be any name. */
  if (c.computed
      && ((namespace_head (c.name.text, c.name.len) && c.name.len != 0)
          || (c.name.len == 11 && memcmp (c.name.text, "sys.modules", 11) == 0)
          || ((c.module || strncmp (c.name.text, "builtins.", 9) == 0) && c.name.len > 9
              && memcmp (c.name.text + c.name.len - 9, ".__dict__", 9) == 0)))
    dynamic (a, "computed-name", c.end);
  strip_namespace (&c.name);
  nsbox_code_chain_use (a, &c);
  nsbox_code_chain_stars (a, &c, ".");
  assignment_alias (a, i, &c);
}

void
nsbox_code_analyze_python (struct nsbox_code_analysis *a)
{
  const struct nsbox_code_lexed *x = a->x;

  for (uint32_t i = 0; i < x->n; i++)
    {
      if (x->tok[i].kind != NSBOX_TOK_IDENT)
        continue;
      if (nsbox_code_is_ident (x, i, "import") && !nsbox_code_after_member (a, i, separators))
        i = import_statement (a, i) - 1;
      else if (nsbox_code_is_ident (x, i, "from") && !nsbox_code_after_member (a, i, separators))
        i = from_statement (a, i) - 1;
      else if (escape_attribute (a, i))
        dynamic (a, "introspection", i);
      else if (!nsbox_code_after_member (a, i, separators) && !not_a_use (a, i))
        name_chain (a, i);
    }
}
