# expect: python-dynamic-code
source = "def greet(x):\n    return 'hi ' + x\n"
code = compile(source, "<generated>", "exec")
ns = {}
exec(code, ns)
print(ns["greet"]("there"))
