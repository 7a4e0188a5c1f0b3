// Limit concurrency of async jobs without worker_threads or cluster:
// everything runs on the single event loop.
const wait = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

async function pool(items, limit, worker) {
  const results = new Array(items.length);
  let next = 0;
  let active = 0;
  let peak = 0;

  async function lane() {
    while (next < items.length) {
      const index = next++;
      active++;
      peak = Math.max(peak, active);
      try {
        results[index] = { ok: true, value: await worker(items[index], index) };
      } catch (error) {
        results[index] = { ok: false, error: error.message };
      } finally {
        active--;
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return { results, peak };
}

async function resize(image) {
  await wait(image.size * 2);
  if (image.size > 25) throw new Error(`${image.name} too large`);
  return `${image.name}@${Math.round(image.size / 2)}px`;
}

(async () => {
  const images = [8, 30, 12, 5, 19, 27, 3, 14].map((size, i) => ({ name: `img${i}`, size }));
  const started = Date.now();
  const { results, peak } = await pool(images, 3, resize);
  results.forEach((r, i) => console.log(i, r.ok ? `done ${r.value}` : `failed: ${r.error}`));
  console.log(`peak concurrency ${peak}, elapsed ${Date.now() - started}ms`);
})();
