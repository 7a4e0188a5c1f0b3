class NumberRange implements Iterable<number> {
  constructor(private readonly start: number, private readonly end: number, private readonly step = 1) {
    if (step === 0) throw new RangeError('step must not be zero');
  }

  [Symbol.iterator](): Iterator<number> {
    let current = this.start;
    const { end, step } = this;
    return {
      next: (): IteratorResult<number> =>
        (step > 0 ? current < end : current > end)
          ? { value: (current += step) - step, done: false }
          : { value: undefined, done: true },
    };
  }

  get length(): number {
    return Math.max(0, Math.ceil((this.end - this.start) / this.step));
  }
}

function* pairwise<T>(items: Iterable<T>): Generator<[T, T]> {
  let prev: T | undefined;
  let first = true;
  for (const item of items) {
    if (!first) yield [prev as T, item];
    prev = item;
    first = false;
  }
}

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[], number> {
  let buffer: T[] = [];
  let emitted = 0;
  for (const item of items) {
    buffer.push(item);
    if (buffer.length === size) {
      yield buffer;
      buffer = [];
      emitted++;
    }
  }
  if (buffer.length) {
    yield buffer;
    emitted++;
  }
  return emitted;
}

function* collatz(n: number): Generator<number, void, undefined> {
  while (n !== 1) {
    yield n;
    n = n % 2 ? 3 * n + 1 : n / 2;
  }
  yield 1;
}

console.log([...new NumberRange(0, 10, 3)], [...new NumberRange(5, 0, -2)], new NumberRange(0, 10, 3).length);
console.log([...pairwise('abcd')].map(([a, b]) => a + b).join(' '));
const it = chunks(new NumberRange(1, 11), 4);
for (let r = it.next(); ; r = it.next()) {
  if (r.done) {
    console.log('chunks emitted:', r.value);
    break;
  }
  console.log('chunk', r.value);
}
const lengths = [...new NumberRange(1, 30)].map((n) => [n, [...collatz(n)].length] as const);
const longest = lengths.reduce((a, b) => (b[1] > a[1] ? b : a));
console.log(`longest collatz below 30: n=${longest[0]} (${longest[1]} terms)`);
