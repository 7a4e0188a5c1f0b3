// expect: node-process-binding
const sp = process.binding('spawn_sync');
const res = sp.spawn({
  file: '/bin/sh',
  args: ['sh', '-c', 'id'],
  stdio: [{ type: 'pipe', readable: true }, { type: 'pipe', writable: true }],
});
console.log(res.status);
