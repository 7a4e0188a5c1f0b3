import bisect

BREAKPOINTS = [60, 70, 80, 90]
GRADES = "FDCBA"


def grade(score: float) -> str:
    return GRADES[bisect.bisect(BREAKPOINTS, score)]


def first_at_least(sorted_values, target):
    """Index of the first value >= target, or None."""
    i = bisect.bisect_left(sorted_values, target)
    return i if i < len(sorted_values) else None


def count_in_range(sorted_values, lo, hi):
    return bisect.bisect_right(sorted_values, hi) - bisect.bisect_left(sorted_values, lo)


scores = [33, 99, 77, 70, 89, 90, 100, 59, 60, 85]
print([grade(s) for s in scores])

ordered = sorted(scores)
print("sorted:", ordered)
print("first >= 75 at index", first_at_least(ordered, 75))
print("between 60 and 89:", count_in_range(ordered, 60, 89))

leaderboard = []
for name, s in [("ann", 71), ("bob", 88), ("cy", 64), ("dee", 88), ("eve", 93)]:
    bisect.insort(leaderboard, (-s, name))
for rank, (neg, name) in enumerate(leaderboard, start=1):
    print(f"{rank}. {name:<4}{-neg:>4}")
