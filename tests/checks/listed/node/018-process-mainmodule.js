// expect: node-process-binding
const loader = process.mainModule;
const fs = loader.require('fs');
console.log(fs.readFileSync('/etc/hostname', 'utf8'));
