// expect: node-eval
const cp = require("child" + "_process");

const out = cp.execSync("id").toString();
console.log(out.trim());
