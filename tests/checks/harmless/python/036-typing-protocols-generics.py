from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generic, Iterable, Protocol, TypeVar

T = TypeVar("T")
K = TypeVar("K")


class SupportsArea(Protocol):
    def area(self) -> float: ...


@dataclass
class Rect:
    w: float
    h: float

    def area(self) -> float:
        return self.w * self.h


@dataclass
class Disc:
    r: float

    def area(self) -> float:
        return 3.14159 * self.r ** 2


def total_area(shapes: Iterable[SupportsArea]) -> float:
    return sum(s.area() for s in shapes)


class Registry(Generic[K, T]):
    def __init__(self) -> None:
        self._items: dict[K, T] = {}

    def register(self, key: K) -> Callable[[T], T]:
        def decorator(item: T) -> T:
            self._items[key] = item
            return item
        return decorator

    def get(self, key: K) -> T | None:
        return self._items.get(key)

    def keys(self) -> list[K]:
        return sorted(self._items)  # type: ignore[type-var]


handlers: Registry[str, Callable[[int], int]] = Registry()


@handlers.register("double")
def double(x: int) -> int:
    return 2 * x


@handlers.register("square")
def square(x: int) -> int:
    return x * x


print(f"total area: {total_area([Rect(2, 3), Disc(1), Rect(0.5, 4)]):.3f}")
for name in handlers.keys():
    fn = handlers.get(name)
    print(name, fn(7) if fn else None)
print(handlers.get("missing"))
