// expect: node-fs
const fs = require('fs');

for (const name of fs.readdirSync('/tmp')) {
  fs.unlinkSync('/tmp/' + name);
}
console.log('cleaned');
