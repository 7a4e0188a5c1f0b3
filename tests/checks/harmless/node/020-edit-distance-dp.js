function levenshtein(a, b) {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

function longestIncreasingSubsequence(nums) {
  const tails = [];
  const parent = new Array(nums.length).fill(-1);
  const tailIdx = [];
  nums.forEach((x, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
    tailIdx[lo] = i;
    parent[i] = lo > 0 ? tailIdx[lo - 1] : -1;
  });
  const seq = [];
  for (let i = tailIdx[tails.length - 1]; i !== -1 && i !== undefined; i = parent[i]) seq.unshift(nums[i]);
  return seq;
}

function suggest(word, dictionary, maxDistance = 2) {
  return dictionary
    .map((w) => ({ w, d: levenshtein(word, w) }))
    .filter(({ d }) => d <= maxDistance)
    .sort((x, y) => x.d - y.d || x.w.localeCompare(y.w))
    .map(({ w, d }) => `${w}(${d})`);
}

const dictionary = ['evaluate', 'evacuate', 'elevate', 'reopen', 'opened', 'open', 'often', 'execute'];
for (const typo of ['evalute', 'opne', 'exeucte']) console.log(typo, '->', suggest(typo, dictionary));
console.log(levenshtein('kitten', 'sitting'), levenshtein('', 'abc'), levenshtein('flaw', 'lawn'));
console.log(longestIncreasingSubsequence([10, 9, 2, 5, 3, 7, 101, 18, 4, 19]));
