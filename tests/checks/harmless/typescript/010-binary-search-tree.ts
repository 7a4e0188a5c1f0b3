class TreeNode<K, V> {
  left: TreeNode<K, V> | null = null;
  right: TreeNode<K, V> | null = null;
  constructor(public key: K, public value: V) {}
}

class BST<K, V> {
  private root: TreeNode<K, V> | null = null;
  private count = 0;

  constructor(private compare: (a: K, b: K) => number) {}

  get size(): number {
    return this.count;
  }

  set(key: K, value: V): void {
    const insert = (node: TreeNode<K, V> | null): TreeNode<K, V> => {
      if (!node) {
        this.count++;
        return new TreeNode(key, value);
      }
      const c = this.compare(key, node.key);
      if (c < 0) node.left = insert(node.left);
      else if (c > 0) node.right = insert(node.right);
      else node.value = value;
      return node;
    };
    this.root = insert(this.root);
  }

  get(key: K): V | undefined {
    let node = this.root;
    while (node) {
      const c = this.compare(key, node.key);
      if (c === 0) return node.value;
      node = c < 0 ? node.left : node.right;
    }
    return undefined;
  }

  *entries(node = this.root): Generator<[K, V]> {
    if (!node) return;
    yield* this.entries(node.left);
    yield [node.key, node.value];
    yield* this.entries(node.right);
  }

  height(node = this.root): number {
    return node ? 1 + Math.max(this.height(node.left), this.height(node.right)) : 0;
  }

  range(lo: K, hi: K): K[] {
    return [...this.entries()].map(([k]) => k).filter((k) => this.compare(k, lo) >= 0 && this.compare(k, hi) <= 0);
  }
}

const words = new BST<string, number>((a, b) => a.localeCompare(b));
'the quick brown fox jumps over the lazy dog the end'.split(' ').forEach((w) => words.set(w, (words.get(w) ?? 0) + 1));
console.log([...words.entries()].map(([k, v]) => `${k}:${v}`).join(' '));
console.log('size', words.size, 'height', words.height(), 'range d..l', words.range('d', 'l'));

const nums = new BST<number, string>((a, b) => a - b);
[50, 30, 70, 20, 40, 60, 80, 35].forEach((n) => nums.set(n, `#${n}`));
console.log(nums.get(35), nums.get(99), nums.range(33, 65));
