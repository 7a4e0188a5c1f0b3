// Node features that must run under the default seccomp profile.
'use strict';
const assert = require('assert');
const { Worker } = require('worker_threads');
const cp = require('child_process');
const os = require('os');
const fs = require('fs');

async function main() {
  const fromWorker = await new Promise((resolve, reject) => {
    const w = new Worker(
      'const { parentPort } = require("worker_threads"); parentPort.postMessage(6 * 7);',
      { eval: true });
    w.on('message', resolve);
    w.on('error', reject);
  });
  assert.strictEqual(fromWorker, 42);
  console.log('worker_threads ok');

  assert.strictEqual(cp.execFileSync('sh', ['-c', 'echo child'], { encoding: 'utf8' }), 'child\n');
  const spawned = await new Promise((resolve) => {
    const c = cp.spawn(process.execPath, ['-e', 'process.stdout.write("spawned")']);
    let out = '';
    c.stdout.on('data', (d) => { out += d; });
    c.on('close', (code) => resolve([code, out]));
  });
  assert.deepStrictEqual(spawned, [0, 'spawned']);
  console.log('child_process ok');

  assert.ok(os.cpus().length >= 1);
  assert.ok('lo' in os.networkInterfaces());
  fs.writeFileSync('/tmp/node-check', 'x');
  assert.strictEqual(fs.readFileSync('/tmp/node-check', 'utf8'), 'x');
  await fs.promises.unlink('/tmp/node-check');
  console.log('os and fs ok');
  console.log('OK node');
}

main().catch((e) => { console.error(e); process.exit(1); });
