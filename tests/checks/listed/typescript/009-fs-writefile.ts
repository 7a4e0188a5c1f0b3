// expect: node-fs
import { writeFileSync, readFileSync } from "fs";

const data: string = readFileSync("/etc/hosts", "utf8");
writeFileSync("/tmp/hosts.bak", data);
console.log(data.length);
