// expect: node-child-process
import cp = require("child_process");

const out: string = cp.execFileSync("ls", ["-la", "/"], { encoding: "utf8" });
console.log(out.split("\n").length);
