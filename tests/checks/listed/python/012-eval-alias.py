# expect: python-dynamic-code
e = eval
values = [e('1'), e('2 + 3'), e('len("abc")')]
print(values)
