const union = (a, b) => new Set([...a, ...b]);
const intersection = (a, b) => new Set([...a].filter((x) => b.has(x)));
const difference = (a, b) => new Set([...a].filter((x) => !b.has(x)));
const symmetricDifference = (a, b) => union(difference(a, b), difference(b, a));
const isSubset = (a, b) => [...a].every((x) => b.has(x));
const jaccard = (a, b) => intersection(a, b).size / (union(a, b).size || 1);
const show = (s) => `{${[...s].sort().join(', ')}}`;

const skills = {
  ann: new Set(['js', 'sql', 'docker', 'react']),
  bob: new Set(['python', 'sql', 'docker']),
  cy: new Set(['js', 'react']),
};

console.log('ann | bob =', show(union(skills.ann, skills.bob)));
console.log('ann & bob =', show(intersection(skills.ann, skills.bob)));
console.log('ann - bob =', show(difference(skills.ann, skills.bob)));
console.log('ann ^ bob =', show(symmetricDifference(skills.ann, skills.bob)));
console.log('cy subset of ann?', isSubset(skills.cy, skills.ann));

const names = Object.keys(skills);
for (let i = 0; i < names.length; i++) {
  for (let j = i + 1; j < names.length; j++) {
    const [x, y] = [names[i], names[j]];
    console.log(`similarity(${x}, ${y}) = ${jaccard(skills[x], skills[y]).toFixed(2)}`);
  }
}

const everyone = names.reduce((acc, n) => union(acc, skills[n]), new Set());
const counts = new Map([...everyone].map((s) => [s, names.filter((n) => skills[n].has(s)).length]));
console.log('skill counts:', Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])));

const seen = new WeakSet();
const node = { id: 1 };
seen.add(node);
console.log('weakset:', seen.has(node), seen.has({ id: 1 }));
