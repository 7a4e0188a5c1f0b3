const routes = `
amsterdam berlin 655
amsterdam paris 503
berlin prague 350
paris lyon 465
lyon milan 440
prague vienna 333
vienna milan 860
berlin vienna 681
paris berlin 1054
`;

function parseGraph(text) {
  const graph = new Map();
  const link = (a, b, w) => {
    if (!graph.has(a)) graph.set(a, []);
    graph.get(a).push({ to: b, w });
  };
  for (const line of text.trim().split('\n')) {
    const [a, b, w] = line.trim().split(/\s+/);
    link(a, b, Number(w));
    link(b, a, Number(w));
  }
  return graph;
}

function shortest(graph, source) {
  const dist = new Map([...graph.keys()].map((k) => [k, Infinity]));
  const prev = new Map();
  const unvisited = new Set(graph.keys());
  dist.set(source, 0);
  while (unvisited.size) {
    let u = null;
    for (const v of unvisited) if (u === null || dist.get(v) < dist.get(u)) u = v;
    unvisited.delete(u);
    for (const { to, w } of graph.get(u)) {
      const alt = dist.get(u) + w;
      if (alt < dist.get(to)) {
        dist.set(to, alt);
        prev.set(to, u);
      }
    }
  }
  return { dist, prev };
}

const graph = parseGraph(routes);
const { dist, prev } = shortest(graph, 'amsterdam');
for (const [city, d] of [...dist].sort((a, b) => a[1] - b[1])) {
  const path = [city];
  while (prev.has(path[0])) path.unshift(prev.get(path[0]));
  console.log(`${city.padEnd(10)} ${String(d).padStart(5)} km  ${path.join(' > ')}`);
}
