from __future__ import annotations
from dataclasses import dataclass, field


@dataclass
class Node:
    children: dict[str, Node] = field(default_factory=dict)
    count: int = 0
    terminal: bool = False


class Trie:
    def __init__(self, words=()):
        self.root = Node()
        for w in words:
            self.insert(w)

    def insert(self, word: str) -> None:
        node = self.root
        for ch in word:
            node = node.children.setdefault(ch, Node())
            node.count += 1
        node.terminal = True

    def _walk(self, prefix: str):
        node = self.root
        for ch in prefix:
            node = node.children.get(ch)
            if node is None:
                return None
        return node

    def complete(self, prefix: str, limit: int = 5) -> list[str]:
        start = self._walk(prefix)
        results: list[str] = []

        def dfs(node: Node, path: str) -> None:
            if len(results) >= limit:
                return
            if node.terminal:
                results.append(path)
            for ch in sorted(node.children):
                dfs(node.children[ch], path + ch)

        if start:
            dfs(start, prefix)
        return results

    def count_prefix(self, prefix: str) -> int:
        node = self._walk(prefix)
        return node.count if node else 0


words = "open opened opener opening operate opera option optimal evaluate evening even event".split()
trie = Trie(words)
for p in ("op", "ope", "ev", "x"):
    print(f"{p!r:>6}: {trie.complete(p)} ({trie.count_prefix(p)} words)")
