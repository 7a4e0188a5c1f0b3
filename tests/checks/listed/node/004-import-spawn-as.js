// expect: node-child-process
import { spawn as s } from "node:child_process";

const child = s("sh", ["-c", "ls /"]);
child.stdout.on("data", (d) => process.stdout.write(d));
child.on("close", (code) => console.log("exit", code));
