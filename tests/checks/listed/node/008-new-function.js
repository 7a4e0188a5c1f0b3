// expect: node-function
const body = "return a * 2 + b";
const f = new Function("a", "b", body);
console.log(f(20, 2));
