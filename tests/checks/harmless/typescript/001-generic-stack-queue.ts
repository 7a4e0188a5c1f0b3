interface Collection<T> extends Iterable<T> {
  readonly size: number;
  push(item: T): void;
  pop(): T | undefined;
  peek(): T | undefined;
}

class Stack<T> implements Collection<T> {
  private items: T[] = [];

  get size(): number { return this.items.length; }

  push(item: T): void { this.items.push(item); }

  pop(): T | undefined { return this.items.pop(); }

  peek(): T | undefined {
    return this.items[this.items.length - 1];
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = this.items.length - 1; i >= 0; i--) yield this.items[i];
  }
}

class Queue<T> implements Collection<T> {
  private head = 0;
  private items: T[] = [];

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  pop(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head++];
    if (this.head > 32 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  peek(): T | undefined {
    return this.size ? this.items[this.head] : undefined;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i];
  }
}

function drain<T>(c: Collection<T>): T[] {
  const out: T[] = [];
  for (let x = c.pop(); x !== undefined; x = c.pop()) out.push(x);
  return out;
}

function balanced(text: string): boolean {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack = new Stack<string>();
  for (const ch of text) {
    if ('([{'.includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.size === 0;
}

const s = new Stack<number>();
const q = new Queue<string>();
[1, 2, 3].forEach((n) => s.push(n));
['a', 'b', 'c'].forEach((x) => q.push(x));
console.log([...s], [...q], drain(s), drain(q), s.size + q.size);
console.log(['(a[b]{c})', '(]', '{[()]}', '(('].map((t) => `${t}: ${balanced(t)}`).join(', '));
