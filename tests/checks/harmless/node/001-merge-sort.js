'use strict';

function mergeSort(items, compare = (a, b) => a - b) {
  if (items.length <= 1) return items.slice();
  const mid = items.length >> 1;
  const left = mergeSort(items.slice(0, mid), compare);
  const right = mergeSort(items.slice(mid), compare);
  const out = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    out.push(compare(left[i], right[j]) <= 0 ? left[i++] : right[j++]);
  }
  return out.concat(left.slice(i), right.slice(j));
}

function insertionSort(items) {
  const a = items.slice();
  for (let i = 1; i < a.length; i++) {
    const key = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > key) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = key;
  }
  return a;
}

function lcg(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const rand = lcg(42);
const data = Array.from({ length: 25 }, () => Math.floor(rand() * 100));
const expected = [...data].sort((a, b) => a - b);

console.log('input:  ', data.join(' '));
console.log('merge:  ', mergeSort(data).join(' '));
console.log('insert: ', insertionSort(data).join(' '));
console.log('agree:', JSON.stringify(mergeSort(data)) === JSON.stringify(expected));

const people = [{ n: 'cy', a: 30 }, { n: 'al', a: 25 }, { n: 'bo', a: 30 }];
console.log(mergeSort(people, (x, y) => x.a - y.a).map((p) => p.n));
