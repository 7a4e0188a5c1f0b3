type Validator<T> = (value: unknown, path: string) => { value?: T; errors: string[] };

const string = (opts: { min?: number; pattern?: RegExp } = {}): Validator<string> => (v, path) => {
  if (typeof v !== 'string') return { errors: [`${path}: expected string`] };
  const errors: string[] = [];
  if (opts.min !== undefined && v.length < opts.min) errors.push(`${path}: shorter than ${opts.min}`);
  if (opts.pattern && !opts.pattern.test(v)) errors.push(`${path}: does not match ${opts.pattern}`);
  return errors.length ? { errors } : { value: v, errors };
};

const number = (min = -Infinity, max = Infinity): Validator<number> => (v, path) =>
  typeof v === 'number' && v >= min && v <= max ? { value: v, errors: [] } : { errors: [`${path}: expected number in [${min}, ${max}]`] };

const optional = <T>(inner: Validator<T>): Validator<T | undefined> => (v, path) =>
  v === undefined ? { value: undefined, errors: [] } : inner(v, path);

const array = <T>(item: Validator<T>): Validator<T[]> => (v, path) => {
  if (!Array.isArray(v)) return { errors: [`${path}: expected array`] };
  const results = v.map((x, i) => item(x, `${path}[${i}]`));
  const errors = results.flatMap((r) => r.errors);
  return errors.length ? { errors } : { value: results.map((r) => r.value as T), errors };
};

type Shape<T> = { [K in keyof T]: Validator<T[K]> };

const object = <T>(shape: Shape<T>): Validator<T> => (v, path) => {
  if (typeof v !== 'object' || v === null) return { errors: [`${path}: expected object`] };
  const out = {} as T;
  const errors: string[] = [];
  for (const key of Object.keys(shape) as (keyof T & string)[]) {
    const r = shape[key]((v as Record<string, unknown>)[key], `${path}.${key}`);
    errors.push(...r.errors);
    out[key] = r.value as T[typeof key];
  }
  return errors.length ? { errors } : { value: out, errors };
};

const signup = object({
  username: string({ min: 3, pattern: /^[a-z0-9_]+$/ }),
  age: number(13, 120),
  email: string({ pattern: /^[^@\s]+@[^@\s]+\.\w+$/ }),
  tags: optional(array(string({ min: 1 }))),
});

const inputs: unknown[] = [
  { username: 'ada_l', age: 36, email: 'ada@example.com', tags: ['math'] },
  { username: 'X!', age: 7, email: 'nope', tags: ['', 3] },
  'not an object',
];
for (const input of inputs) {
  const { value, errors } = signup(input, '$');
  console.log(errors.length ? `invalid:\n  ${errors.join('\n  ')}` : `valid: ${JSON.stringify(value)}`);
}
