from typing import Iterator


def solve(n: int) -> Iterator[tuple[int, ...]]:
    cols: set[int] = set()
    diag1: set[int] = set()
    diag2: set[int] = set()
    placement: list[int] = []

    def place(row: int) -> Iterator[tuple[int, ...]]:
        if row == n:
            yield tuple(placement)
            return
        for col in range(n):
            if col in cols or row - col in diag1 or row + col in diag2:
                continue
            cols.add(col); diag1.add(row - col); diag2.add(row + col)
            placement.append(col)
            yield from place(row + 1)
            placement.pop()
            cols.remove(col); diag1.remove(row - col); diag2.remove(row + col)

    yield from place(0)


def render(solution: tuple[int, ...]) -> str:
    n = len(solution)
    return "\n".join(" ".join("Q" if c == col else "." for c in range(n)) for col in solution)


first = next(solve(8))
print(render(first))
print()
for n in range(1, 10):
    print(f"n={n}: {sum(1 for _ in solve(n))} solutions")
