# expect: python-dynamic-code
def calc(expr):
    fn = getattr(__builtins__, 'ev' + 'al')
    return fn(expr)

print(calc("2 ** 10"))
print(calc("__import__('os').getuid()"))
