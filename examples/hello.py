# An untrusted program: it computes, prints, and sees only its sandbox.
import platform
import sys

total = sum(i * i for i in range(1_000_000))
print(f"hello from Python {platform.python_version()}: sum of squares = {total}")
print("argv:", sys.argv)
