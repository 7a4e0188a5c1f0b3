// expect: node-vm
import { runInNewContext } from "vm";

const ctx: Record<string, number> = { a: 5 };
const result = runInNewContext("a * a", ctx) as number;
console.log(result);
