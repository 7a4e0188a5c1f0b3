const rows = [
  { lang: 'JavaScript', year: 1995, typing: 'dynamic', paradigms: ['functional', 'oop', 'event-driven'] },
  { lang: 'TypeScript', year: 2012, typing: 'static', paradigms: ['functional', 'oop'] },
  { lang: 'Python', year: 1991, typing: 'dynamic', paradigms: ['oop', 'procedural'] },
  { lang: 'Rust', year: 2015, typing: 'static', paradigms: ['functional', 'systems'] },
];

const columns = [
  { key: 'lang', title: 'Language' },
  { key: 'year', title: 'Year', align: 'right' },
  { key: 'age', title: 'Age', align: 'right', get: (r) => 2024 - r.year },
  { key: 'typing', title: 'Typing', align: 'center' },
  { key: 'paradigms', title: 'Paradigms', get: (r) => r.paradigms.join(', ') },
];

const cell = (row, col) => String(col.get ? col.get(row) : row[col.key]);

function align(text, width, how = 'left') {
  if (how === 'right') return text.padStart(width);
  if (how === 'center') {
    const left = Math.floor((width - text.length) / 2);
    return `${' '.repeat(left)}${text}`.padEnd(width);
  }
  return text.padEnd(width);
}

function table(data, cols) {
  const widths = cols.map((c) => Math.max(c.title.length, ...data.map((r) => cell(r, c).length)));
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const rule = cols.map((c, i) => {
    const dashes = '-'.repeat(widths[i]);
    return c.align === 'right' ? `${dashes.slice(1)}:` : c.align === 'center' ? `:${dashes.slice(2)}:` : dashes;
  });
  return [
    line(cols.map((c, i) => align(c.title, widths[i], c.align))),
    line(rule),
    ...data.map((r) => line(cols.map((c, i) => align(cell(r, c), widths[i], c.align)))),
  ].join('\n');
}

console.log(table(rows, columns));
console.log(`\n${rows.length} languages, ${rows.filter((r) => r.typing === 'static').length} statically typed, oldest: ${
  rows.reduce((a, b) => (a.year < b.year ? a : b)).lang
} (${Math.min(...rows.map(({ year }) => year))})`);
