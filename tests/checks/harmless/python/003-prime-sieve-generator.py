import itertools
import math


def primes():
    """Incremental sieve of Eratosthenes: yields primes forever."""
    composites = {}
    for n in itertools.count(2):
        if n not in composites:
            yield n
            composites[n * n] = [n]
        else:
            for p in composites.pop(n):
                composites.setdefault(n + p, []).append(p)


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    return all(n % d for d in range(2, math.isqrt(n) + 1))


def twin_primes(limit):
    gen = primes()
    prev = next(gen)
    for p in gen:
        if p > limit:
            break
        if p - prev == 2:
            yield prev, p
        prev = p


first_twenty = list(itertools.islice(primes(), 20))
print("first 20 primes:", first_twenty)
assert all(is_prime(p) for p in first_twenty)
print("twin primes below 100:", list(twin_primes(100)))
print("prime count below 10_000:", sum(1 for _ in itertools.takewhile(lambda p: p < 10_000, primes())))
