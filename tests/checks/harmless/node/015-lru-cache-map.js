class LRUCache {
  constructor(capacity) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError('capacity must be a positive integer');
    this.capacity = capacity;
    this.map = new Map();
    this.stats = { hits: 0, misses: 0, evictions: 0 };
  }

  get(key) {
    if (!this.map.has(key)) {
      this.stats.misses++;
      return undefined;
    }
    const value = this.map.get(key);
    this.map.delete(key);
    this.map.set(key, value);
    this.stats.hits++;
    return value;
  }

  set(key, value) {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next().value;
      this.map.delete(oldest);
      this.stats.evictions++;
    }
    this.map.set(key, value);
    return this;
  }

  keys() {
    return [...this.map.keys()];
  }
}

const cache = new LRUCache(3);
cache.set('a', 1).set('b', 2).set('c', 3);
cache.get('a');
cache.set('d', 4);
console.log('after d:', cache.keys());
cache.get('b');
cache.set('e', 5).set('a', 10);
console.log('after e, a:', cache.keys(), cache.get('a'));

const slowSquare = (n) => {
  let x = 0;
  for (let i = 0; i < n; i++) x += n;
  return x;
};
const squares = new LRUCache(50);
const workload = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 97) % 64);
for (const n of workload) if (squares.get(n) === undefined) squares.set(n, slowSquare(n));
console.log(squares.stats, `hit rate ${(squares.stats.hits / workload.length * 100).toFixed(1)}%`);
