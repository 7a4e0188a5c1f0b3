// expect: node-eval
const fn = globalThis["ev" + "al"];
const expr = "6 * 7";
console.log(fn(expr));
