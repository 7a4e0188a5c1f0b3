type Graph<T> = Map<T, Set<T>>;

function buildGraph<T>(deps: Record<string, T[]>, key: (k: string) => T): Graph<T> {
  const g: Graph<T> = new Map();
  for (const [name, requires] of Object.entries(deps)) {
    const node = key(name);
    if (!g.has(node)) g.set(node, new Set());
    for (const r of requires) {
      if (!g.has(r)) g.set(r, new Set());
      g.get(r)!.add(node);
    }
  }
  return g;
}

function kahn<T>(g: Graph<T>): { order: T[]; cycle: T[] } {
  const indegree = new Map<T, number>([...g.keys()].map((k) => [k, 0]));
  for (const targets of g.values()) for (const t of targets) indegree.set(t, (indegree.get(t) ?? 0) + 1);
  const ready = [...indegree].filter(([, d]) => d === 0).map(([k]) => k);
  const order: T[] = [];
  while (ready.length) {
    ready.sort();
    const n = ready.shift()!;
    order.push(n);
    for (const m of g.get(n) ?? []) {
      const d = indegree.get(m)! - 1;
      indegree.set(m, d);
      if (d === 0) ready.push(m);
    }
  }
  return { order, cycle: [...indegree].filter(([, d]) => d > 0).map(([k]) => k) };
}

const packages: Record<string, string[]> = {
  app: ['router', 'store', 'ui'],
  router: ['core'],
  store: ['core', 'utils'],
  ui: ['utils', 'theme'],
  theme: [],
  utils: [],
  core: ['utils'],
};

const { order, cycle } = kahn(buildGraph(packages, (k) => k));
console.log('build order:', order.join(' -> '));
console.log('cycle:', cycle.length ? cycle : 'none');

const cyclic = kahn(buildGraph({ a: ['b'], b: ['c'], c: ['a'], d: [] }, (k) => k));
console.log('with a cycle:', cyclic.order, 'stuck:', cyclic.cycle);

const levels = new Map<string, number>();
for (const name of order) {
  const deps = packages[name] ?? [];
  levels.set(name, deps.length ? Math.max(...deps.map((d) => levels.get(d) ?? 0)) + 1 : 0);
}
console.log(Object.fromEntries(levels));
