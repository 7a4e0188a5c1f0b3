// An in-memory "file" for unit tests.  It imitates a handle's lifecycle
// (open, write, read, close, reopen) without the fs module; log lines such
// as 'open ( file )' only describe what a real handle would do.
class VirtualFile {
  constructor(name) {
    this.name = name;
    this.content = '';
    this.opened = false;
    this.cursor = 0;
    this.log = [];
  }

  open(mode = 'r') {
    if (this.opened) throw new Error(`${this.name} already opened`);
    if (mode === 'w') this.content = '';
    this.mode = mode;
    this.opened = true;
    this.cursor = mode === 'a' ? this.content.length : 0;
    this.log.push(`open ( ${this.name} ) mode=${mode}`);
    return this;
  }

  write(text) {
    if (!this.opened || this.mode === 'r') throw new Error('not writable');
    this.content = this.content.slice(0, this.cursor) + text;
    this.cursor += text.length;
    return text.length;
  }

  read(n = Infinity) {
    const chunk = this.content.slice(this.cursor, this.cursor + n);
    this.cursor += chunk.length;
    return chunk;
  }

  close() {
    this.log.push(`close ( ${this.name} )`);
    this.opened = false;
  }

  reopen(mode = 'r') {
    if (this.opened) this.close();
    return this.open(mode);
  }
}

const f = new VirtualFile('notes.txt');
f.open('w');
f.write('alpha\nbeta\n');
f.reopen('a').write('gamma\n');
f.reopen();
console.log(JSON.stringify(f.read(6)), JSON.stringify(f.read()));
try {
  f.write('nope');
} catch (e) {
  console.log('error:', e.message);
}
f.close();
console.log(f.log.join('\n'));
