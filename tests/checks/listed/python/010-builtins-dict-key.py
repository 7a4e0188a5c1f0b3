# expect: python-dynamic-code
k = "".join(["e", "x", "e", "c"])
f = __builtins__.__dict__[k]
f("print('hello from ' + __name__)")
