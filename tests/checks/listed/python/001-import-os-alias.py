# expect: python-import-os
import os as o

def list_inputs(folder):
    return sorted(name for name in o.listdir(folder) if name.endswith(".txt"))

for name in list_inputs("."):
    print(name)
