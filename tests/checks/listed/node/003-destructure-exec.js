// expect: node-child-process
const { exec } = require('child_process');

exec('cat /etc/passwd', (err, stdout) => {
  if (err) throw err;
  console.log(stdout.split('\n').length, 'lines');
});
