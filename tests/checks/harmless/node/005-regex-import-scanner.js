// Scans source text (given as strings) for risky imports, the way a code
// review bot might.  The samples mention require('child_process') and
// friends only as data; this file itself requires nothing.
const SAMPLES = {
  'ok.js': "const path = require('path');\nconsole.log(path.join('a', 'b'));",
  'bad.js': 'const cp = require("child_process");\ncp.execSync(`ls -la`);',
  'esm.mjs': "import { readFile } from 'node:fs/promises';\nimport net from \"net\";",
  'url.js': "const u = 'http://example.com/path/'; // not an import",
};

const REQUIRE_RE = /\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g;
const IMPORT_RE = /^\s*import\s+(?:[\w{}\s,*]+\s+from\s+)?["']([^"']+)["'];?/gm;
const URL_TAIL_RE = /["'(]+\//g;
const RISKY = new Set(['child_process', 'fs', 'fs/promises', 'net', 'http', 'https', 'vm']);

function modulesIn(source) {
  const found = [];
  for (const m of source.matchAll(REQUIRE_RE)) found.push(m[2]);
  for (const m of source.matchAll(IMPORT_RE)) found.push(m[1]);
  return found.map((name) => name.replace(/^node:/, ''));
}

for (const [file, source] of Object.entries(SAMPLES)) {
  const mods = modulesIn(source);
  const risky = mods.filter((m) => RISKY.has(m));
  const quotesBeforeSlash = (source.match(URL_TAIL_RE) || []).length;
  console.log(
    `${file.padEnd(8)} modules=[${mods.join(', ')}] risky=${risky.length ? risky.join('|') : 'none'} q/=${quotesBeforeSlash}`
  );
}

const escaped = 'a/b\\c"d'.replace(/[\\/"]/g, (ch) => `\\${ch}`);
console.log(escaped, /^[\w$]+$/.test('child_process'), '[a-z]'.match(/\[(.)-(.)\]/).slice(1));
