from functools import lru_cache


def lcs_table(a: str, b: str) -> list[list[int]]:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, ca in enumerate(a, 1):
        for j, cb in enumerate(b, 1):
            if ca == cb:
                table[i][j] = table[i - 1][j - 1] + 1
            else:
                table[i][j] = max(table[i - 1][j], table[i][j - 1])
    return table


def lcs(a: str, b: str) -> str:
    table = lcs_table(a, b)
    i, j, out = len(a), len(b), []
    while i and j:
        if a[i - 1] == b[j - 1]:
            out.append(a[i - 1])
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return "".join(reversed(out))


def edit_distance(a: str, b: str) -> int:
    @lru_cache(maxsize=None)
    def go(i: int, j: int) -> int:
        if i == 0 or j == 0:
            return i + j
        cost = 0 if a[i - 1] == b[j - 1] else 1
        return min(go(i - 1, j) + 1, go(i, j - 1) + 1, go(i - 1, j - 1) + cost)

    return go(len(a), len(b))


pairs = [("AGGTAB", "GXTXAYB"), ("kitten", "sitting"), ("sunday", "saturday")]
for left, right in pairs:
    print(f"{left!r:>10} vs {right!r:<10} lcs={lcs(left, right)!r:<8} edit={edit_distance(left, right)}")
