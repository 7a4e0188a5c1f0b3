/**
 * Renders the list of features the sandbox rejects, for the help page.
 * Every module name here ("child_process", "fs", "vm", ...) is a string in
 * a table; this program does not require or import any of them.
 */
type Severity = 'critical' | 'high' | 'medium' | 'low';

interface Rule {
  id: string;
  severity: Severity;
  modules?: string[];
  globals?: string[];
  message: string;
}

const rules: Rule[] = [
  { id: 'node-child-process', severity: 'critical', modules: ['child_process'], message: 'runs programs' },
  { id: 'node-http', severity: 'critical', modules: ['http', 'https', 'http2'], globals: ['fetch()', 'WebSocket'], message: 'uses HTTP' },
  { id: 'node-eval', severity: 'critical', globals: ['eval()'], message: 'evaluates code' },
  { id: 'node-function', severity: 'critical', globals: ['Function()'], message: 'builds a function from a string' },
  { id: 'node-fs', severity: 'high', modules: ['fs', 'fs/promises'], message: 'file system access' },
  { id: 'node-worker', severity: 'medium', modules: ['worker_threads', 'cluster'], message: 'starts workers' },
  { id: 'node-process-env', severity: 'low', globals: ['process.env'], message: 'reads the environment' },
];

const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function render(list: readonly Rule[]): string {
  const sorted = [...list].sort((a, b) => rank[a.severity] - rank[b.severity] || a.id.localeCompare(b.id));
  const rows = sorted.map((r) => {
    const what = [...(r.modules ?? []).map((m) => `require("${m}")`), ...(r.globals ?? [])];
    return `| ${r.severity.padEnd(8)} | ${r.id.padEnd(18)} | ${what.join(', ')} — ${r.message} |`;
  });
  return ['| severity | rule               | what |', '|---|---|---|', ...rows].join('\n');
}

console.log(render(rules));
const counts = rules.reduce<Partial<Record<Severity, number>>>((acc, r) => ({ ...acc, [r.severity]: (acc[r.severity] ?? 0) + 1 }), {});
console.log(counts, 'modules listed:', rules.flatMap((r) => r.modules ?? []).length);
