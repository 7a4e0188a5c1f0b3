/*
 * Summarises a sandbox policy for the docs site.  The module names below
 * ("child_process", "fs", "net", ...) are plain strings describing what
 * submissions may not use; nothing here loads them.
 */
const policy = {
  language: 'node',
  blocked: [
    { module: 'child_process', severity: 'critical', why: 'runs programs' },
    { module: 'net', severity: 'critical', why: 'raw network access' },
    { module: 'https', severity: 'critical', why: 'HTTP client' },
    { module: 'vm', severity: 'critical', why: 'evaluates code' },
    { module: 'fs', severity: 'high', why: 'file system access' },
    { module: 'worker_threads', severity: 'medium', why: 'starts workers' },
  ],
  builtins: ['eval', 'Function', 'process.binding'],
};

const ORDER = ['critical', 'high', 'medium', 'low'];

function groupBySeverity(entries) {
  const groups = new Map(ORDER.map((s) => [s, []]));
  for (const e of entries) groups.get(e.severity).push(e);
  return groups;
}

function markdown(p) {
  const lines = [`## Policy for \`${p.language}\``, ''];
  for (const [severity, entries] of groupBySeverity(p.blocked)) {
    if (!entries.length) continue;
    lines.push(`### ${severity} (${entries.length})`);
    for (const e of entries) lines.push(`- \`require('${e.module}')\` is not allowed: ${e.why}`);
    lines.push('');
  }
  lines.push(`Also rejected: ${p.builtins.map((b) => `\`${b}\``).join(', ')}.`);
  return lines.join('\n');
}

console.log(markdown(policy));
console.log(JSON.stringify({ total: policy.blocked.length, critical: policy.blocked.filter((b) => b.severity === 'critical').length }));
