/* JavaScript and TypeScript: import declarations, require() and import()
 * with their bindings (destructuring included), names resolved through them
 * with the global object's names as plain names, and the forms that reach a
 * name without spelling it (a computed require or import, a computed member
 * of the global object or of a module, the Function constructor reached
 * through `.constructor`, code in a string given to setTimeout). */
#define _GNU_SOURCE
#include "lang/code-analyze.h"

#include <string.h>

static const char *const separators[] = { ".", "?.", NULL };

static bool
global_object (const char *name, size_t len)
{
  static const char *const names[] = { "globalThis", "global", "window", "self", NULL };

  for (size_t i = 0; names[i]; i++)
    if (len == strlen (names[i]) && memcmp (name, names[i], len) == 0)
      return true;
  return false;
}

static void
resolve_head (const struct nsbox_code_analysis *a, const char *head, size_t len, struct nsbox_code_chain *c)
{
  nsbox_code_resolve_alias (a, head, len, c);
  if (global_object (c->name.text, c->name.len))
    {
      c->name.len = 0;
      c->name.text[0] = '\0';
      c->module = true; /* every global is a member of it */
    }
}

static void
dynamic (struct nsbox_code_analysis *a, const char *what, uint32_t token)
{
  nsbox_code_fact (a, NSBOX_FACT_DYNAMIC, what, strlen (what), a->x->tok[token].line);
}

/* "node:fs" is "fs". */
static void
module_name (const char *value, size_t len, struct nsbox_code_name *out)
{
  if (len > 5 && memcmp (value, "node:", 5) == 0)
    value += 5, len -= 5;
  nsbox_code_name_set (out, value, len);
}

static bool
called_name_is (const struct nsbox_code_chain *c, const char *name)
{
  size_t n = strlen (name);

  return c->name.len == n + 2 && memcmp (c->name.text, name, n) == 0;
}

/* require("m") is the module m; a computed require is what it is. */
static void
on_call (struct nsbox_code_analysis *a, struct nsbox_code_chain *c, uint32_t open)
{
  const char *value;
  size_t len;

  if (called_name_is (c, "require") || called_name_is (c, "module.require")
      || called_name_is (c, "process.mainModule.require") || called_name_is (c, "import"))
    {
      if (!nsbox_code_literal_argument (a, open, &value, &len))
        {
          dynamic (a, "computed-import", open);
          return;
        }
      module_name (value, len, &c->name);
      nsbox_code_fact (a, NSBOX_FACT_IMPORT, c->name.text, c->name.len, a->x->tok[open].line);
      c->module = true;
    }
  else if ((called_name_is (c, "setTimeout") || called_name_is (c, "setInterval") || called_name_is (c, "setImmediate"))
           && a->x->tok[open + 1].kind == NSBOX_TOK_STRING)
    dynamic (a, "string-code", open);
}

static const struct nsbox_code_chain_rules chain_rules = {
  .separators = separators, .joiner = ".", .literal_subscripts = true, .resolve_head = resolve_head, .on_call = on_call,
};

/* The string that ends an import or export declaration: `from "m"` or `import "m"`. */
static uint32_t
declaration_source (const struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;

  for (; i < x->n && !nsbox_code_is_punct (x, i, ";"); i++)
    if (x->tok[i].kind == NSBOX_TOK_STRING)
      return i;
    else if (nsbox_code_is_punct (x, i, "{") && x->tok[i].match > (int32_t) i)
      i = (uint32_t) x->tok[i].match;
  return UINT32_MAX;
}

static void
bind (struct nsbox_code_analysis *a, uint32_t name_token, const struct nsbox_code_name *module, const char *member,
      size_t member_len)
{
  struct nsbox_code_name target = *module;
  size_t len;
  const char *name = nsbox_code_text (a, name_token, &len);

  if (member)
    {
      nsbox_code_name_add (&target, ".", 1);
      nsbox_code_name_add (&target, member, member_len);
      nsbox_code_fact (a, NSBOX_FACT_USE, target.text, target.len, a->x->tok[name_token].line);
    }
  nsbox_code_alias (a, name, len, target.text, target.len, member == NULL);
}

/* `{ a, b as c, type d }` (import) or `{ a, b: c }` (destructuring): each
 * bound name is the module's member. */
static void
bind_members (struct nsbox_code_analysis *a, uint32_t open, const struct nsbox_code_name *module, const char *rename)
{
  const struct nsbox_code_lexed *x = a->x;
  uint32_t close = (uint32_t) x->tok[open].match;

  for (uint32_t i = open + 1; i < close; i++)
    {
      size_t len;
      const char *member;

      if (x->tok[i].kind != NSBOX_TOK_IDENT || nsbox_code_is_ident (x, i, "type"))
        continue;
      member = nsbox_code_text (a, i, &len);
      if ((nsbox_code_is_ident (x, i + 1, rename) || nsbox_code_is_punct (x, i + 1, rename)) && i + 2 < close
          && x->tok[i + 2].kind == NSBOX_TOK_IDENT)
        i += 2;
      bind (a, i, module, member, len);
      while (i + 1 < close && !nsbox_code_is_punct (x, i + 1, ","))
        i++; /* a default value or a nested pattern */
    }
}

/* import d, * as ns, { a as b } from "m";  import "m";  export ... from "m";
 * import x = require("m") (TypeScript). */
static uint32_t
import_declaration (struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  uint32_t source = declaration_source (a, i + 1), j;
  struct nsbox_code_name module;
  size_t len;
  const char *value;

  if (source == UINT32_MAX)
    return i + 1;
  if (nsbox_code_is_punct (x, source - 1, "(") && !nsbox_code_is_ident (x, source - 2, "require"))
    return i + 1;
  value = nsbox_code_text (a, source, &len);
  if (!x->tok[source].literal)
    {
      dynamic (a, "computed-import", source);
      return source + 1;
    }
  module_name (value, len, &module);
  nsbox_code_fact (a, NSBOX_FACT_IMPORT, module.text, module.len, x->tok[i].line);
  if (nsbox_code_is_ident (x, i, "export"))
    return source + 1;
  for (j = i + 1; j < source; j++)
    {
      if (nsbox_code_is_punct (x, j, "{") && x->tok[j].match > (int32_t) j)
        {
          bind_members (a, j, &module, "as");
          j = (uint32_t) x->tok[j].match;
        }
      else if (nsbox_code_is_ident (x, j, "as") && x->tok[j + 1].kind == NSBOX_TOK_IDENT)
        bind (a, ++j, &module, NULL, 0);
      else if (x->tok[j].kind == NSBOX_TOK_IDENT && !nsbox_code_is_ident (x, j, "from")
               && !nsbox_code_is_ident (x, j, "type") && !nsbox_code_is_ident (x, j, "require")
               && !nsbox_code_is_punct (x, j - 1, "*"))
        bind (a, j, &module, NULL, 0);
    }
  return source + 1;
}

/* const x = CHAIN;  const { a, b: c } = CHAIN;  x = CHAIN; */
static void
declaration_alias (struct nsbox_code_analysis *a, uint32_t i, const struct nsbox_code_chain *rhs)
{
  const struct nsbox_code_lexed *x = a->x;
  uint32_t lhs;

  if (i < 2 || !nsbox_code_is_punct (x, i - 1, "="))
    return;
  lhs = i - 2;
  if (nsbox_code_is_punct (x, lhs, "}") && x->tok[lhs].match >= 0)
    bind_members (a, (uint32_t) x->tok[lhs].match, &rhs->name, ":");
  else if (x->tok[lhs].kind == NSBOX_TOK_IDENT && !nsbox_code_after_member (a, lhs, separators))
    {
      size_t len;
      const char *name = nsbox_code_text (a, lhs, &len);

      nsbox_code_alias (a, name, len, rhs->name.text, rhs->name.len, rhs->module);
    }
}

/* A parenthesised function expression ends at token `close`: (() => 0),
 * (function () {}), (async () => 0). */
static bool
function_expression (const struct nsbox_code_analysis *a, uint32_t close)
{
  const struct nsbox_code_lexed *x = a->x;
  int32_t open;

  if (!nsbox_code_is_punct (x, close, ")") || (open = x->tok[close].match) < 0)
    return false;
  return nsbox_code_is_punct (x, (uint32_t) open + 1, "(") || nsbox_code_is_ident (x, (uint32_t) open + 1, "function")
         || nsbox_code_is_ident (x, (uint32_t) open + 1, "async");
}

/* The Function constructor without its name: x.constructor("code"),
 * x.constructor.constructor, and a function expression's constructor. */
static bool
function_constructor (const struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;

  if (!nsbox_code_is_ident (x, i, "constructor") || !nsbox_code_after_member (a, i, separators))
    return false;
  return nsbox_code_is_punct (x, i + 1, "(")
         || (nsbox_code_is_punct (x, i + 1, ".") && nsbox_code_is_ident (x, i + 2, "constructor"))
         || (i >= 2 && function_expression (a, i - 2));
}

/* (globalThis as any)[key], (window)[key]: the global object, cast or
 * parenthesised, indexed; `close` is the `)` before the `[`. */
static void
cast_global_subscript (struct nsbox_code_analysis *a, uint32_t close)
{
  const struct nsbox_code_lexed *x = a->x;
  int32_t open = x->tok[close].match;
  size_t len;
  const char *name;

  if (open < 0 || x->tok[open + 1].kind != NSBOX_TOK_IDENT)
    return;
  name = nsbox_code_text (a, (uint32_t) open + 1, &len);
  if (!global_object (name, len)
      || !(nsbox_code_is_ident (x, (uint32_t) open + 2, "as") || (uint32_t) open + 2 == close))
    return;
  if (nsbox_code_is_literal (a, close + 2) && x->tok[close + 1].match == (int32_t) close + 3)
    {
      name = nsbox_code_text (a, close + 2, &len);
      nsbox_code_fact (a, NSBOX_FACT_USE, name, len, x->tok[close].line);
    }
  else
    dynamic (a, "computed-attribute", close + 1);
}

static bool
modifier (const struct nsbox_code_analysis *a, uint32_t i)
{
  static const char *const words[] = { "public", "private", "protected", "static", "async", "get", "set",
                                       "readonly", "override", "abstract", "declare", NULL };

  return nsbox_code_is_ident_in (a->x, i, words);
}

/* An object's key (`{ eval: 1 }`) or a method's definition (`eval() {}`)
 * names no global. */
static bool
not_a_use (const struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  int32_t close;

  if (nsbox_code_is_ident (x, i - 1, "function"))
    return true;
  if (nsbox_code_is_punct (x, i + 1, ":") && (nsbox_code_is_punct (x, i - 1, "{") || nsbox_code_is_punct (x, i - 1, ",")))
    return true;
  if (!nsbox_code_is_punct (x, i + 1, "(") || (close = x->tok[i + 1].match) <= (int32_t) i + 1)
    return false;
  if (nsbox_code_is_punct (x, (uint32_t) close + 1, "{"))
    return true;
  /* TypeScript's `eval(): this {`: a return type after a method's
   * parameters, where a call would be followed by `:` only in `a ? f() : b`
   * or `case f():`. */
  return nsbox_code_is_punct (x, (uint32_t) close + 1, ":")
         && (i == 0 || nsbox_code_is_punct (x, i - 1, "{") || nsbox_code_is_punct (x, i - 1, "}")
             || nsbox_code_is_punct (x, i - 1, ";") || modifier (a, i - 1));
}

static void
name_chain (struct nsbox_code_analysis *a, uint32_t i)
{
  struct nsbox_code_chain c;

  nsbox_code_chain_read (a, &chain_rules, i, &c);
  if (c.computed && (c.module || c.name.len == 0 || strcmp (c.name.text, "process") == 0
                     || strcmp (c.name.text, "require") == 0 || strcmp (c.name.text, "module") == 0))
    dynamic (a, "computed-attribute", c.end);
  nsbox_code_chain_use (a, &c);
  declaration_alias (a, i, &c);
}

void
nsbox_code_analyze_js (struct nsbox_code_analysis *a)
{
  const struct nsbox_code_lexed *x = a->x;

  for (uint32_t i = 0; i < x->n; i++)
    {
      if (nsbox_code_is_punct (x, i, "[") && i > 0 && nsbox_code_is_punct (x, i - 1, ")"))
        cast_global_subscript (a, i - 1);
      if (nsbox_code_is_punct (x, i, "[") && nsbox_code_is_literal (a, i + 1) && x->tok[i].match == (int32_t) i + 2)
        {
          size_t len;
          const char *key = nsbox_code_text (a, i + 1, &len);

          if (len == 11 && memcmp (key, "constructor", 11) == 0)
            dynamic (a, "function-constructor", i);
        }
      if (x->tok[i].kind != NSBOX_TOK_IDENT || nsbox_code_after_member (a, i, separators))
        {
          if (function_constructor (a, i))
            dynamic (a, "function-constructor", i);
          continue;
        }
      if ((nsbox_code_is_ident (x, i, "import") && !nsbox_code_is_punct (x, i + 1, "(")
           && !nsbox_code_is_punct (x, i + 1, "."))
          || (nsbox_code_is_ident (x, i, "export") && declaration_source (a, i + 1) != UINT32_MAX
              && nsbox_code_is_ident (x, declaration_source (a, i + 1) - 1, "from")))
        i = import_declaration (a, i) - 1;
      else if (!not_a_use (a, i))
        name_chain (a, i);
    }
}
