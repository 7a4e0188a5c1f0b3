function memoize(fn, keyOf = (...args) => JSON.stringify(args)) {
  const cache = new Map();
  const wrapped = (...args) => {
    const key = keyOf(...args);
    if (cache.has(key)) {
      wrapped.hits++;
      return cache.get(key);
    }
    const value = fn(...args);
    cache.set(key, value);
    return value;
  };
  wrapped.hits = 0;
  wrapped.clear = () => cache.clear();
  return wrapped;
}

function once(fn) {
  let done = false;
  let result;
  return (...args) => (done ? result : ((done = true), (result = fn(...args))));
}

function debounceSync() {
  let pending = [];
  return {
    push: (v) => pending.push(v),
    flush: () => {
      const out = pending;
      pending = [];
      return out;
    },
  };
}

const gridPaths = memoize((r, c) => (r === 0 || c === 0 ? 1 : gridPaths(r - 1, c) + gridPaths(r, c - 1)));
console.log('paths in 16x16 grid:', gridPaths(16, 16), 'cache hits:', gridPaths.hits);

const init = once(() => {
  console.log('initialising...');
  return { ready: true };
});
console.log(init(), init(), init() === init());

const counters = [1, 2, 3].map((step) => {
  let n = 0;
  return () => (n += step);
});
counters.forEach((c) => c());
console.log(counters.map((c) => c()));

const buf = debounceSync();
'hello'.split('').forEach(buf.push);
console.log(buf.flush().join('-'), buf.flush());
