# expect: python-importlib
import sys

name = sys.stdin.readline().strip()
mod = __import__(name)
print(getattr(mod, "__name__", "?"), "loaded")
