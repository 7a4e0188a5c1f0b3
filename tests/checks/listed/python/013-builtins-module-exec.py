# expect: python-dynamic-code
import builtins as b

program = "total = 0\nfor i in range(5):\n    total += i\nprint(total)"
b.exec(program, {})
