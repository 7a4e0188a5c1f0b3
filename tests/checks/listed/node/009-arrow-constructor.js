// expect: node-function
const F = (() => {}).constructor;
const g = F("return process.version");
console.log(g());
