/* C and C++: included headers, every name outside comments and literals
 * (a function is reached by naming it, called or not: `f = system` is as
 * much a use as `system()`), qualified C++ names with `::`, and what hides a
 * name or leaves the language (token pasting in a macro, inline assembly). */
#define _GNU_SOURCE
#include "lang/code-analyze.h"

#include <stdio.h>
#include <string.h>

static const char *const separators[] = { "::", NULL };
static const char *const members[] = { ".", "->", NULL };

/* Names keep their std:: (std::remove is not C's remove); `using` is not
 * followed, so the rules list a name with and without it. */
static const struct nsbox_code_chain_rules chain_rules = { .separators = separators, .joiner = "::" };

static void
dynamic (struct nsbox_code_analysis *a, const char *what, uint32_t token)
{
  nsbox_code_fact (a, NSBOX_FACT_DYNAMIC, what, strlen (what), a->x->tok[token].line);
}

/* Inline assembly with instructions in it: an empty template
 * (`__asm__ volatile ("" ::: "memory")`) is a compiler barrier and runs
 * nothing. */
static bool
assembly (const struct nsbox_code_analysis *a, uint32_t i)
{
  static const char *const keywords[] = { "asm", "__asm__", "__asm", NULL };
  static const char *const qualifiers[] = { "volatile", "__volatile__", "goto", "inline", NULL };
  const struct nsbox_code_lexed *x = a->x;
  size_t len;

  if (!nsbox_code_is_ident_in (x, i, keywords))
    return false;
  for (i++; nsbox_code_is_ident_in (x, i, qualifiers); i++)
    ;
  if (!nsbox_code_is_punct (x, i, "(") || !nsbox_code_is_literal (a, i + 1))
    return true;
  nsbox_code_text (a, i + 1, &len);
  return len != 0 || !(nsbox_code_is_punct (x, i + 2, ":") || nsbox_code_is_punct (x, i + 2, ")")
                       || nsbox_code_is_punct (x, i + 2, "::"));
}

/* `int open;`, `char *exec[4];`, `struct s { int kill; }`: a variable or a
 * member declared with a name the C library also has.  The name is the
 * program's own from here on (a later `open + 1` is not open(2)); a
 * function's declaration (`int system(const char *);`) is not one. */
static bool
declares_variable (const struct nsbox_code_analysis *a, uint32_t i)
{
  static const char *const not_types[] = { "return", "case", "sizeof", "goto", "else", "do", "throw", "co_return",
                                           "co_yield", "delete", "new", "typedef", NULL };
  const struct nsbox_code_lexed *x = a->x;
  uint32_t t = i;

  if (nsbox_code_is_punct (x, i + 1, "(") || nsbox_code_is_punct (x, i + 1, "::"))
    return false;
  while (t > 0 && (nsbox_code_is_punct (x, t - 1, "*") || nsbox_code_is_punct (x, t - 1, "&")))
    t--;
  return t > 0 && x->tok[t - 1].kind == NSBOX_TOK_IDENT && !nsbox_code_is_ident_in (x, t - 1, not_types);
}

void
nsbox_code_analyze_cfamily (struct nsbox_code_analysis *a)
{
  const struct nsbox_code_lexed *x = a->x;

  for (uint32_t i = 0; i < x->n; i++)
    {
      const struct nsbox_code_token *t = &x->tok[i];

      if (t->kind == NSBOX_TOK_PREPROC && i + 1 < x->n && x->tok[i + 1].kind == NSBOX_TOK_STRING)
        {
          size_t len;
          const char *directive = nsbox_code_text (a, i, &len);

          if ((len == 7 && memcmp (directive, "include", 7) == 0) || (len == 12 && memcmp (directive, "include_next", 12) == 0)
              || (len == 6 && memcmp (directive, "import", 6) == 0))
            {
              const char *header = nsbox_code_text (a, i + 1, &len);

              nsbox_code_fact (a, NSBOX_FACT_IMPORT, header, len, t->line);
              i++;
            }
        }
      else if (nsbox_code_is_punct (x, i, "##"))
        dynamic (a, "token-paste", i);
      else if (assembly (a, i))
        dynamic (a, "inline-asm", i);
      else if (t->kind == NSBOX_TOK_PUNCT && nsbox_code_is_punct (x, i, "::") && i + 1 < x->n
               && x->tok[i + 1].kind == NSBOX_TOK_IDENT && (i == 0 || x->tok[i - 1].kind != NSBOX_TOK_IDENT))
        {
          struct nsbox_code_chain c;

          nsbox_code_chain_read (a, &chain_rules, i + 1, &c); /* ::system is system */
          nsbox_code_chain_use (a, &c);
          i = c.first;
        }
      else if (t->kind == NSBOX_TOK_IDENT && !nsbox_code_after_member (a, i, separators)
               && !nsbox_code_after_member (a, i, members) && declares_variable (a, i))
        {
          size_t len;
          const char *name = nsbox_code_text (a, i, &len);
          char local[NSBOX_CODE_NAME_MAX];

          snprintf (local, sizeof local, "(local)%.*s", (int) len, name);
          nsbox_code_alias (a, name, len, local, strlen (local), false);
        }
      else if (t->kind == NSBOX_TOK_IDENT && !nsbox_code_after_member (a, i, separators)
               && !nsbox_code_after_member (a, i, members))
        {
          struct nsbox_code_chain c;

          nsbox_code_chain_read (a, &chain_rules, i, &c);
          nsbox_code_chain_use (a, &c);
        }
    }
}
