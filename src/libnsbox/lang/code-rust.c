/* Rust: `use` trees with groups, `self` and renames, `extern crate ... as`,
 * paths resolved through what they bind (`use std as s; s::process` is
 * std::process), macros as `name!`, and what leaves safe Rust (`unsafe`,
 * foreign `extern` blocks and functions). */
#define _GNU_SOURCE
#include "lang/code-analyze.h"

#include <string.h>

static const char *const separators[] = { "::", ".", NULL };

static const struct nsbox_code_chain_rules chain_rules = { .separators = separators, .joiner = "::" };

static void
dynamic (struct nsbox_code_analysis *a, const char *what, uint32_t token)
{
  nsbox_code_fact (a, NSBOX_FACT_DYNAMIC, what, strlen (what), a->x->tok[token].line);
}

/* Bind the path's last element (or its rename) and import the path. */
static void
use_leaf (struct nsbox_code_analysis *a, const struct nsbox_code_name *path, uint32_t line, uint32_t rename)
{
  const char *leaf = path->text, *sep;
  size_t len = path->len;

  nsbox_code_fact (a, NSBOX_FACT_IMPORT, path->text, path->len, line);
  for (sep = path->text; (sep = strstr (sep, "::")) != NULL; sep += 2)
    leaf = sep + 2;
  len = path->len - (size_t) (leaf - path->text);
  if (rename != UINT32_MAX)
    leaf = nsbox_code_text (a, rename, &len);
  if (len != 1 || leaf[0] != '_')
    nsbox_code_alias (a, leaf, len, path->text, path->len, true);
}

/* One use tree from token i with the path so far as prefix; returns the
 * token after it. */
static uint32_t
use_tree (struct nsbox_code_analysis *a, uint32_t i, const struct nsbox_code_name *prefix, unsigned depth)
{
  const struct nsbox_code_lexed *x = a->x;
  struct nsbox_code_name path = *prefix;
  size_t len;
  const char *text;
  uint32_t start = i;

  if (nsbox_code_is_punct (x, i, "::"))
    i++;
  while (i < x->n && x->tok[i].kind == NSBOX_TOK_IDENT)
    {
      text = nsbox_code_text (a, i, &len);
      if (len == 4 && memcmp (text, "self", 4) == 0 && path.len)
        {
          i++;
          break;
        }
      if (path.len)
        nsbox_code_name_add (&path, "::", 2);
      nsbox_code_name_add (&path, text, len);
      if (!nsbox_code_is_punct (x, ++i, "::"))
        break;
      i++;
    }
  if (nsbox_code_is_punct (x, i, "{") && x->tok[i].match > (int32_t) i && depth < 16)
    {
      uint32_t close = (uint32_t) x->tok[i].match;

      for (uint32_t j = i + 1; j < close;)
        j = nsbox_code_is_punct (x, j, ",") ? j + 1 : use_tree (a, j, &path, depth + 1);
      return close + 1;
    }
  if (nsbox_code_is_punct (x, i, "*"))
    {
      nsbox_code_fact (a, NSBOX_FACT_IMPORT, path.text, path.len, x->tok[i].line);
      nsbox_code_star (a, path.text, path.len);
      return i + 1;
    }
  if (nsbox_code_is_ident (x, i, "as") && i + 1 < x->n && x->tok[i + 1].kind == NSBOX_TOK_IDENT)
    {
      use_leaf (a, &path, x->tok[i].line, i + 1);
      return i + 2;
    }
  use_leaf (a, &path, x->tok[i > start ? i - 1 : start].line, UINT32_MAX);
  return i > start ? i : i + 1;
}

static uint32_t
use_declaration (struct nsbox_code_analysis *a, uint32_t i)
{
  struct nsbox_code_name empty = { .len = 0 };
  uint32_t end = use_tree (a, i + 1, &empty, 0);

  return end > i + 1 ? end : i + 2;
}

/* extern crate std as s; */
static uint32_t
extern_crate (struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  struct nsbox_code_name path;
  size_t len;
  const char *text;

  if (x->tok[i + 2].kind != NSBOX_TOK_IDENT)
    return i + 2;
  text = nsbox_code_text (a, i + 2, &len);
  nsbox_code_name_set (&path, text, len);
  if (nsbox_code_is_ident (x, i + 3, "as") && x->tok[i + 4].kind == NSBOX_TOK_IDENT)
    {
      use_leaf (a, &path, x->tok[i].line, i + 4);
      return i + 5;
    }
  use_leaf (a, &path, x->tok[i].line, UINT32_MAX);
  return i + 3;
}

static void
name_chain (struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  struct nsbox_code_chain c;

  nsbox_code_chain_read (a, &chain_rules, i, &c);
  if (nsbox_code_is_punct (x, c.end, "!") && !c.called)
    nsbox_code_name_add (&c.name, "!", 1);
  nsbox_code_chain_use (a, &c);
  nsbox_code_chain_stars (a, &c, "::");
}

void
nsbox_code_analyze_rust (struct nsbox_code_analysis *a)
{
  const struct nsbox_code_lexed *x = a->x;

  for (uint32_t i = 0; i < x->n; i++)
    {
      /* ::std::process is std::process: a leading :: follows no name. */
      if (nsbox_code_is_punct (x, i, "::") && i + 1 < x->n && x->tok[i + 1].kind == NSBOX_TOK_IDENT
          && (i == 0 || (x->tok[i - 1].kind != NSBOX_TOK_IDENT && !nsbox_code_is_punct (x, i - 1, ">"))))
        name_chain (a, i + 1);
      if (x->tok[i].kind != NSBOX_TOK_IDENT)
        continue;
      if (nsbox_code_is_ident (x, i, "use") && !nsbox_code_after_member (a, i, separators))
        i = use_declaration (a, i) - 1;
      else if (nsbox_code_is_ident (x, i, "extern") && nsbox_code_is_ident (x, i + 1, "crate"))
        i = extern_crate (a, i) - 1;
      else if (nsbox_code_is_ident (x, i, "extern"))
        dynamic (a, "foreign-function", i);
      else if (nsbox_code_is_ident (x, i, "unsafe"))
        dynamic (a, "unsafe", i);
      else if (!nsbox_code_after_member (a, i, separators))
        name_chain (a, i);
    }
}
