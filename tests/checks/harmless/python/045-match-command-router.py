"""Route chat-bot commands with structural pattern matching.

Commands like "open" and "exec" are just words typed by a user; the bot
answers with text and never opens files or executes anything.
"""
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


def route(command: str) -> str:
    match command.split():
        case ["open", name]:
            return f"(pretend) opening document {name!r}"
        case ["exec" | "run", *args] if args:
            return f"refusing to run {' '.join(args)!r}: shell access is disabled"
        case ["move", ("north" | "south" | "east" | "west") as direction, steps] if steps.isdigit():
            return f"moving {direction} x{int(steps)}"
        case ["help"] | []:
            return "commands: open NAME, move DIR N, help"
        case [unknown, *_]:
            return f"unknown command {unknown!r}"


def describe(value) -> str:
    match value:
        case Point(x=0, y=0):
            return "origin"
        case Point(x=0, y=y):
            return f"on the y axis at {y}"
        case Point(x=x, y=y) if x == y:
            return f"on the diagonal at {x}"
        case {"type": "circle", "r": r}:
            return f"circle of radius {r}"
        case [first, *rest]:
            return f"list starting with {first} (+{len(rest)} more)"
        case _:
            return "something else"


for cmd in ["open report.txt", "exec rm -rf /", "move north 3", "help", "", "dance now"]:
    print(f"{cmd!r:<20} -> {route(cmd)}")
for v in [Point(0, 0), Point(0, 5), Point(2, 2), {"type": "circle", "r": 1.5}, [1, 2, 3], 42]:
    print(describe(v))
