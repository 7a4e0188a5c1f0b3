function* range(start, end = Infinity, step = 1) {
  for (let i = start; i < end; i += step) yield i;
}

function* map(iter, fn) {
  for (const x of iter) yield fn(x);
}

function* filter(iter, pred) {
  for (const x of iter) if (pred(x)) yield x;
}

function* take(iter, n) {
  if (n <= 0) return;
  for (const x of iter) {
    yield x;
    if (--n === 0) return;
  }
}

function* fibonacci() {
  let [a, b] = [0n, 1n];
  while (true) {
    yield a;
    [a, b] = [b, a + b];
  }
}

function* zip(...iters) {
  const its = iters.map((it) => it[Symbol.iterator]());
  while (true) {
    const steps = its.map((it) => it.next());
    if (steps.some((s) => s.done)) return;
    yield steps.map((s) => s.value);
  }
}

function* treeWalk(node, depth = 0) {
  yield [node.name, depth];
  for (const child of node.children || []) yield* treeWalk(child, depth + 1);
}

const oddSquares = take(filter(map(range(1), (x) => x * x), (x) => x % 2), 8);
console.log('odd squares:', [...oddSquares]);
console.log('fib 90:', [...take(fibonacci(), 91)].pop().toString());
console.log('zip:', [...zip('abc', range(10), [true, false, true, false])]);

const tree = { name: 'root', children: [{ name: 'a', children: [{ name: 'a1' }] }, { name: 'b' }] };
for (const [name, depth] of treeWalk(tree)) console.log(`${'  '.repeat(depth)}- ${name}`);

const gen = range(0, 3);
console.log(gen.next(), gen.next(), gen.next(), gen.next());
