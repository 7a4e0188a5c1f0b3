// Input is untrusted, so it is parsed with a regex and parseInt rather than
// eval() or new Function("return " + s).
type Ok<T> = { readonly ok: true; readonly value: T };
type Err<E> = { readonly ok: false; readonly error: E };
type Result<T, E = string> = Ok<T> | Err<E>;

const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
const err = <E>(error: E): Err<E> => ({ ok: false, error });

function map<T, U, E>(r: Result<T, E>, fn: (t: T) => U): Result<U, E> {
  return r.ok ? ok(fn(r.value)) : r;
}

function andThen<T, U, E>(r: Result<T, E>, fn: (t: T) => Result<U, E>): Result<U, E> {
  return r.ok ? fn(r.value) : r;
}

function collect<T, E>(results: Result<T, E>[]): Result<T[], E[]> {
  const errors = results.filter((r): r is Err<E> => !r.ok).map((r) => r.error);
  return errors.length ? err(errors) : ok(results.map((r) => (r as Ok<T>).value));
}

const parseIntStrict = (s: string): Result<number> =>
  /^-?\d+$/.test(s.trim()) ? ok(Number.parseInt(s, 10)) : err(`not an integer: "${s}"`);

const positive = (n: number): Result<number> => (n > 0 ? ok(n) : err(`not positive: ${n}`));

const parsePort = (s: string): Result<number> =>
  andThen(andThen(parseIntStrict(s), positive), (n) => (n < 65536 ? ok(n) : err(`port out of range: ${n}`)));

for (const input of ['8080', ' 443 ', '-1', '70000', 'http']) {
  const r = map(parsePort(input), (p) => `listening on :${p}`);
  console.log(JSON.stringify(input).padEnd(9), r.ok ? r.value : `error: ${r.error}`);
}

console.log(collect(['1', '2', '3'].map(parseIntStrict)));
console.log(collect(['1', 'x', '3', 'y'].map(parseIntStrict)));
