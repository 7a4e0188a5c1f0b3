#define _GNU_SOURCE
#include "lang/code-analyze.h"

#include <string.h>

bool
nsbox_code_facts_valid (const struct nsbox_code_facts *f)
{
  if (f->n > NSBOX_CODE_FACTS_MAX || f->names_used > NSBOX_CODE_NAMES_MAX
      || memchr (f->error, '\0', sizeof f->error) == NULL)
    return false;
  for (uint32_t i = 0; i < f->n; i++)
    {
      const struct nsbox_code_fact *x = &f->fact[i];

      if (x->kind > NSBOX_FACT_DYNAMIC || x->name > f->names_used || x->name_len > f->names_used - x->name)
        return false;
    }
  return true;
}

void
nsbox_code_name_set (struct nsbox_code_name *n, const char *text, size_t len)
{
  n->len = 0;
  nsbox_code_name_add (n, text, len);
}

void
nsbox_code_name_add (struct nsbox_code_name *n, const char *text, size_t len)
{
  size_t room = sizeof n->text - 1 - n->len;

  if (len > room)
    len = room;
  memcpy (n->text + n->len, text, len);
  n->len += len;
  n->text[n->len] = '\0';
}

const char *
nsbox_code_text (const struct nsbox_code_analysis *a, uint32_t i, size_t *len)
{
  const struct nsbox_code_token *t = &a->x->tok[i];

  if (t->kind == NSBOX_TOK_IDENT || t->kind == NSBOX_TOK_STRING || t->kind == NSBOX_TOK_PREPROC
      || t->kind == NSBOX_TOK_DIRECTIVE)
    {
      *len = t->value_len;
      return a->x->scratch + t->value;
    }
  *len = t->len;
  return a->x->code + t->start;
}

bool
nsbox_code_is_literal (const struct nsbox_code_analysis *a, uint32_t i)
{
  return i < a->x->n && a->x->tok[i].kind == NSBOX_TOK_STRING && a->x->tok[i].literal;
}

static uint32_t
name_store (struct nsbox_code_analysis *a, const char *text, size_t len)
{
  struct nsbox_code_facts *f = a->facts;
  uint32_t at = f->names_used;

  if (len > NSBOX_CODE_NAMES_MAX - f->names_used)
    {
      f->overflow = true;
      return UINT32_MAX;
    }
  memcpy (f->names + at, text, len);
  f->names_used += (uint32_t) len;
  return at;
}

static uint32_t
fact_hash (enum nsbox_code_fact_kind kind, const char *name, size_t len)
{
  uint32_t h = 2166136261u ^ kind;

  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char) name[i]) * 16777619u;
  return h;
}

void
nsbox_code_fact (struct nsbox_code_analysis *a, enum nsbox_code_fact_kind kind, const char *name, size_t len,
                 uint32_t line)
{
  struct nsbox_code_facts *f = a->facts;
  uint32_t slot = fact_hash (kind, name, len) & (NSBOX_CODE_FACTS_HASH - 1), at;

  if (len == 0)
    return;
  for (; f->hash[slot] != 0; slot = (slot + 1) & (NSBOX_CODE_FACTS_HASH - 1))
    {
      const struct nsbox_code_fact *x = &f->fact[f->hash[slot] - 1];

      if (x->kind == kind && x->name_len == len && memcmp (f->names + x->name, name, len) == 0)
        return;
    }
  if (f->n >= NSBOX_CODE_FACTS_MAX)
    {
      f->overflow = true;
      return;
    }
  if ((at = name_store (a, name, len)) == UINT32_MAX)
    return;
  f->fact[f->n] = (struct nsbox_code_fact){ .kind = kind, .line = line, .name = at, .name_len = (uint32_t) len };
  f->hash[slot] = ++f->n;
}

const struct nsbox_code_alias *
nsbox_code_alias_find (const struct nsbox_code_analysis *a, const char *name, size_t len)
{
  /* The newest binding first: a name bound twice means its last binding. */
  for (uint32_t i = a->n_aliases; i-- > 0;)
    if (a->alias[i].name_len == len && memcmp (a->facts->names + a->alias[i].name, name, len) == 0)
      return &a->alias[i];
  return NULL;
}

void
nsbox_code_alias (struct nsbox_code_analysis *a, const char *name, size_t name_len, const char *target,
                  size_t target_len, bool module)
{
  uint32_t n, t;

  if (name_len == 0)
    return;
  if (a->n_aliases >= NSBOX_CODE_ALIASES_MAX)
    {
      a->facts->overflow = true;
      return;
    }
  if ((n = name_store (a, name, name_len)) == UINT32_MAX || (t = name_store (a, target, target_len)) == UINT32_MAX)
    return;
  a->alias[a->n_aliases++] = (struct nsbox_code_alias){ .name = n, .name_len = (uint32_t) name_len, .target = t,
                                                        .target_len = (uint32_t) target_len, .module = module };
}

void
nsbox_code_star (struct nsbox_code_analysis *a, const char *module, size_t len)
{
  uint32_t at;

  if (a->n_stars >= sizeof a->star / sizeof a->star[0])
    {
      a->facts->overflow = true;
      return;
    }
  if ((at = name_store (a, module, len)) == UINT32_MAX)
    return;
  a->star[a->n_stars] = at;
  a->star_len[a->n_stars++] = (uint32_t) len;
}

void
nsbox_code_resolve_alias (const struct nsbox_code_analysis *a, const char *head, size_t len, struct nsbox_code_chain *c)
{
  const struct nsbox_code_alias *found = nsbox_code_alias_find (a, head, len);

  if (found == NULL)
    {
      nsbox_code_name_set (&c->name, head, len);
      return;
    }
  nsbox_code_name_set (&c->name, a->facts->names + found->target, found->target_len);
  c->module = found->module;
}

static bool
separator_at (const struct nsbox_code_analysis *a, uint32_t i, const char *const *separators)
{
  for (size_t s = 0; separators[s]; s++)
    if (nsbox_code_is_punct (a->x, i, separators[s]))
      return true;
  return false;
}

bool
nsbox_code_after_member (const struct nsbox_code_analysis *a, uint32_t i, const char *const *separators)
{
  return i > 0 && separator_at (a, i - 1, separators);
}

static void
chain_member (struct nsbox_code_chain *c, const char *joiner, const char *text, size_t len)
{
  if (c->name.len)
    nsbox_code_name_add (&c->name, joiner, strlen (joiner));
  nsbox_code_name_add (&c->name, text, len);
}

void
nsbox_code_chain_read (struct nsbox_code_analysis *a, const struct nsbox_code_chain_rules *rules, uint32_t i,
                       struct nsbox_code_chain *c)
{
  const struct nsbox_code_lexed *x = a->x;
  size_t len;
  const char *text = nsbox_code_text (a, i, &len);
  uint32_t j = i + 1;

  *c = (struct nsbox_code_chain){ .first = i };
  if (rules->resolve_head)
    rules->resolve_head (a, text, len, c);
  else
    nsbox_code_resolve_alias (a, text, len, c);
  for (;;)
    {
      if (separator_at (a, j, rules->separators) && j + 1 < x->n && x->tok[j + 1].kind == NSBOX_TOK_IDENT)
        {
          text = nsbox_code_text (a, j + 1, &len);
          chain_member (c, rules->joiner, text, len);
          c->called = false;
          j += 2;
        }
      else if (nsbox_code_is_punct (x, j, "(") && x->tok[j].match > (int32_t) j)
        {
          nsbox_code_name_add (&c->name, "()", 2);
          c->called = true;
          c->module = false; /* what a call returns is no module (a hook may say otherwise) */
          if (rules->on_call)
            rules->on_call (a, c, j);
          j = (uint32_t) x->tok[j].match + 1;
        }
      else if (nsbox_code_is_punct (x, j, "[") && x->tok[j].match > (int32_t) j)
        {
          if (rules->literal_subscripts && nsbox_code_is_literal (a, j + 1) && x->tok[j].match == (int32_t) j + 2)
            {
              text = nsbox_code_text (a, j + 1, &len);
              chain_member (c, rules->joiner, text, len);
              c->called = false;
              j += 3;
              continue;
            }
          c->computed = true;
          break;
        }
      else
        break;
    }
  c->end = j;
}

void
nsbox_code_chain_use (struct nsbox_code_analysis *a, const struct nsbox_code_chain *c)
{
  nsbox_code_fact (a, NSBOX_FACT_USE, c->name.text, c->name.len, a->x->tok[c->first].line);
}

void
nsbox_code_chain_stars (struct nsbox_code_analysis *a, const struct nsbox_code_chain *c, const char *joiner)
{
  size_t len;
  const char *head = nsbox_code_text (a, c->first, &len);

  if (nsbox_code_alias_find (a, head, len) != NULL)
    return;
  for (uint32_t s = 0; s < a->n_stars; s++)
    {
      struct nsbox_code_name starred;

      nsbox_code_name_set (&starred, a->facts->names + a->star[s], a->star_len[s]);
      nsbox_code_name_add (&starred, joiner, strlen (joiner));
      nsbox_code_name_add (&starred, c->name.text, c->name.len);
      nsbox_code_fact (a, NSBOX_FACT_USE, starred.text, starred.len, a->x->tok[c->first].line);
    }
}

bool
nsbox_code_literal_argument (const struct nsbox_code_analysis *a, uint32_t open, const char **value, size_t *len)
{
  const struct nsbox_code_lexed *x = a->x;
  uint32_t after = open + 2;

  if (!nsbox_code_is_literal (a, open + 1))
    return false;
  if (!nsbox_code_is_punct (x, after, ")") && !nsbox_code_is_punct (x, after, ","))
    return false;
  *value = nsbox_code_text (a, open + 1, len);
  return true;
}

void
nsbox_code_analyze (struct nsbox_code_lexed *lexed, struct nsbox_code_analysis *a, struct nsbox_code_facts *facts)
{
  static void (*const analyzers[]) (struct nsbox_code_analysis *) = {
    [NSBOX_CODE_PYTHON] = nsbox_code_analyze_python, [NSBOX_CODE_JAVASCRIPT] = nsbox_code_analyze_js,
    [NSBOX_CODE_TYPESCRIPT] = nsbox_code_analyze_js, [NSBOX_CODE_GO] = nsbox_code_analyze_go,
    [NSBOX_CODE_C] = nsbox_code_analyze_cfamily,     [NSBOX_CODE_CPP] = nsbox_code_analyze_cfamily,
    [NSBOX_CODE_RUST] = nsbox_code_analyze_rust,     [NSBOX_CODE_JAVA] = nsbox_code_analyze_java,
  };

  nsbox_code_lex (lexed);
  a->x = lexed;
  a->facts = facts;
  a->n_aliases = a->n_stars = 0;
  facts->error_line = lexed->error_line;
  memcpy (facts->error, lexed->error, sizeof facts->error);
  facts->error[sizeof facts->error - 1] = '\0';
  /* What tokenized before a syntax error is analyzed all the same: a finding
   * there is worth reporting next to the error. */
  if (lexed->language > NSBOX_CODE_NONE && lexed->language <= NSBOX_CODE_JAVA)
    analyzers[lexed->language](a);
}
