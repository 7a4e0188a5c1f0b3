/* Go: import declarations (single, grouped, named, dot and blank), package
 * selectors resolved to their import path (`x.Remove` is os.Remove when x
 * is os), and the compiler directives that reach past the language
 * (//go:linkname, //go:cgo_*, //go:embed). */
#define _GNU_SOURCE
#include "lang/code-analyze.h"

#include <string.h>

static const char *const separators[] = { ".", NULL };

static const struct nsbox_code_chain_rules chain_rules = { .separators = separators, .joiner = "." };

/* The name a package is known by without an alias: its path's last element
 * ("math/rand" is rand; "gopkg.in/yaml.v3" is yaml). */
static void
default_name (const char *path, size_t len, const char **name, size_t *name_len)
{
  const char *slash = memrchr (path, '/', len), *dot;

  *name = slash ? slash + 1 : path;
  *name_len = len - (size_t) (*name - path);
  if ((dot = memchr (*name, '.', *name_len)) != NULL)
    *name_len = (size_t) (dot - *name);
}

/* One import spec: [name] "path". */
static uint32_t
import_spec (struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  uint32_t name = UINT32_MAX;
  const char *path, *bound;
  size_t len, bound_len;

  if (x->tok[i].kind == NSBOX_TOK_IDENT || nsbox_code_is_punct (x, i, ".") || nsbox_code_is_punct (x, i, "_"))
    name = i++;
  if (!nsbox_code_is_literal (a, i))
    return i + 1;
  path = nsbox_code_text (a, i, &len);
  nsbox_code_fact (a, NSBOX_FACT_IMPORT, path, len, x->tok[i].line);
  if (name != UINT32_MAX && nsbox_code_is_punct (x, name, "."))
    nsbox_code_star (a, path, len);
  else if (name != UINT32_MAX)
    {
      bound = nsbox_code_text (a, name, &bound_len);
      nsbox_code_alias (a, bound, bound_len, path, len, true);
    }
  else
    {
      default_name (path, len, &bound, &bound_len);
      nsbox_code_alias (a, bound, bound_len, path, len, true);
    }
  return i + 1;
}

static uint32_t
import_declaration (struct nsbox_code_analysis *a, uint32_t i)
{
  const struct nsbox_code_lexed *x = a->x;
  uint32_t close;

  if (!nsbox_code_is_punct (x, i + 1, "(") || x->tok[i + 1].match <= (int32_t) i + 1)
    return import_spec (a, i + 1);
  close = (uint32_t) x->tok[i + 1].match;
  for (uint32_t j = i + 2; j < close;)
    {
      if (nsbox_code_is_punct (x, j, ";"))
        j++;
      else
        j = import_spec (a, j);
    }
  return close + 1;
}

static void
directive (struct nsbox_code_analysis *a, uint32_t i)
{
  size_t len;
  const char *name = nsbox_code_text (a, i, &len);
  const char *what = NULL;

  if (len == 8 && memcmp (name, "linkname", 8) == 0)
    what = "linkname";
  else if (len > 4 && memcmp (name, "cgo_", 4) == 0)
    what = "cgo-directive";
  else if (len == 5 && memcmp (name, "embed", 5) == 0)
    what = "embed";
  if (what)
    nsbox_code_fact (a, NSBOX_FACT_DYNAMIC, what, strlen (what), a->x->tok[i].line);
}

static void
name_chain (struct nsbox_code_analysis *a, uint32_t i)
{
  struct nsbox_code_chain c;

  nsbox_code_chain_read (a, &chain_rules, i, &c);
  nsbox_code_chain_use (a, &c);
  /* A dot import puts the package's exported names in scope unqualified. */
  if (c.name.text[0] >= 'A' && c.name.text[0] <= 'Z')
    nsbox_code_chain_stars (a, &c, ".");
}

void
nsbox_code_analyze_go (struct nsbox_code_analysis *a)
{
  const struct nsbox_code_lexed *x = a->x;

  for (uint32_t i = 0; i < x->n; i++)
    if (x->tok[i].kind == NSBOX_TOK_DIRECTIVE)
      directive (a, i);
    else if (nsbox_code_is_ident (x, i, "import"))
      i = import_declaration (a, i) - 1;
    else if (x->tok[i].kind == NSBOX_TOK_IDENT && !nsbox_code_after_member (a, i, separators))
      name_chain (a, i);
}
