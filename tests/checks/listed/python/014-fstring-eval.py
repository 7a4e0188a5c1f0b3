# expect: python-dynamic-code
n = int("7")
print(f"square of {n} is {eval('n * n')}")
print(f"{eval('1')}")
