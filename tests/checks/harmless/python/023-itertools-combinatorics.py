from itertools import accumulate, chain, combinations, groupby, permutations, product, zip_longest

coins = [1, 2, 5, 10]
print("pairs:", list(combinations(coins, 2)))
print("orderings of ABC:", ["".join(p) for p in permutations("ABC")])
print("dice sums = 7:", [d for d in product(range(1, 7), repeat=2) if sum(d) == 7])
print("running max:", list(accumulate([3, 1, 4, 1, 5, 9, 2, 6], max)))
print("running product:", list(accumulate(range(1, 8), lambda a, b: a * b)))
print("flattened:", list(chain.from_iterable([[1, 2], [3], [], [4, 5]])))
print("zipped:", list(zip_longest("abc", [1, 2], fillvalue="-")))

subset_sums = {sum(c) for r in range(len(coins) + 1) for c in combinations(coins, r)}
print("subset sums:", sorted(subset_sums))

word = "aaabccddddde"
print("run-length:", "".join(f"{k}{len(list(g))}" for k, g in groupby(word)))

anagram_groups = {}
for w in ["listen", "silent", "enlist", "google", "gooegl", "cat", "act", "tac", "dog"]:
    anagram_groups.setdefault("".join(sorted(w)), []).append(w)
print([g for g in anagram_groups.values() if len(g) > 1])
