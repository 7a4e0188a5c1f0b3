interface ChangeResult {
  coins: number;
  breakdown: Map<number, number>;
}

function minCoins(amount: number, denominations: readonly number[]): ChangeResult | null {
  const best: number[] = new Array(amount + 1).fill(Infinity);
  const last: number[] = new Array(amount + 1).fill(-1);
  best[0] = 0;
  for (let a = 1; a <= amount; a++) {
    for (const d of denominations) {
      if (d <= a && best[a - d] + 1 < best[a]) {
        best[a] = best[a - d] + 1;
        last[a] = d;
      }
    }
  }
  if (!Number.isFinite(best[amount])) return null;
  const breakdown = new Map<number, number>();
  for (let a = amount; a > 0; a -= last[a]) breakdown.set(last[a], (breakdown.get(last[a]) ?? 0) + 1);
  return { coins: best[amount], breakdown };
}

function countWays(amount: number, denominations: readonly number[]): bigint {
  const ways: bigint[] = new Array(amount + 1).fill(0n);
  ways[0] = 1n;
  for (const d of denominations) for (let a = d; a <= amount; a++) ways[a] += ways[a - d];
  return ways[amount];
}

function greedy(amount: number, denominations: readonly number[]): number[] {
  const out: number[] = [];
  for (const d of [...denominations].sort((x, y) => y - x)) {
    while (amount >= d) {
      out.push(d);
      amount -= d;
    }
  }
  return amount === 0 ? out : [];
}

const euro = [1, 2, 5, 10, 20, 50, 100, 200] as const;
const odd = [1, 3, 4] as const;

for (const [name, coins, amount] of [['euro', euro, 289], ['odd', odd, 6], ['gaps', [5, 7], 3]] as const) {
  const r = minCoins(amount, coins);
  const detail = r ? [...r.breakdown].map(([c, n]) => `${n}x${c}`).join(' + ') : 'impossible';
  console.log(`${name.padEnd(5)} ${String(amount).padStart(4)}: ${r?.coins ?? '-'} coins (${detail}); greedy uses ${greedy(amount, coins).length || '-'}`);
}
console.log('ways to make 2.00 EUR:', countWays(200, euro).toString());
console.log('ways to make 1000 with euro coins:', countWays(1000, euro));
