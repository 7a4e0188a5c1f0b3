# expect: python-importlib python-import-subprocess
sp = __import__('subprocess')

out = sp.run(["id"], capture_output=True, text=True)
print(out.stdout.strip())
