const patterns = {
  email: /^[\w.+-]+@(?:[a-z\d-]+\.)+[a-z]{2,}$/i,
  isoDate: /^(?<year>\d{4})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\d|3[01])$/,
  hexColor: /^#(?:[\da-f]{3}){1,2}$/i,
  semver: /^(\d+)\.(\d+)\.(\d+)(?:-([\w.-]+))?(?:\+([\w.-]+))?$/,
  quotedOrSlash: /["'(]+\//g,
  jsString: /(["'`])(?:\\.|(?!\1)[^\\])*\1/g,
} as const;

type PatternName = keyof typeof patterns;

function check(name: PatternName, input: string): boolean {
  const re = patterns[name];
  re.lastIndex = 0;
  return re.test(input);
}

const cases: [PatternName, string][] = [
  ['email', 'first.last+tag@mail.example.org'],
  ['email', 'bad@address'],
  ['isoDate', '2024-02-29'],
  ['isoDate', '2024-13-01'],
  ['hexColor', '#1e90FF'],
  ['semver', '1.2.3-beta.1+build.5'],
  ['semver', '1.2'],
];
for (const [name, input] of cases) console.log(`${name.padEnd(9)} ${input.padEnd(34)} ${check(name, input)}`);

const date = '2024-03-15'.match(patterns.isoDate);
console.log('groups:', { ...date?.groups });

const code = `const a = "say \\"hi\\""; const b = 'it\\'s'; const c = \`t\`; open("/x/y")`;
console.log('strings:', code.match(patterns.jsString));
console.log('quote-or-paren before slash:', code.match(patterns.quotedOrSlash));

const [, major, minor, patch, pre] = patterns.semver.exec('10.4.1-rc.2') ?? [];
console.log({ major: +major, minor: +minor, patch: +patch, pre });
console.log('a1b22c333'.replace(/\d+/g, (d) => `[${d.length}]`), 'x/y\\z'.split(/[\\/]/));
