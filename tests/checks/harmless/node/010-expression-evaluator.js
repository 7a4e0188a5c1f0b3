// Calculator for user-typed formulas.  Deliberately no eval() and no
// new Function(): input is tokenized and evaluated with a shunting-yard pass.
const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2, '^': 3 };
const RIGHT = new Set(['^']);
const FUNCS = { sqrt: Math.sqrt, abs: Math.abs, max: Math.max, min: Math.min };

function tokenize(src) {
  const re = /\s*(\d+\.?\d*|[a-z]+|[-+*/%^(),])/y;
  const out = [];
  let pos = 0;
  while (pos < src.trimEnd().length) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new SyntaxError(`bad input at ${pos}`);
    out.push(m[1]);
    pos = re.lastIndex;
  }
  return out;
}

function toRpn(tokens) {
  const out = [];
  const ops = [];
  for (const t of tokens) {
    if (/^\d/.test(t)) out.push(Number(t));
    else if (t in FUNCS) ops.push(t);
    else if (t === ',') while (ops.at(-1) !== '(') out.push(ops.pop());
    else if (t === '(') ops.push(t);
    else if (t === ')') {
      while (ops.at(-1) !== '(') out.push(ops.pop());
      ops.pop();
      if (ops.at(-1) in FUNCS) out.push(ops.pop());
    } else {
      while (ops.length && ops.at(-1) in PREC &&
        (PREC[ops.at(-1)] > PREC[t] || (PREC[ops.at(-1)] === PREC[t] && !RIGHT.has(t)))) out.push(ops.pop());
      ops.push(t);
    }
  }
  return out.concat(ops.reverse());
}

function evaluate(src) {
  const stack = [];
  const apply = { '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '%': (a, b) => a % b, '^': (a, b) => a ** b };
  for (const t of toRpn(tokenize(src))) {
    if (typeof t === 'number') stack.push(t);
    else if (t in FUNCS) stack.push(FUNCS[t](...stack.splice(t === 'sqrt' || t === 'abs' ? -1 : -2)));
    else { const b = stack.pop(); stack.push(apply[t](stack.pop(), b)); }
  }
  return stack.pop();
}

for (const f of ['1 + 2 * 3', '(1 + 2) * 3', '2 ^ 3 ^ 2', 'sqrt(16) + max(3, 7) % 4', '10 / 4 - abs(2 - 5)']) {
  console.log(`${f.padEnd(26)} = ${evaluate(f)}`);
}
