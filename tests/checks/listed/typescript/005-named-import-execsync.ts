// expect: node-child-process
import { execSync as run } from "child_process";

function who(): string {
  return run("whoami").toString().trim();
}
console.log(who());
