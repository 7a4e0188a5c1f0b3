"""Two classic comparison sorts, checked against sorted()."""
from typing import List, TypeVar
import random

T = TypeVar("T")


def quicksort(items: List[T]) -> List[T]:
    if len(items) <= 1:
        return list(items)
    pivot = items[len(items) // 2]
    less = [x for x in items if x < pivot]
    equal = [x for x in items if x == pivot]
    greater = [x for x in items if x > pivot]
    return quicksort(less) + equal + quicksort(greater)


def merge_sort(items: List[T]) -> List[T]:
    if len(items) <= 1:
        return list(items)
    mid = len(items) // 2
    left, right = merge_sort(items[:mid]), merge_sort(items[mid:])
    merged: List[T] = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged


def main() -> None:
    rng = random.Random(42)
    for size in (0, 1, 5, 50, 500):
        data = [rng.randint(-1000, 1000) for _ in range(size)]
        expected = sorted(data)
        assert quicksort(data) == expected, "quicksort failed"
        assert merge_sort(data) == expected, "merge sort failed"
        print(f"size={size:>4}  ok  head={expected[:5]}")


if __name__ == "__main__":
    main()
