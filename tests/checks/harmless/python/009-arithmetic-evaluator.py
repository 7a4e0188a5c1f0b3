"""A safe arithmetic evaluator.

Unlike the built-in eval(), which runs arbitrary Python code, this module
only understands numbers, + - * / ^ and parentheses.  Nothing here calls
eval, exec or compile: the expression is tokenized and parsed by hand.
"""
import re
from fractions import Fraction

TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|(.))")


def tokenize(text):
    for number, op in TOKEN.findall(text):
        if number:
            yield ("num", Fraction(number))
        elif op.strip():
            yield ("op", op)
    yield ("end", None)


class Parser:
    def __init__(self, text):
        self.tokens = list(tokenize(text))
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos]

    def take(self):
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expr(self):
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            value = value + self.term() if self.take()[1] == "+" else value - self.term()
        return value

    def term(self):
        value = self.power()
        while self.peek() in (("op", "*"), ("op", "/")):
            value = value * self.power() if self.take()[1] == "*" else value / self.power()
        return value

    def power(self):
        base = self.atom()
        if self.peek() == ("op", "^"):
            self.take()
            return base ** int(self.power())
        return base

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return value
        if value == "-":
            return -self.atom()
        if value == "(":
            inner = self.expr()
            assert self.take() == ("op", ")"), "expected )"
            return inner
        raise SyntaxError(f"unexpected token {value!r}")


def evaluate(text: str) -> Fraction:
    return Parser(text).expr()


for src in ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "7 / 2 - 1/3", "-(4 - 10) * 0.5"]:
    print(f"{src:<18} = {evaluate(src)}")
