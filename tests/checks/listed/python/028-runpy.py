# expect: python-importlib
import runpy

ns = runpy.run_module("platform", run_name="not_main")
print(ns["system"]())
