/* code-lex.h - the tokenizer of the code-aware checks, one per language family.
 *
 * It runs inside the checker's sandbox (code-scan.c) on hostile input, so it
 * never allocates: the caller hands it arrays sized from the code's length
 * (a token takes at least one byte of code, a decoded literal is never longer
 * than its source).  Comments disappear; strings become one token whose value
 * is decoded when it is a plain literal; f-strings and template literals are
 * split so that the code inside `{...}` and `${...}` is tokenized as code.
 * Brackets are paired, and what cannot be tokenized or paired is the syntax
 * error the checks report before any sandbox starts. */
#ifndef NSBOX_CODE_LEX_H
#define NSBOX_CODE_LEX_H

#include <stdbool.h>
#include <stdint.h>

enum nsbox_code_language
{
  NSBOX_CODE_NONE, /* no tokenizer: rules see the raw lines */
  NSBOX_CODE_PYTHON,
  NSBOX_CODE_JAVASCRIPT,
  NSBOX_CODE_TYPESCRIPT,
  NSBOX_CODE_GO,
  NSBOX_CODE_C,
  NSBOX_CODE_CPP,
  NSBOX_CODE_RUST,
  NSBOX_CODE_JAVA,
};

/* "python", "javascript", ... as a policy's checks.syntax names them: 0, or
 * -1 when `name` is no language the checks parse. */
int nsbox_code_language_parse (const char *name, enum nsbox_code_language *language);

enum nsbox_code_token_kind
{
  NSBOX_TOK_IDENT,
  NSBOX_TOK_NUMBER,
  NSBOX_TOK_STRING,    /* value = the decoded text when `literal` */
  NSBOX_TOK_PUNCT,     /* operators and brackets, longest match */
  NSBOX_TOK_NEWLINE,   /* Python: the end of a logical line */
  NSBOX_TOK_PREPROC,   /* C/C++: a `#` directive line; value = the included header for #include */
  NSBOX_TOK_DIRECTIVE, /* Go: a `//go:` compiler directive, value = its name */
};

struct nsbox_code_token
{
  uint8_t kind;
  bool literal;        /* a string whose whole value is known (no interpolation, known escapes) */
  uint32_t start, len; /* bytes of the code */
  uint32_t line;       /* 1-based */
  uint32_t value, value_len; /* offset and length in the scratch buffer */
  int32_t match;       /* a bracket's partner (token index), -1 otherwise */
};

struct nsbox_code_lexed
{
  const char *code;
  uint32_t length;
  enum nsbox_code_language language;
  struct nsbox_code_token *tok; /* capacity: NSBOX_CODE_TOKENS_FOR (length) */
  uint32_t n, cap;
  char *scratch; /* decoded literals; capacity NSBOX_CODE_SCRATCH_FOR (length) */
  uint32_t scratch_used, scratch_cap;
  char *blanked; /* `length` bytes: the code with comments and string contents as spaces */
  uint32_t error_line; /* 0 = the code tokenized and its brackets pair */
  char error[120];
};

#define NSBOX_CODE_TOKENS_FOR(length) (2u * (length) + 16u) /* an empty string part between interpolations */
#define NSBOX_CODE_SCRATCH_FOR(length) ((length) + 16u)

/* Tokenize lexed->code into the arrays the caller set; never fails
 * otherwise than by setting error_line (tokens up to the error stay). */
void nsbox_code_lex (struct nsbox_code_lexed *lexed);

/* Whether token i is the punctuation `p`, or the identifier `id`. */
bool nsbox_code_is_punct (const struct nsbox_code_lexed *lexed, uint32_t i, const char *p);
bool nsbox_code_is_ident (const struct nsbox_code_lexed *lexed, uint32_t i, const char *id);
/* Whether token i is one of the identifiers of `words` (NULL-terminated). */
bool nsbox_code_is_ident_in (const struct nsbox_code_lexed *lexed, uint32_t i, const char *const *words);

#endif
