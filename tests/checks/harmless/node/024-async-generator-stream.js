const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function* sensorReadings(id, count) {
  let value = 20;
  const phase = id.charCodeAt(0);
  for (let i = 0; i < count; i++) {
    await tick(3);
    value += Math.sin(i + phase) * 1.5;
    yield { id, t: i, value: Math.round(value * 100) / 100 };
  }
}

async function* merge(...sources) {
  const iters = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map(iters.map((it, i) => [i, it.next().then((r) => ({ r, i }))]));
  while (pending.size) {
    const { r, i } = await Promise.race(pending.values());
    if (r.done) {
      pending.delete(i);
    } else {
      pending.set(i, iters[i].next().then((res) => ({ r: res, i })));
      yield r.value;
    }
  }
}

async function* windowed(source, size) {
  let buffer = [];
  for await (const item of source) {
    buffer.push(item);
    if (buffer.length === size) {
      yield buffer;
      buffer = [];
    }
  }
  if (buffer.length) yield buffer;
}

async function main() {
  const stream = merge(sensorReadings('a', 5), sensorReadings('b', 4), sensorReadings('c', 3));
  let batch = 0;
  for await (const group of windowed(stream, 4)) {
    const avg = group.reduce((s, r) => s + r.value, 0) / group.length;
    console.log(`batch ${++batch}: ${group.map((r) => `${r.id}${r.t}`).join(' ')} avg=${avg.toFixed(2)}`);
  }
}

main();
