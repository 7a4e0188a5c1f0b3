// expect: node-vm
const vm = require('vm');

const sandbox = { x: 2 };
vm.createContext(sandbox);
vm.runInContext('x = x * 21', sandbox);
console.log(sandbox.x);
