const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

const COLORS = {
  debug: { code: 90, label: 'DBG' },
  info: { code: 36, label: 'INF' },
  warn: { code: 33, label: 'WRN' },
  error: { code: 31, label: 'ERR' },
} as const;

interface Entry {
  readonly level: Level;
  readonly message: string;
  readonly fields: Readonly<Record<string, string | number | boolean>>;
}

function format(entry: Entry): string;
function format(level: Level, message: string): string;
function format(a: Entry | Level, message?: string): string {
  const entry: Entry = typeof a === 'string' ? { level: a, message: message ?? '', fields: {} } : a;
  const { label } = COLORS[entry.level];
  const extras = Object.entries(entry.fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : v}`)
    .join(' ');
  return `[${label}] ${entry.message}${extras ? ` ${extras}` : ''}`;
}

function createLogger(minLevel: Level) {
  const threshold = LEVELS.indexOf(minLevel);
  const lines: string[] = [];
  const log = (level: Level, message: string, fields: Entry['fields'] = {}): void => {
    if (LEVELS.indexOf(level) >= threshold) lines.push(format({ level, message, fields }));
  };
  return { log, lines: lines as readonly string[] } as const;
}

const logger = createLogger('info');
logger.log('debug', 'cache warm-up', { entries: 120 });
logger.log('info', 'server ready', { port: 8080, tls: false });
logger.log('warn', 'slow query', { ms: 912, sql: 'select * from t' });
logger.log('error', 'reopened connection after reset', { attempt: 2 });

console.log(logger.lines.join('\n'));
console.log(format('info', 'plain overload'));
const point: readonly [x: number, y: number] = [3, 4];
console.log(LEVELS.length, Object.keys(COLORS).join('|'), Math.hypot(...point));
