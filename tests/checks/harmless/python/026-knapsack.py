from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    name: str
    weight: int
    value: int


ITEMS = [
    Item("map", 9, 150), Item("compass", 13, 35), Item("water", 153, 200),
    Item("sandwich", 50, 160), Item("glucose", 15, 60), Item("tin", 68, 45),
    Item("banana", 27, 60), Item("apple", 39, 40), Item("cheese", 23, 30),
    Item("beer", 52, 10), Item("suntan cream", 11, 70), Item("camera", 32, 30),
]


def knapsack(items: list[Item], capacity: int) -> tuple[int, list[Item]]:
    best = [[0] * (capacity + 1) for _ in range(len(items) + 1)]
    for i, item in enumerate(items, 1):
        for c in range(capacity + 1):
            best[i][c] = best[i - 1][c]
            if item.weight <= c:
                best[i][c] = max(best[i][c], best[i - 1][c - item.weight] + item.value)
    chosen, c = [], capacity
    for i in range(len(items), 0, -1):
        if best[i][c] != best[i - 1][c]:
            chosen.append(items[i - 1])
            c -= items[i - 1].weight
    return best[-1][capacity], chosen[::-1]


def fractional(items: list[Item], capacity: int) -> float:
    total = 0.0
    for item in sorted(items, key=lambda it: it.value / it.weight, reverse=True):
        take = min(item.weight, capacity)
        total += item.value * take / item.weight
        capacity -= take
        if not capacity:
            break
    return total


value, chosen = knapsack(ITEMS, 400)
print(f"0/1 knapsack: value={value}, weight={sum(i.weight for i in chosen)}")
print("  ", ", ".join(i.name for i in chosen))
print(f"fractional bound: {fractional(ITEMS, 400):.2f}")
