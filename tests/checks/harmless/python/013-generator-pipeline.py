"""Lazy data pipeline built from generators."""
from itertools import islice
from typing import Iterable, Iterator


def read_lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        yield line


def strip_comments(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


def parse_pairs(lines: Iterable[str]) -> Iterator[tuple[str, float]]:
    for line in lines:
        key, _, value = line.partition("=")
        try:
            yield key.strip(), float(value)
        except ValueError:
            continue


def running_total(pairs: Iterable[tuple[str, float]]) -> Iterator[tuple[str, float, float]]:
    total = 0.0
    for key, value in pairs:
        total += value
        yield key, value, total


def chunked(it: Iterable, size: int):
    it = iter(it)
    while chunk := list(islice(it, size)):
        yield chunk


DATA = """
# expenses for march
rent = 950
food = 310.5   # groceries
bogus = n/a
transport = 62.25
books = 40
"""

pipeline = running_total(parse_pairs(strip_comments(read_lines(DATA))))
for key, value, total in pipeline:
    print(f"{key:<10}{value:>8.2f}{total:>10.2f}")

squares = (n * n for n in range(1, 11))
for group in chunked(squares, 4):
    print(group)
