// Every date is formatted in UTC explicitly instead of relying on
// process.env.TZ, so the output is the same on every machine.
const DAY = 24 * 60 * 60 * 1000;

function addBusinessDays(date, n) {
  const d = new Date(date);
  while (n > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() % 6 !== 0) n--;
  }
  return d;
}

function relative(from, to) {
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const diff = to - from;
  const units = [['year', 365 * DAY], ['month', 30 * DAY], ['week', 7 * DAY], ['day', DAY], ['hour', DAY / 24], ['minute', 60000]];
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms || unit === 'minute') return rtf.format(Math.round(diff / ms), unit);
  }
  return 'now';
}

function isoWeek(date) {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  return `${d.getUTCFullYear()}-W${String(Math.ceil(((d - yearStart) / DAY + 1) / 7)).padStart(2, '0')}`;
}

const base = new Date(Date.UTC(2024, 1, 28, 15, 30));
const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' });

console.log('base:      ', fmt.format(base));
console.log('+3 biz days', addBusinessDays(base, 3).toISOString().slice(0, 10));
console.log('leap day:  ', new Date(Date.UTC(2024, 1, 29)).toUTCString());
console.log('iso week:  ', isoWeek(base), isoWeek(new Date(Date.UTC(2021, 0, 3))));
for (const offset of [-400 * DAY, -3 * DAY, -DAY, 2 * 3600e3, 45 * DAY]) {
  console.log(`  ${(offset / DAY).toFixed(2).padStart(8)}d -> ${relative(base, new Date(base.getTime() + offset))}`);
}
const parts = new Intl.DateTimeFormat('de-DE', { weekday: 'long', month: 'long', timeZone: 'UTC' }).formatToParts(base);
console.log(parts.filter((p) => p.type !== 'literal').map((p) => `${p.type}=${p.value}`).join(' '));
