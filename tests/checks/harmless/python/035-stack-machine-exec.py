"""A tiny stack machine.

`machine.exec(program)` runs our own bytecode-like instruction list.  It has
nothing to do with Python's exec() builtin: no strings of Python code are
ever run.
"""
from collections import deque


class StackMachine:
    def __init__(self, trace: bool = False):
        self.stack: list[int] = []
        self.trace = trace
        self.ops = {
            "add": lambda a, b: a + b,
            "sub": lambda a, b: a - b,
            "mul": lambda a, b: a * b,
            "div": lambda a, b: a // b,
        }

    def step(self, op: str, arg=None) -> None:
        if op == "push":
            self.stack.append(arg)
        elif op == "dup":
            self.stack.append(self.stack[-1])
        elif op == "swap":
            self.stack[-1], self.stack[-2] = self.stack[-2], self.stack[-1]
        elif op in self.ops:
            b, a = self.stack.pop(), self.stack.pop()
            self.stack.append(self.ops[op](a, b))
        else:
            raise ValueError(f"unknown instruction {op!r}")
        if self.trace:
            print(f"  {op:<5}{'' if arg is None else arg!s:<4} -> {self.stack}")

    def exec(self, program) -> int:
        queue = deque(program)
        while queue:
            self.step(*queue.popleft())
        return self.stack[-1]


def assemble(source: str):
    for line in source.strip().splitlines():
        op, *rest = line.split()
        yield (op, int(rest[0])) if rest else (op,)


PROGRAM = """
push 6
push 7
mul
dup
push 2
swap
sub
"""

machine = StackMachine(trace=True)
print("result:", machine.exec(assemble(PROGRAM)))
print("square of 12:", StackMachine().exec([("push", 12), ("dup",), ("mul",)]))
