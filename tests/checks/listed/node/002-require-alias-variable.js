// expect: node-eval
const r = require;
const x = process.argv[2] || ["child", "process"].join("_");
const mod = r(x);
console.log(Object.keys(mod).slice(0, 5));
