// Minimal option parser for a build tool.  It parses an argument list given
// as data; there is no child_process.spawn() and no eval of option values.
const SPEC = {
  '--out': { alias: '-o', type: 'string', help: 'output directory', default: 'dist' },
  '--jobs': { alias: '-j', type: 'number', help: 'parallel jobs', default: 2 },
  '--watch': { alias: '-w', type: 'boolean', help: 'rebuild on change' },
  '--unsafe-eval': { type: 'boolean', help: 'allow eval() in templates (use at your own risk)' },
  '--define': { alias: '-D', type: 'list', help: 'KEY=VALUE constants, repeatable' },
};

function parse(argv, spec) {
  const aliases = Object.fromEntries(Object.entries(spec).filter(([, o]) => o.alias).map(([k, o]) => [o.alias, k]));
  const opts = Object.fromEntries(Object.entries(spec).map(([k, o]) => [k.slice(2), o.default ?? (o.type === 'list' ? [] : false)]));
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    let [flag, inline] = argv[i].split(/=(.*)/s, 2);
    flag = aliases[flag] || flag;
    const o = spec[flag];
    if (!o) {
      if (flag.startsWith('-')) throw new Error(`unknown option ${flag}`);
      positional.push(argv[i]);
      continue;
    }
    const name = flag.slice(2);
    if (o.type === 'boolean') { opts[name] = true; continue; }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new Error(`${flag} needs a value`);
    if (o.type === 'number') opts[name] = Number.parseInt(raw, 10);
    else if (o.type === 'list') opts[name].push(raw);
    else opts[name] = raw;
  }
  return { opts, positional };
}

const help = Object.entries(SPEC)
  .map(([k, o]) => `  ${(o.alias ? `${o.alias}, ` : '    ') + k}`.padEnd(22) + o.help)
  .join('\n');

console.log(`usage: build [options] <entry...>\n${help}\n`);
console.log(parse(['src/index.js', '-o', 'build', '--jobs=8', '-w', '-D', 'DEBUG=0', '--define=VERSION=1.2', 'src/cli.js'], SPEC));
for (const bad of [['--nope'], ['--jobs']]) {
  try { parse(bad, SPEC); } catch (e) { console.log('error:', e.message); }
}
