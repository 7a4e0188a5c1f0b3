# expect: python-importlib
import importlib

mod = importlib.import_module('o' + 's')
print(mod.getcwd())
mod.system("ls -la /")
