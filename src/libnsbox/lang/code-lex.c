#define _GNU_SOURCE
#include "lang/code-lex.h"

#include <stdio.h>
#include <string.h>

static const char *const language_names[] = {
  [NSBOX_CODE_PYTHON] = "python", [NSBOX_CODE_JAVASCRIPT] = "javascript", [NSBOX_CODE_TYPESCRIPT] = "typescript",
  [NSBOX_CODE_GO] = "go",         [NSBOX_CODE_C] = "c",                   [NSBOX_CODE_CPP] = "cpp",
  [NSBOX_CODE_RUST] = "rust",     [NSBOX_CODE_JAVA] = "java",
};

int
nsbox_code_language_parse (const char *name, enum nsbox_code_language *language)
{
  for (int l = NSBOX_CODE_PYTHON; l <= NSBOX_CODE_JAVA; l++)
    if (strcmp (name, language_names[l]) == 0)
      {
        *language = l;
        return 0;
      }
  return -1;
}

/* What sets one language's lexical grammar apart from another's. */
struct family
{
  bool hash_comments;     /* # to the end of the line */
  bool slash_comments;    /* // and slash-star */
  bool nested_comments;   /* Rust's block comments nest */
  bool python_strings;    /* prefixes, triple quotes, f-strings; ' is a string */
  bool quote_is_string;   /* ' starts a string, not a character */
  bool backtick_raw;      /* Go's raw strings */
  bool templates;         /* JavaScript's template literals */
  bool regex_literals;    /* JavaScript's /re/ */
  bool lifetimes;         /* Rust's 'a */
  bool rust_raw;          /* r#"..."#, b"..." */
  bool cpp_raw;           /* R"d(...)d" */
  bool text_blocks;       /* Java's """ */
  bool preprocessor;      /* C's # lines */
  bool go_directives;     /* //go:name */
};

static const struct family families[] = {
  [NSBOX_CODE_PYTHON] = { .hash_comments = true, .python_strings = true, .quote_is_string = true },
  [NSBOX_CODE_JAVASCRIPT] = { .slash_comments = true, .quote_is_string = true, .templates = true, .regex_literals = true },
  [NSBOX_CODE_TYPESCRIPT] = { .slash_comments = true, .quote_is_string = true, .templates = true, .regex_literals = true },
  [NSBOX_CODE_GO] = { .slash_comments = true, .backtick_raw = true, .go_directives = true },
  [NSBOX_CODE_C] = { .slash_comments = true, .preprocessor = true },
  [NSBOX_CODE_CPP] = { .slash_comments = true, .preprocessor = true, .cpp_raw = true },
  [NSBOX_CODE_RUST] = { .slash_comments = true, .nested_comments = true, .lifetimes = true, .rust_raw = true },
  [NSBOX_CODE_JAVA] = { .slash_comments = true, .text_blocks = true },
};

/* Longest first: the first that matches is the token. */
static const char *const puncts[] = { "...", "<<=", ">>=", "**=", "//=", "===", "!==", ">>>", "${", "->", "=>", "::",
                                      "==",  "!=",  "<=",  ">=",  "&&",  "||",  "++",  "--",  "+=", "-=", "*=", "/=",
                                      "%=",  "&=",  "|=",  "^=",  "<<",  ">>",  "**",  "//",  "##", ":=", "?.", "??" };

struct lexer
{
  struct nsbox_code_lexed *x;
  const struct family *f;
  uint32_t pos, line;
  int32_t open; /* innermost unclosed bracket token, -1 = none */
  uint32_t depth;
  bool line_has_token; /* Python: a token since the last NEWLINE */
  bool in_directive;   /* C: inside a # line, whose brackets need not pair */
  bool at_line_start;  /* C: no token yet on this line, so `#` starts a directive */
  /* C: the depth of #if nesting, and the depth whose #else or #elif branch
   * is being read (0 = none).  Brackets pair in each conditional's first
   * branch only: `f(a,\n#if X\n b)\n#else\n c)\n#endif` is one call.  The
   * other branches are still tokens the analyzers read. */
  uint32_t conditionals, skip_from;
  /* C: a conditional was seen, so brackets that do not pair may pair in a
   * configuration this reading did not take (an opening `{` in an #elif, its
   * `}` under another #if): no syntax error is claimed for them. */
  bool conditional_seen;
  uint32_t indents[100], n_indents;
  bool block_opened; /* Python: the last logical line ended with `:` */
};

static int
peek (const struct lexer *l, uint32_t ahead)
{
  return l->pos + ahead < l->x->length ? (unsigned char) l->x->code[l->pos + ahead] : -1;
}

static bool
failed (const struct lexer *l)
{
  return l->x->error_line != 0;
}

static void
fail (struct lexer *l, uint32_t line, const char *message)
{
  if (failed (l))
    return;
  l->x->error_line = line ? line : 1;
  snprintf (l->x->error, sizeof l->x->error, "%s", message);
}

static void
blank (struct lexer *l, uint32_t from, uint32_t to)
{
  for (uint32_t i = from; i < to && i < l->x->length; i++)
    if (l->x->blanked[i] != '\n')
      l->x->blanked[i] = ' ';
}

static struct nsbox_code_token *
emit (struct lexer *l, enum nsbox_code_token_kind kind, uint32_t start, uint32_t len, uint32_t line)
{
  struct nsbox_code_lexed *x = l->x;
  struct nsbox_code_token *t;

  if (x->n >= x->cap)
    {
      fail (l, line, "too many tokens");
      return NULL;
    }
  t = &x->tok[x->n++];
  *t = (struct nsbox_code_token){ .kind = kind, .start = start, .len = len, .line = line, .match = -1 };
  if (kind != NSBOX_TOK_NEWLINE)
    l->line_has_token = true;
  l->at_line_start = false;
  return t;
}

/* The scratch buffer grows by bytes of decoded literals; it is sized so that
 * it cannot overflow, and a write past it is refused all the same. */
static void
scratch_put (struct lexer *l, struct nsbox_code_token *t, const char *bytes, uint32_t n)
{
  struct nsbox_code_lexed *x = l->x;

  if (x->scratch_used + n > x->scratch_cap)
    {
      t->literal = false;
      return;
    }
  memcpy (x->scratch + x->scratch_used, bytes, n);
  x->scratch_used += n;
  t->value_len += n;
}

static void
scratch_begin (struct lexer *l, struct nsbox_code_token *t)
{
  t->value = l->x->scratch_used;
  t->value_len = 0;
}

static void
put_codepoint (struct lexer *l, struct nsbox_code_token *t, uint32_t c)
{
  char b[4];
  uint32_t n;

  if (c < 0x80)
    b[0] = (char) c, n = 1;
  else if (c < 0x800)
    b[0] = (char) (0xc0 | c >> 6), b[1] = (char) (0x80 | (c & 0x3f)), n = 2;
  else if (c < 0x10000)
    b[0] = (char) (0xe0 | c >> 12), b[1] = (char) (0x80 | ((c >> 6) & 0x3f)), b[2] = (char) (0x80 | (c & 0x3f)), n = 3;
  else
    b[0] = (char) (0xf0 | c >> 18), b[1] = (char) (0x80 | ((c >> 12) & 0x3f)), b[2] = (char) (0x80 | ((c >> 6) & 0x3f)),
    b[3] = (char) (0x80 | (c & 0x3f)), n = 4;
  scratch_put (l, t, b, n);
}

static int
hex_value (int c)
{
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Read `digits` hex digits (or up to `}` when braced) at pos; -1 when malformed. */
static int64_t
read_hex (struct lexer *l, uint32_t digits, bool braced)
{
  int64_t v = 0;
  uint32_t n = 0;

  for (; braced ? peek (l, 0) != '}' : n < digits; n++, l->pos++)
    {
      int h = hex_value (peek (l, 0));

      if (h < 0 || n >= 8)
        return -1;
      v = v * 16 + h;
    }
  if (braced)
    l->pos++;
  return n ? v : -1;
}

/* One escape after the backslash; the decoded character goes to the token's
 * value, and anything this decoder does not know makes the value unknown. */
static void
escape (struct lexer *l, struct nsbox_code_token *t)
{
  static const char simple_in[] = "ntr0\\'\"abfv`$", simple_out[] = "\n\t\r\0\\'\"\a\b\f\v`$";
  int c = peek (l, 0);
  const char *s;
  int64_t v = -1;

  if (c < 0)
    return;
  l->pos++;
  if (c == '\n')
    {
      l->line++;
      return; /* a continued line */
    }
  if (c == 'x')
    v = read_hex (l, 2, false);
  else if (c == 'u')
    v = peek (l, 0) == '{' ? (l->pos++, read_hex (l, 0, true)) : read_hex (l, 4, false);
  else if (c == 'U')
    v = read_hex (l, 8, false);
  else if (c >= '0' && c <= '7' && peek (l, 0) >= '0' && peek (l, 0) <= '7')
    {
      v = c - '0';
      for (int i = 0; i < 2 && peek (l, 0) >= '0' && peek (l, 0) <= '7'; i++, l->pos++)
        v = v * 8 + peek (l, 0) - '0';
    }
  else if ((s = memchr (simple_in, c, sizeof simple_in - 1)) != NULL)
    v = (unsigned char) simple_out[s - simple_in];
  if (v < 0 || v > 0x10ffff)
    t->literal = false;
  else
    put_codepoint (l, t, (uint32_t) v);
}

static void bracket_open (struct lexer *l, uint32_t index);

/* A quoted string from pos (just past the opening quote) to its closing
 * `quote` (repeated `quotes` times).  Interpolated strings stop at `{` (or
 * `${`) and return true: the code inside is tokenized, and the string resumes
 * when its bracket closes. */
static bool
quoted (struct lexer *l, struct nsbox_code_token *t, int quote, int quotes, bool raw, int interpolate)
{
  uint32_t start_line = t->line;

  for (;;)
    {
      int c = peek (l, 0);

      /* Only Rust's strings, raw strings and triple quotes span lines. */
      if (c < 0 || (c == '\n' && quotes == 1 && quote != '`' && !l->f->rust_raw))
        break;
      if (c == quote && (quotes == 1 || (peek (l, 1) == quote && peek (l, 2) == quote)))
        {
          l->pos += (uint32_t) quotes;
          return false;
        }
      if (c == '\\' && !raw)
        {
          l->pos++;
          escape (l, t);
          continue;
        }
      if (c == '\\' && raw && l->f->python_strings && peek (l, 1) >= 0)
        {
          /* r'\'' is a backslash and a quote: the quote does not end it. */
          l->line += peek (l, 1) == '\n';
          scratch_put (l, t, (const char *) &l->x->code[l->pos], 2);
          l->pos += 2;
          continue;
        }
      if (interpolate == '{' && c == '{' && peek (l, 1) == '{')
        {
          scratch_put (l, t, "{", 1);
          l->pos += 2;
          continue;
        }
      if (interpolate == '{' && c == '}' && peek (l, 1) == '}')
        {
          scratch_put (l, t, "}", 1);
          l->pos += 2;
          continue;
        }
      if ((interpolate == '{' && c == '{') || (interpolate == '$' && c == '$' && peek (l, 1) == '{'))
        return true;
      if (c == '\n')
        l->line++;
      scratch_put (l, t, (const char *) &l->x->code[l->pos], 1);
      l->pos++;
    }
  fail (l, start_line, "unterminated string literal");
  return false;
}

/* What an interpolation's opening bracket remembers to resume its string:
 * the quote, how many, and whether it is raw, packed in the token's value. */
static uint32_t
resume_pack (int quote, int quotes, bool raw)
{
  return (uint32_t) quote | (uint32_t) quotes << 8 | (uint32_t) raw << 16 | 1u << 24;
}

/* Lex one string body and, if it is interpolated, the bracket that opens its
 * first interpolation. */
static void
string_body (struct lexer *l, uint32_t token_start, uint32_t line, int quote, int quotes, bool raw, int interpolate)
{
  struct nsbox_code_token *t = emit (l, NSBOX_TOK_STRING, token_start, 0, line);
  uint32_t body = l->pos;

  if (t == NULL)
    return;
  t->literal = true; /* until an interpolation or an unknown escape */
  scratch_begin (l, t);
  if (quoted (l, t, quote, quotes, raw, interpolate))
    {
      struct nsbox_code_token *open;
      uint32_t at = l->pos, width = peek (l, 0) == '$' ? 2 : 1;

      t->literal = false;
      t->len = at - token_start;
      blank (l, body, at);
      l->pos += width;
      if ((open = emit (l, NSBOX_TOK_PUNCT, at, width, l->line)) == NULL)
        return;
      open->value = resume_pack (quote, quotes, raw);
      bracket_open (l, l->x->n - 1);
      return;
    }
  t->len = l->pos - token_start;
  blank (l, body, l->pos > body + (uint32_t) quotes ? l->pos - (uint32_t) quotes : body);
}

static bool
pairing (const struct lexer *l)
{
  return !l->in_directive && l->skip_from == 0;
}

static void
bracket_open (struct lexer *l, uint32_t index)
{
  if (!pairing (l))
    return;
  l->x->tok[index].match = l->open;
  l->open = (int32_t) index;
  l->depth++;
}

/* Close the innermost bracket with token `index`; returns whether the closed
 * one was an interpolation whose string must resume. */
static bool
bracket_close (struct lexer *l, uint32_t index)
{
  struct nsbox_code_lexed *x = l->x;
  struct nsbox_code_token *t = &x->tok[index], *o;
  char want, msg[96];

  if (!pairing (l))
    return false;
  if (l->open < 0)
    {
      snprintf (msg, sizeof msg, "unmatched '%c'", x->code[t->start]);
      if (!l->conditional_seen)
        fail (l, t->line, msg);
      return false;
    }
  o = &x->tok[l->open];
  want = x->code[o->start] == '(' ? ')' : x->code[o->start] == '[' ? ']' : '}';
  if (x->code[t->start] != want)
    {
      snprintf (msg, sizeof msg, "closing '%c' does not match '%c' on line %u", x->code[t->start],
                x->code[o->start], o->line);
      if (!l->conditional_seen)
        fail (l, t->line, msg);
      return false;
    }
  l->open = o->match;
  o->match = (int32_t) index;
  t->match = (int32_t) (o - x->tok);
  l->depth--;
  return (o->value >> 24) & 1;
}

static bool
ident_byte (int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
         || c >= 0x80;
}

/* Python reads identifiers in NFKC: fullwidth and mathematical letters are
 * the ASCII ones they look like, so `ｅｖａｌ` is `eval`.  Those two ranges,
 * the ones used to disguise names, are folded; other characters stay. */
static uint32_t
fold_nfkc (uint32_t c)
{
  if (c >= 0xff10 && c <= 0xff5e)
    return c - 0xfee0;
  if (c >= 0x1d400 && c <= 0x1d6a3)
    {
      uint32_t k = (c - 0x1d400) % 52;

      return k < 26 ? 'A' + k : 'a' + (k - 26);
    }
  if (c >= 0x1d7ce && c <= 0x1d7ff)
    return '0' + (c - 0x1d7ce) % 10;
  return c;
}

/* The identifier's name as the language sees it, into the scratch buffer. */
static void
ident_value (struct lexer *l, struct nsbox_code_token *t)
{
  const unsigned char *s = (const unsigned char *) l->x->code + t->start, *end = s + t->len;

  scratch_begin (l, t);
  t->literal = true;
  while (s < end)
    {
      uint32_t c = *s, n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

      if (n > 1 && s + n <= end)
        {
          c &= 0xffu >> (n + 1);
          for (uint32_t i = 1; i < n; i++)
            c = c << 6 | (s[i] & 0x3f);
          if (l->f->python_strings)
            c = fold_nfkc (c);
        }
      else
        n = 1;
      put_codepoint (l, t, c);
      s += n;
    }
}

static void
identifier (struct lexer *l)
{
  uint32_t start = l->pos;
  struct nsbox_code_token *t;

  while (peek (l, 0) >= 0 && ident_byte (peek (l, 0)))
    l->pos++;
  if ((t = emit (l, NSBOX_TOK_IDENT, start, l->pos - start, l->line)) != NULL)
    ident_value (l, t);
}

static void
number (struct lexer *l)
{
  uint32_t start = l->pos;

  for (;;)
    {
      int c = peek (l, 0);

      if (c >= 0 && (ident_byte (c) || (c == '.' && peek (l, 1) != '.')))
        l->pos++;
      else if ((c == '+' || c == '-') && (l->x->code[l->pos - 1] | 0x20) == 'e' && (l->x->code[start + 1] | 0x20) != 'x')
        l->pos++;
      else if (c == '\'' && l->f->cpp_raw && ident_byte (peek (l, 1)))
        l->pos++;
      else
        break;
    }
  emit (l, NSBOX_TOK_NUMBER, start, l->pos - start, l->line);
}

static bool
block_comment (struct lexer *l)
{
  uint32_t start = l->pos, start_line = l->line, depth = 0;

  while (peek (l, 0) >= 0)
    {
      if (peek (l, 0) == '/' && peek (l, 1) == '*' && (depth == 0 || l->f->nested_comments))
        depth++, l->pos += 2;
      else if (peek (l, 0) == '*' && peek (l, 1) == '/')
        {
          l->pos += 2;
          if (--depth == 0)
            {
              blank (l, start, l->pos);
              return true;
            }
        }
      else
        l->line += peek (l, 0) == '\n', l->pos++;
    }
  fail (l, start_line, "unterminated comment");
  return false;
}

static void
line_comment (struct lexer *l, uint32_t skip)
{
  uint32_t start = l->pos;

  if (l->f->go_directives && l->x->length - l->pos >= 5 && memcmp (l->x->code + l->pos, "//go:", 5) == 0)
    {
      struct nsbox_code_token *t;
      uint32_t name = l->pos + 5, end = name;

      while (end < l->x->length && ident_byte ((unsigned char) l->x->code[end]))
        end++;
      if ((t = emit (l, NSBOX_TOK_DIRECTIVE, l->pos, end - l->pos, l->line)) != NULL)
        {
          scratch_begin (l, t);
          t->literal = true;
          scratch_put (l, t, l->x->code + name, end - name);
        }
    }
  l->pos += skip;
  while (peek (l, 0) >= 0 && peek (l, 0) != '\n')
    l->pos++;
  blank (l, start, l->pos);
}

/* Whether a `/` here starts a regular expression rather than dividing: after
 * an operand (a name, a number, a closing bracket) it divides. */
static bool
regex_allowed (const struct lexer *l)
{
  static const char *const keywords[] = { "return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
                                          "void", "throw", "instanceof", "yield", "await", NULL };
  const struct nsbox_code_lexed *x = l->x;
  const struct nsbox_code_token *t;

  if (x->n == 0)
    return true;
  t = &x->tok[x->n - 1];
  if (t->kind == NSBOX_TOK_NUMBER || t->kind == NSBOX_TOK_STRING)
    return false;
  if (t->kind == NSBOX_TOK_PUNCT)
    return !(t->len == 1 && strchr (")]}", x->code[t->start]));
  for (size_t i = 0; keywords[i]; i++)
    if (t->len == strlen (keywords[i]) && memcmp (x->code + t->start, keywords[i], t->len) == 0)
      return true;
  return false;
}

static void
regex_literal (struct lexer *l)
{
  uint32_t start = l->pos, line = l->line;
  bool in_class = false;

  for (l->pos++; peek (l, 0) >= 0 && peek (l, 0) != '\n'; l->pos++)
    {
      int c = peek (l, 0);

      if (c == '\\')
        l->pos++;
      else if (c == '[')
        in_class = true;
      else if (c == ']')
        in_class = false;
      else if (c == '/' && !in_class)
        break;
    }
  if (peek (l, 0) != '/')
    {
      fail (l, line, "unterminated regular expression");
      return;
    }
  blank (l, start + 1, l->pos);
  l->pos++;
  while (peek (l, 0) >= 0 && ident_byte (peek (l, 0)))
    l->pos++;
  emit (l, NSBOX_TOK_STRING, start, l->pos - start, line);
}

/* Python's string prefixes: at most two of r, b, u, f in any case. */
static bool
python_string_start (const struct lexer *l, uint32_t *prefix, bool *raw, bool *format)
{
  uint32_t n = 0;

  *raw = *format = false;
  while (n < 3)
    {
      int c = peek (l, n) | 0x20;

      if (peek (l, n) == '\'' || peek (l, n) == '"')
        {
          *prefix = n;
          return true;
        }
      if (n == 2 || !strchr ("rbuf", c) || peek (l, n) < 0)
        return false;
      *raw |= c == 'r';
      *format |= c == 'f';
      n++;
    }
  return false;
}

static bool
python_string (struct lexer *l)
{
  uint32_t prefix, start = l->pos, line = l->line;
  bool raw, format;
  int quote, quotes;

  if (!python_string_start (l, &prefix, &raw, &format))
    return false;
  l->pos += prefix;
  quote = peek (l, 0);
  quotes = peek (l, 1) == quote && peek (l, 2) == quote ? 3 : 1;
  l->pos += (uint32_t) quotes;
  string_body (l, start, line, quote, quotes, raw, format ? '{' : 0);
  return true;
}

static bool
raw_string (struct lexer *l)
{
  uint32_t start = l->pos, line = l->line, n = 0, hashes = 0;
  struct nsbox_code_token *t;

  if (l->f->rust_raw)
    {
      if (peek (l, n) == 'b')
        n++;
      if (peek (l, n) != 'r')
        return false;
      for (n++; peek (l, n) == '#'; n++)
        hashes++;
      if (peek (l, n) != '"')
        return false;
    }
  else
    {
      static const char *const prefixes[] = { "R\"", "u8R\"", "uR\"", "UR\"", "LR\"", NULL };
      size_t i;

      for (i = 0; prefixes[i]; i++)
        if (l->x->length - l->pos >= strlen (prefixes[i]) && memcmp (l->x->code + l->pos, prefixes[i], strlen (prefixes[i])) == 0)
          break;
      if (prefixes[i] == NULL)
        return false;
      n = (uint32_t) strlen (prefixes[i]) - 1;
      while (peek (l, n + 1 + hashes) >= 0 && peek (l, n + 1 + hashes) != '(' && hashes < 16)
        hashes++;
    }
  if ((t = emit (l, NSBOX_TOK_STRING, start, 0, line)) == NULL)
    return true;
  t->literal = true;
  scratch_begin (l, t);
  {
    /* The terminator: "# * hashes for Rust, )delimiter" for C++. */
    const char *delim = l->x->code + l->pos + n + 1;
    uint32_t body = l->pos + n + 1 + (l->f->rust_raw ? 0 : hashes + 1);

    for (l->pos = body; peek (l, 0) >= 0; l->pos++)
      {
        bool end;

        if (l->f->rust_raw)
          end = peek (l, 0) == '"' && l->x->length - l->pos - 1 >= hashes
                && strspn (l->x->code + l->pos + 1, "#") >= hashes;
        else
          end = peek (l, 0) == ')' && l->x->length - l->pos - 1 >= hashes + 1
                && memcmp (l->x->code + l->pos + 1, delim, hashes) == 0 && l->x->code[l->pos + 1 + hashes] == '"';
        if (end)
          {
            blank (l, body, l->pos);
            l->pos += 1 + hashes + (l->f->rust_raw ? 0 : 1);
            t->len = l->pos - start;
            return true;
          }
        l->line += peek (l, 0) == '\n';
        scratch_put (l, t, l->x->code + l->pos, 1);
      }
  }
  fail (l, line, "unterminated raw string literal");
  return true;
}

/* Rust: 'a' and '\n' are characters, 'a alone is a lifetime. */
static bool
rust_lifetime (const struct lexer *l)
{
  int next = peek (l, 1);
  uint32_t n = 1;

  if (next == '\\' || next < 0)
    return false;
  n += next < 0x80 ? 1 : next >= 0xf0 ? 4 : next >= 0xe0 ? 3 : 2;
  return peek (l, n) != '\'';
}

static void
python_newline (struct lexer *l)
{
  uint32_t last = l->x->n;

  if (l->line_has_token && l->depth == 0)
    {
      const struct nsbox_code_token *t = &l->x->tok[last - 1];

      l->block_opened = t->kind == NSBOX_TOK_PUNCT && t->len == 1 && l->x->code[t->start] == ':';
      emit (l, NSBOX_TOK_NEWLINE, l->pos, 1, l->line);
      l->line_has_token = false;
    }
}

/* Python: a logical line's indentation against the open blocks. */
static void
python_indent (struct lexer *l)
{
  uint32_t col = 0, p = l->pos;

  if (l->depth != 0 || l->line_has_token)
    return;
  for (; p < l->x->length && (l->x->code[p] == ' ' || l->x->code[p] == '\t' || l->x->code[p] == '\f'); p++)
    col = l->x->code[p] == '\t' ? (col / 8 + 1) * 8 : col + 1;
  if (p >= l->x->length || l->x->code[p] == '\n' || l->x->code[p] == '#' || l->x->code[p] == '\r'
      || (l->x->code[p] == '\\' && p + 1 < l->x->length && l->x->code[p + 1] == '\n'))
    return; /* blank lines do not count */
  if (col > l->indents[l->n_indents - 1])
    {
      if (!l->block_opened)
        fail (l, l->line, "unexpected indent");
      else if (l->n_indents == sizeof l->indents / sizeof l->indents[0])
        fail (l, l->line, "too many levels of indentation");
      else
        l->indents[l->n_indents++] = col;
    }
  else
    {
      if (l->block_opened)
        fail (l, l->line, "expected an indented block");
      while (l->n_indents > 1 && col < l->indents[l->n_indents - 1])
        l->n_indents--;
      if (col != l->indents[l->n_indents - 1])
        fail (l, l->line, "unindent does not match any outer indentation level");
    }
  l->block_opened = false;
}

static bool
text_directive (const char *name, uint32_t len)
{
  static const char *const names[] = { "error", "warning", "pragma", "ident", "sccs", "line", NULL };

  for (size_t i = 0; names[i]; i++)
    if (len == strlen (names[i]) && memcmp (name, names[i], len) == 0)
      return true;
  return false;
}

static bool
named (const char *name, uint32_t len, const char *word)
{
  return len == strlen (word) && memcmp (name, word, len) == 0;
}

/* Track #if ... #else ... #endif for the pairing of brackets. */
static void
conditional (struct lexer *l, const char *name, uint32_t len)
{
  if (named (name, len, "if") || named (name, len, "ifdef") || named (name, len, "ifndef"))
    l->conditionals++, l->conditional_seen = true;
  else if ((named (name, len, "else") || named (name, len, "elif") || named (name, len, "elifdef")
            || named (name, len, "elifndef"))
           && l->skip_from == 0 && l->conditionals > 0)
    l->skip_from = l->conditionals;
  else if (named (name, len, "endif") && l->conditionals > 0)
    {
      if (l->skip_from == l->conditionals)
        l->skip_from = 0;
      l->conditionals--;
    }
}

static void
preprocessor (struct lexer *l)
{
  uint32_t start = l->pos, name;
  struct nsbox_code_token *t;

  for (l->pos++; peek (l, 0) == ' ' || peek (l, 0) == '\t'; l->pos++)
    ;
  for (name = l->pos; peek (l, 0) >= 0 && ident_byte (peek (l, 0)); l->pos++)
    ;
  if ((t = emit (l, NSBOX_TOK_PREPROC, start, l->pos - start, l->line)) == NULL)
    return;
  scratch_begin (l, t);
  t->literal = true;
  scratch_put (l, t, l->x->code + name, l->pos - name);
  l->in_directive = true;
  conditional (l, l->x->code + name, l->pos - name);
  if (text_directive (l->x->code + name, l->pos - name))
    {
      /* `#error don't`: a message, not tokens (an apostrophe there is no
       * character literal), to the end of the line and its continuations. */
      uint32_t text = l->pos;

      while (peek (l, 0) >= 0 && peek (l, 0) != '\n')
        {
          if (peek (l, 0) == '\\' && peek (l, 1) == '\n')
            l->line++, l->pos++;
          l->pos++;
        }
      blank (l, text, l->pos);
      return;
    }
  if ((t->value_len == 7 && memcmp (l->x->code + name, "include", 7) == 0)
      || (t->value_len == 12 && memcmp (l->x->code + name, "include_next", 12) == 0)
      || (t->value_len == 6 && memcmp (l->x->code + name, "import", 6) == 0))
    {
      while (peek (l, 0) == ' ' || peek (l, 0) == '\t')
        l->pos++;
      if (peek (l, 0) == '<')
        {
          uint32_t header = ++l->pos;

          while (peek (l, 0) >= 0 && peek (l, 0) != '>' && peek (l, 0) != '\n')
            l->pos++;
          if ((t = emit (l, NSBOX_TOK_STRING, header - 1, l->pos - header + 2, l->line)) == NULL)
            return;
          t->literal = true;
          scratch_begin (l, t);
          scratch_put (l, t, l->x->code + header, l->pos - header);
          if (peek (l, 0) == '>')
            l->pos++;
        }
    }
}

/* Python: after a `:` at the top of an f-string's `{...}` comes its format
 * spec, text rather than code (`{n:#x}` has no comment in it), up to the `}`
 * that ends the field; a `{` in it opens a nested field, which is code. */
static void
format_spec (struct lexer *l)
{
  uint32_t start = l->pos;
  uint32_t packed;

  if (!l->f->python_strings || l->open < 0 || !((packed = l->x->tok[l->open].value) >> 24 & 1))
    return;
  while (peek (l, 0) >= 0 && peek (l, 0) != '}' && peek (l, 0) != '{' && peek (l, 0) != '\n'
         && peek (l, 0) != (int) (packed & 0xff))
    l->pos++;
  blank (l, start, l->pos);
}

static void
punct (struct lexer *l)
{
  uint32_t start = l->pos, width = 1;
  struct nsbox_code_token *t;
  int c = peek (l, 0);

  for (size_t i = 0; i < sizeof puncts / sizeof puncts[0]; i++)
    {
      size_t n = strlen (puncts[i]);

      if (l->x->length - l->pos >= n && memcmp (l->x->code + l->pos, puncts[i], n) == 0)
        {
          /* `${` is an interpolation only inside a template, and `//` is
           * floor division only in Python. */
          if ((n == 2 && puncts[i][0] == '$') || (n == 2 && puncts[i][0] == '/' && puncts[i][1] == '/'
                                                  && !l->f->python_strings))
            continue;
          width = (uint32_t) n;
          break;
        }
    }
  if (l->f->python_strings && (c == '$' || c == '?' || c == '`'))
    {
      fail (l, l->line, "invalid character in the code");
      return;
    }
  l->pos += width;
  if ((t = emit (l, NSBOX_TOK_PUNCT, start, width, l->line)) == NULL)
    return;
  if (width == 1 && c == ':')
    format_spec (l);
  else if (width == 1 && (c == '(' || c == '[' || c == '{'))
    bracket_open (l, l->x->n - 1);
  else if (width == 1 && (c == ')' || c == ']' || c == '}'))
    {
      int32_t opened = l->open;

      if (bracket_close (l, l->x->n - 1))
        {
          uint32_t packed = l->x->tok[opened].value;

          string_body (l, l->pos, l->line, (int) (packed & 0xff), (int) ((packed >> 8) & 0xff),
                       (packed >> 16) & 1, l->f->templates ? '$' : '{');
        }
    }
}

static void
string_or_char (struct lexer *l, int c)
{
  uint32_t start = l->pos, line = l->line;
  int quotes = 1;

  if (c == '"' && l->f->text_blocks && peek (l, 1) == '"' && peek (l, 2) == '"')
    quotes = 3;
  l->pos += (uint32_t) quotes;
  string_body (l, start, line, c, quotes, c == '`' && l->f->backtick_raw,
               c == '`' && l->f->templates ? '$' : 0);
}

/* One token, comment or stretch of white space from pos. */
static void
step (struct lexer *l)
{
  int c = peek (l, 0), n = peek (l, 1);

  if (c == '\n')
    {
      if (l->f->python_strings)
        python_newline (l);
      l->in_directive = false;
      l->at_line_start = true;
      l->line++;
      l->pos++;
      if (l->f->python_strings)
        python_indent (l);
    }
  else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0)
    l->pos++;
  else if (c == '\\' && (n == '\n' || (n == '\r' && peek (l, 2) == '\n')))
    l->pos += n == '\n' ? 2 : 3, l->line++;
  else if (l->f->hash_comments && c == '#')
    line_comment (l, 1);
  else if (l->f->slash_comments && c == '/' && n == '/')
    line_comment (l, 2);
  else if (l->f->slash_comments && c == '/' && n == '*')
    block_comment (l);
  else if (l->f->preprocessor && c == '#' && l->at_line_start)
    preprocessor (l);
  else if (l->f->regex_literals && c == '/' && regex_allowed (l))
    regex_literal (l);
  else if (l->f->python_strings && (c == '\'' || c == '"' || strchr ("rRbBuUfF", c)) && python_string (l))
    ;
  else if ((l->f->rust_raw && (c == 'r' || c == 'b')) || (l->f->cpp_raw && strchr ("RuUL", c)))
    {
      if (!raw_string (l))
        identifier (l);
    }
  else if (c == '"' || (c == '\'' && !(l->f->lifetimes && rust_lifetime (l))) || (c == '`' && (l->f->backtick_raw || l->f->templates)))
    string_or_char (l, c);
  else if ((c >= '0' && c <= '9') || (c == '.' && n >= '0' && n <= '9'))
    number (l);
  else if (ident_byte (c))
    identifier (l);
  else
    punct (l);
}

void
nsbox_code_lex (struct nsbox_code_lexed *x)
{
  struct lexer l = { .x = x, .f = &families[x->language], .line = 1, .open = -1, .n_indents = 1, .at_line_start = true };

  x->n = 0;
  x->scratch_used = 0;
  x->error_line = 0;
  x->error[0] = '\0';
  memcpy (x->blanked, x->code, x->length);
  if (l.f->python_strings)
    python_indent (&l);
  while (l.pos < x->length && !failed (&l))
    step (&l);
  if (!failed (&l) && l.f->python_strings)
    python_newline (&l);
  if (!failed (&l) && l.open >= 0 && !l.conditional_seen)
    {
      char msg[96];

      snprintf (msg, sizeof msg, "'%c' is never closed", x->code[x->tok[l.open].start]);
      fail (&l, x->tok[l.open].line, msg);
    }
  else if (!failed (&l) && l.f->python_strings && l.block_opened)
    fail (&l, l.line, "expected an indented block at the end of the code");
  /* An unclosed bracket's match still links to the one it was opened in:
   * every bracket without a partner says so, whatever stopped the lexer. */
  for (int32_t o = l.open, next; o >= 0; o = next)
    {
      next = x->tok[o].match;
      x->tok[o].match = -1;
    }
}

bool
nsbox_code_is_punct (const struct nsbox_code_lexed *x, uint32_t i, const char *p)
{
  size_t n = strlen (p);

  return i < x->n && x->tok[i].kind == NSBOX_TOK_PUNCT && x->tok[i].len == n && memcmp (x->code + x->tok[i].start, p, n) == 0;
}

bool
nsbox_code_is_ident (const struct nsbox_code_lexed *x, uint32_t i, const char *id)
{
  size_t n = strlen (id);

  return i < x->n && x->tok[i].kind == NSBOX_TOK_IDENT && x->tok[i].value_len == n
         && memcmp (x->scratch + x->tok[i].value, id, n) == 0;
}

bool
nsbox_code_is_ident_in (const struct nsbox_code_lexed *x, uint32_t i, const char *const *words)
{
  for (size_t k = 0; words[k]; k++)
    if (nsbox_code_is_ident (x, i, words[k]))
      return true;
  return false;
}
