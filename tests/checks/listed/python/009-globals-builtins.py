# expect: python-dynamic-code
b = globals()['__builtins__']
table = b if isinstance(b, dict) else vars(b)
ev = table['eval']
print(ev("sum(range(10))"))
