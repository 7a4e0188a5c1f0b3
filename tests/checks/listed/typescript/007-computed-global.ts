// expect: node-eval
const key: string = ["e", "v", "a", "l"].join("");
const run = (globalThis as any)[key] as (s: string) => unknown;
console.log(run("1 + 2 + 3"));
