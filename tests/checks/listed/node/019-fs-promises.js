// expect: node-fs
import { readFile, writeFile } from 'fs/promises';

const text = await readFile('/etc/passwd', 'utf8');
await writeFile('/tmp/copy.txt', text);
console.log(text.length);
