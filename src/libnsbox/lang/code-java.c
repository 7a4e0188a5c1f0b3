/* Java: imports (single-type, on demand, static), names resolved to their
 * full class names (java.lang is imported by every file), member chains
 * through calls and method references (`Runtime.getRuntime()::exec` is
 * java.lang.Runtime.getRuntime().exec), a local declared with a class or
 * from a chain standing for it, and `native` methods. */
#define _GNU_SOURCE
#include "lang/code-analyze.h"

#include <string.h>

static const char *const separators[] = { ".", "::", NULL };

static bool
class_name (const char *name, size_t len)
{
  return len > 0 && name[0] >= 'A' && name[0] <= 'Z';
}

static void
resolve_head (const struct nsbox_code_analysis *a, const char *head, size_t len, struct nsbox_code_chain *c)
{
  nsbox_code_resolve_alias (a, head, len, c);
  if (nsbox_code_alias_find (a, head, len) == NULL && class_name (head, len))
    {
      nsbox_code_name_set (&c->name, "java.lang.", 10);
      nsbox_code_name_add (&c->name, head, len);
    }
}

static const struct nsbox_code_chain_rules chain_rules = {
  .separators = separators, .joiner = ".", .resolve_head = resolve_head,
};

/* import [static] a.b.C [.*]; */
static uint32_t
import_declaration (struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  struct nsbox_code_name name = { .len = 0 };
  uint32_t line = x->tok[i].line, leaf = UINT32_MAX;

  if (nsbox_code_is_ident (x, ++i, "static"))
    i++;
  for (; i < x->n && !nsbox_code_is_punct (x, i, ";"); i++)
    {
      size_t len;
      const char *text = nsbox_code_text (a, i, &len);

      if (nsbox_code_is_punct (x, i, "*"))
        {
          if (name.len && name.text[name.len - 1] == '.')
            name.text[--name.len] = '\0';
          nsbox_code_star (a, name.text, name.len);
          nsbox_code_fact (a, NSBOX_FACT_IMPORT, name.text, name.len, line);
          return i + 1;
        }
      if (x->tok[i].kind == NSBOX_TOK_IDENT)
        leaf = i;
      else if (!nsbox_code_is_punct (x, i, "."))
        break;
      nsbox_code_name_add (&name, text, len);
    }
  nsbox_code_fact (a, NSBOX_FACT_IMPORT, name.text, name.len, line);
  if (leaf != UINT32_MAX)
    {
      size_t len;
      const char *text = nsbox_code_text (a, leaf, &len);

      nsbox_code_alias (a, text, len, name.text, name.len, true);
    }
  return i + 1;
}

/* `Type name = ...` binds name to Type; `var name = chain` to the chain. */
static void
local_alias (struct nsbox_code_analysis *a, uint32_t i, const struct nsbox_code_chain *c)
{
  const struct nsbox_code_lexed *x = a->x;
  size_t len;
  const char *name;

  if (x->tok[c->end].kind == NSBOX_TOK_IDENT && nsbox_code_is_punct (x, c->end + 1, "=") && !c->called)
    {
      name = nsbox_code_text (a, c->end, &len);
      nsbox_code_alias (a, name, len, c->name.text, c->name.len, false);
    }
  else if (i >= 2 && nsbox_code_is_punct (x, i - 1, "=") && x->tok[i - 2].kind == NSBOX_TOK_IDENT)
    {
      name = nsbox_code_text (a, i - 2, &len);
      nsbox_code_alias (a, name, len, c->name.text, c->name.len, false);
    }
}

static void
name_chain (struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  struct nsbox_code_chain c;
  size_t len;
  const char *head = nsbox_code_text (a, i, &len);

  nsbox_code_chain_read (a, &chain_rules, i, &c);
  nsbox_code_chain_use (a, &c);
  for (uint32_t s = 0; s < a->n_stars && class_name (head, len) && nsbox_code_alias_find (a, head, len) == NULL; s++)
    {
      struct nsbox_code_name starred;
      const char *rest = c.name.text + 10; /* past the "java.lang." the head was given */

      nsbox_code_name_set (&starred, a->facts->names + a->star[s], a->star_len[s]);
      nsbox_code_name_add (&starred, ".", 1);
      nsbox_code_name_add (&starred, rest, c.name.len - 10);
      nsbox_code_fact (a, NSBOX_FACT_USE, starred.text, starred.len, x->tok[i].line);
    }
  local_alias (a, i, &c);
}

void
nsbox_code_analyze_java (struct nsbox_code_analysis *a)
{
  const struct nsbox_code_lexed *x = a->x;

  for (uint32_t i = 0; i < x->n; i++)
    {
      if (x->tok[i].kind != NSBOX_TOK_IDENT || nsbox_code_after_member (a, i, separators))
        continue;
      if (nsbox_code_is_ident (x, i, "import"))
        i = import_declaration (a, i) - 1;
      else if (nsbox_code_is_ident (x, i, "native"))
        nsbox_code_fact (a, NSBOX_FACT_DYNAMIC, "native-method", 13, x->tok[i].line);
      else if (!nsbox_code_is_ident (x, i, "package"))
        name_chain (a, i);
      else
        while (i + 1 < x->n && !nsbox_code_is_punct (x, i + 1, ";"))
          i++;
    }
}
