type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'var'; name: string }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { kind: 'let'; name: string; value: Expr; body: Expr };

const num = (value: number): Expr => ({ kind: 'num', value });
const v = (name: string): Expr => ({ kind: 'var', name });
const bin = (op: '+' | '-' | '*' | '/', left: Expr, right: Expr): Expr => ({ kind: 'bin', op, left, right });

function assertNever(x: never): never {
  throw new Error(`unexpected: ${JSON.stringify(x)}`);
}

function evaluate(e: Expr, env: ReadonlyMap<string, number> = new Map()): number {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'var': {
      const value = env.get(e.name);
      if (value === undefined) throw new ReferenceError(`unbound ${e.name}`);
      return value;
    }
    case 'bin': {
      const [a, b] = [evaluate(e.left, env), evaluate(e.right, env)];
      return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
    }
    case 'let':
      return evaluate(e.body, new Map([...env, [e.name, evaluate(e.value, env)]]));
    default:
      return assertNever(e);
  }
}

function show(e: Expr): string {
  switch (e.kind) {
    case 'num': return String(e.value);
    case 'var': return e.name;
    case 'bin': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'let': return `let ${e.name} = ${show(e.value)} in ${show(e.body)}`;
  }
}

function toJson(e: Expr): Json {
  return e.kind === 'bin' ? { op: e.op, args: [toJson(e.left), toJson(e.right)] } : e.kind === 'num' ? e.value : show(e);
}

const program: Expr = { kind: 'let', name: 'x', value: bin('*', num(6), num(7)), body: bin('-', v('x'), bin('/', v('x'), num(2))) };
console.log(show(program), '=>', evaluate(program));
console.log(JSON.stringify(toJson(bin('+', num(1), bin('*', num(2), num(3))))));
try {
  evaluate(v('y'));
} catch (err) {
  console.log((err as Error).name, (err as Error).message);
}
