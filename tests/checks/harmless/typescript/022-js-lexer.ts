// A small JavaScript lexer for syntax highlighting.  Keywords and builtins
// such as `eval`, `Function` and `require` are just words in sets below.
enum Tok {
  Keyword = 'kw',
  Builtin = 'builtin',
  Ident = 'id',
  Number = 'num',
  String = 'str',
  Regex = 're',
  Punct = 'p',
  Comment = 'cmt',
}

interface Token {
  type: Tok;
  text: string;
}

const KEYWORDS = new Set(['const', 'let', 'var', 'function', 'return', 'if', 'else', 'new', 'typeof', 'await', 'async']);
const BUILTINS = new Set(['eval', 'Function', 'require', 'console', 'Math', 'JSON', 'Promise']);

const RULES: Array<[Tok | null, RegExp]> = [
  [null, /^\s+/],
  [Tok.Comment, /^(\/\/[^\n]*|\/\*[\s\S]*?\*\/)/],
  [Tok.String, /^(["'])(?:\\.|(?!\1)[^\\\n])*\1|^`(?:\\.|[^\\`])*`/],
  [Tok.Number, /^(?:0x[\da-f]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?)/i],
  [Tok.Ident, /^[A-Za-z_$][\w$]*/],
  [Tok.Regex, /^\/(?![*/])(?:\\.|\[(?:\\.|[^\]])*\]|[^/\\\n])+\/[gimsuy]*/],
  [Tok.Punct, /^(?:=>|===|!==|[{}()[\];,.<>+\-*/%=!?:&|])/],
];

function lex(src: string): Token[] {
  const out: Token[] = [];
  let rest = src;
  while (rest.length) {
    const rule = RULES.find(([, re]) => re.test(rest));
    if (!rule) throw new SyntaxError(`cannot lex near ${JSON.stringify(rest.slice(0, 10))}`);
    const text = rest.match(rule[1])![0];
    rest = rest.slice(text.length);
    let type = rule[0];
    if (type === null) continue;
    if (type === Tok.Ident) type = KEYWORDS.has(text) ? Tok.Keyword : BUILTINS.has(text) ? Tok.Builtin : Tok.Ident;
    if (type === Tok.Regex && out.length && /[\w)\]]$/.test(out[out.length - 1].text)) {
      type = Tok.Punct;
      rest = text.slice(1) + rest;
      out.push({ type, text: '/' });
      continue;
    }
    out.push({ type, text });
  }
  return out;
}

const sample = `const re = /["'(]+\\//g; // find quotes
let total = items.length / 2; const msg = 'eval("x") is blocked';
if (typeof eval === "function") console.log(\`\${msg}\`);`;

const tokens = lex(sample);
console.log(tokens.map((t) => `${t.type}:${t.text}`).join('  '));
const counts = tokens.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.type]: (acc[t.type] ?? 0) + 1 }), {});
console.log(counts);
