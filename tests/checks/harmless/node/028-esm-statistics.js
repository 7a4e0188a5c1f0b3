// ES module version (run as "type": "module").  Only node:assert is imported.
import { strict as assert } from 'node:assert';

export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function stdev(xs) {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((acc, x) => acc + (x - m) ** 2, 0) / (xs.length - 1));
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  return s[lo] + (s[Math.ceil(rank)] - s[lo]) * (rank - lo);
}

const latency = await Promise.resolve([12, 15, 11, 14, 120, 13, 16, 12, 15, 14]);

assert.equal(median([3, 1, 2]), 2);
assert.equal(mean([1, 2, 3, 4]), 2.5);
assert.ok(Math.abs(stdev([2, 4, 4, 4, 5, 5, 7, 9]) - 2.138) < 1e-3);

console.table({
  mean: mean(latency).toFixed(2),
  median: median(latency),
  stdev: stdev(latency).toFixed(2),
  p90: percentile(latency, 90).toFixed(1),
  p99: percentile(latency, 99).toFixed(1),
});
export default { mean, median, stdev, percentile };
