const stripAccents = (s) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

const words = (s) =>
  stripAccents(s)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());

const camelCase = (s) => words(s).map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join('');
const pascalCase = (s) => words(s).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const snakeCase = (s) => words(s).join('_');
const kebabCase = (s) => words(s).join('-');
const slugify = (s) =>
  stripAccents(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

const truncate = (s, n, tail = '…') => (s.length <= n ? s : s.slice(0, n - tail.length).replace(/\s+\S*$/, '') + tail);
const isPalindrome = (s) => {
  const t = s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return t === [...t].reverse().join('');
};

const samples = ['XMLHttpParser config', 'user_id-field', 'Crème Brûlée: a recipe!', 'parseJSONToHTML5'];
for (const s of samples) {
  console.log(JSON.stringify(s));
  console.log(`  camel=${camelCase(s)} pascal=${pascalCase(s)}`);
  console.log(`  snake=${snakeCase(s)} kebab=${kebabCase(s)} slug=${slugify(s)}`);
}
console.log(truncate('The quick brown fox jumps over the lazy dog', 20));
console.log(['A man, a plan, a canal: Panama', 'hello'].map(isPalindrome));
console.log('tab\tseparated\tvalues'.split('\t').map((x) => x.padStart(10, '.')).join('|'));
