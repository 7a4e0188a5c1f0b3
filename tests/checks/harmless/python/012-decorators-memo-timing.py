import functools
from datetime import datetime


def counted(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return func(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


def timed(label=None):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            start = datetime.now()
            try:
                return func(*args, **kwargs)
            finally:
                elapsed = (datetime.now() - start).total_seconds() * 1000
                print(f"[{label or func.__name__}] {elapsed:.3f} ms")

        return wrapper

    return decorate


@counted
def fib_naive(n: int) -> int:
    return n if n < 2 else fib_naive(n - 1) + fib_naive(n - 2)


@functools.lru_cache(maxsize=None)
def fib_cached(n: int) -> int:
    return n if n < 2 else fib_cached(n - 1) + fib_cached(n - 2)


@timed("naive")
def run_naive(n):
    return fib_naive(n)


@timed()
def run_cached(n):
    return fib_cached(n)


print(run_naive(20), "calls:", fib_naive.calls)
print(run_cached(200))
print(fib_cached.cache_info())
print(run_naive.__name__, run_naive.__doc__)
