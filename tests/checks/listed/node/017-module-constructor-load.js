// expect: node-process-binding
const Module = module.constructor;
const cp = Module._load('child_process', module, false);
console.log(cp.execSync('whoami').toString());
