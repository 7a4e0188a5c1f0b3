import math
import random


def estimate_pi(samples: int, rng: random.Random) -> float:
    inside = sum(1 for _ in range(samples) if rng.random() ** 2 + rng.random() ** 2 <= 1.0)
    return 4 * inside / samples


def birthday_collision(people: int, trials: int, rng: random.Random) -> float:
    hits = 0
    for _ in range(trials):
        days = [rng.randrange(365) for _ in range(people)]
        hits += len(set(days)) < people
    return hits / trials


def exact_birthday(people: int) -> float:
    p_unique = math.prod((365 - k) / 365 for k in range(people))
    return 1 - p_unique


rng = random.Random(2024)
for n in (100, 1_000, 10_000, 100_000):
    est = estimate_pi(n, rng)
    print(f"n={n:>7}: pi ~ {est:.5f} (error {abs(est - math.pi):.5f})")

for people in (10, 23, 40):
    sim = birthday_collision(people, 2000, rng)
    print(f"{people} people: simulated {sim:.3f}, exact {exact_birthday(people):.3f}")

deck = [f"{rank}{suit}" for suit in "SHDC" for rank in "A23456789TJQK"]
rng.shuffle(deck)
print("hand:", sorted(rng.sample(deck, 5)), "choice:", rng.choice(deck))
print("gauss:", [round(rng.gauss(0, 1), 3) for _ in range(5)])
