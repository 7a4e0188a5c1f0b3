// expect: node-eval
const window = globalThis;
const code = "[1, 2, 3].map(n => n * n).join(',')";
console.log(window.eval(code));
