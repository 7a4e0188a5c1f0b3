/* code-analyze.h - from tokens to facts: the shared machinery (names,
 * aliases, chains of members and calls) and one analyzer per language.
 *
 * Like the tokenizer, the analyzers run in the checker's sandbox and never
 * allocate: names live in the facts' names[] and aliases in a fixed table. */
#ifndef NSBOX_CODE_ANALYZE_H
#define NSBOX_CODE_ANALYZE_H

#include <stddef.h>

#include "lang/code-facts.h"
#include "lang/code-lex.h"

#define NSBOX_CODE_ALIASES_MAX 1024
#define NSBOX_CODE_NAME_MAX 512 /* a chain longer than this is cut (and still matched by its start) */

struct nsbox_code_alias
{
  uint32_t name, name_len;     /* in facts->names */
  uint32_t target, target_len; /* what the name stands for */
  bool module;                 /* bound by an import: the name is a module */
};

struct nsbox_code_analysis
{
  const struct nsbox_code_lexed *x;
  struct nsbox_code_facts *facts;
  struct nsbox_code_alias alias[NSBOX_CODE_ALIASES_MAX];
  uint32_t n_aliases;
  /* Where unqualified names may also come from (Python's `from m import *`,
   * Go's `import . "m"`, Java's `import p.*`), as names in facts->names. */
  uint32_t star[32], star_len[32], n_stars;
};

/* A name being built: a bounded string. */
struct nsbox_code_name
{
  char text[NSBOX_CODE_NAME_MAX];
  size_t len;
};

void nsbox_code_name_set (struct nsbox_code_name *n, const char *text, size_t len);
void nsbox_code_name_add (struct nsbox_code_name *n, const char *text, size_t len);

/* The token's text: an identifier's name, a string's decoded value. */
const char *nsbox_code_text (const struct nsbox_code_analysis *a, uint32_t i, size_t *len);
/* Whether token i is a string literal whose whole value is known. */
bool nsbox_code_is_literal (const struct nsbox_code_analysis *a, uint32_t i);

/* Record a fact (once per kind and name; the first line is kept). */
void nsbox_code_fact (struct nsbox_code_analysis *a, enum nsbox_code_fact_kind kind, const char *name, size_t len,
                      uint32_t line);
/* Bind `name` to `target`; a later binding of the same name wins. */
void nsbox_code_alias (struct nsbox_code_analysis *a, const char *name, size_t name_len, const char *target,
                       size_t target_len, bool module);
/* What `name` is bound to, or NULL. */
const struct nsbox_code_alias *nsbox_code_alias_find (const struct nsbox_code_analysis *a, const char *name, size_t len);
void nsbox_code_star (struct nsbox_code_analysis *a, const char *module, size_t len);

/* A chain: IDENT (sep IDENT | call | [literal])*, its head resolved through
 * the aliases.  The language's hooks say what separates members, how a head
 * resolves and what a call of a resolved name means. */
struct nsbox_code_chain
{
  struct nsbox_code_name name;
  uint32_t first, end; /* tokens [first, end) */
  bool called;         /* the chain ends with a call: `end - 1` is its `)` */
  bool computed;       /* stopped at a subscript whose key is not a literal: end is its `[` */
  bool module;         /* the head is a module (bound by an import) */
};

struct nsbox_code_chain_rules
{
  const char *const *separators; /* NULL-terminated: ".", "::", "?." */
  const char *joiner;            /* what the name shows between members: "." or "::" */
  bool literal_subscripts;       /* x["a"] is x.a */
  /* Resolve a head name into chain->name (and chain->module); NULL = the aliases only. */
  void (*resolve_head) (const struct nsbox_code_analysis *a, const char *head, size_t len, struct nsbox_code_chain *c);
  /* A call was appended to the chain (its `(` is token `open`): the hook may
   * rewrite the name (require("fs") is the module fs) and record facts. */
  void (*on_call) (struct nsbox_code_analysis *a, struct nsbox_code_chain *c, uint32_t open);
};

void nsbox_code_chain_read (struct nsbox_code_analysis *a, const struct nsbox_code_chain_rules *rules, uint32_t i,
                            struct nsbox_code_chain *chain);
/* The resolved head through the aliases only. */
void nsbox_code_resolve_alias (const struct nsbox_code_analysis *a, const char *head, size_t len, struct nsbox_code_chain *c);
/* Record the chain's name as a use (nothing for an empty name). */
void nsbox_code_chain_use (struct nsbox_code_analysis *a, const struct nsbox_code_chain *c);
/* A chain whose head no import bound may come from a star import: record it
 * as a use below each (`from os import *` then `system()` is os.system()). */
void nsbox_code_chain_stars (struct nsbox_code_analysis *a, const struct nsbox_code_chain *c, const char *joiner);
/* The argument after `open` (a call's `(` or an argument's `,`): whether it
 * is one literal (then *value, *len). */
bool nsbox_code_literal_argument (const struct nsbox_code_analysis *a, uint32_t open, const char **value, size_t *len);

/* Whether the token before i is a member access (so token i is no head). */
bool nsbox_code_after_member (const struct nsbox_code_analysis *a, uint32_t i, const char *const *separators);

/* The language's analyzer; each appends facts and never fails. */
void nsbox_code_analyze_python (struct nsbox_code_analysis *a);
void nsbox_code_analyze_js (struct nsbox_code_analysis *a);
void nsbox_code_analyze_go (struct nsbox_code_analysis *a);
void nsbox_code_analyze_cfamily (struct nsbox_code_analysis *a);
void nsbox_code_analyze_rust (struct nsbox_code_analysis *a);
void nsbox_code_analyze_java (struct nsbox_code_analysis *a);

/* Tokenize and analyze: the whole work of the checker's sandbox.  `lexed`
 * carries the code, the language and the arrays; facts must be zeroed. */
void nsbox_code_analyze (struct nsbox_code_lexed *lexed, struct nsbox_code_analysis *analysis,
                         struct nsbox_code_facts *facts);

#endif
