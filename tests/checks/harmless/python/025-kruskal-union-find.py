class DisjointSet:
    def __init__(self, items):
        self.parent = {x: x for x in items}
        self.rank = dict.fromkeys(items, 0)

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.rank[ra] < self.rank[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if self.rank[ra] == self.rank[rb]:
            self.rank[ra] += 1
        return True


def kruskal(nodes, edges):
    ds = DisjointSet(nodes)
    tree = [(u, v, w) for w, u, v in sorted((w, u, v) for u, v, w in edges) if ds.union(u, v)]
    return tree, sum(w for *_, w in tree)


nodes = "ABCDEFG"
edges = [
    ("A", "B", 7), ("A", "D", 5), ("B", "C", 8), ("B", "D", 9), ("B", "E", 7),
    ("C", "E", 5), ("D", "E", 15), ("D", "F", 6), ("E", "F", 8), ("E", "G", 9),
    ("F", "G", 11),
]
tree, weight = kruskal(nodes, edges)
for u, v, w in tree:
    print(f"{u}-{v} ({w})")
print("total weight:", weight)

ds = DisjointSet(range(10))
for a, b in [(0, 1), (2, 3), (1, 3), (5, 6), (7, 8), (8, 9)]:
    ds.union(a, b)
groups = {}
for x in range(10):
    groups.setdefault(ds.find(x), []).append(x)
print("components:", sorted(groups.values()))
