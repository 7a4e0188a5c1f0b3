from functools import cmp_to_key, reduce

people = [
    {"name": "Ada", "age": 36, "city": "London"},
    {"name": "Grace", "age": 85, "city": "New York"},
    {"name": "Linus", "age": 28, "city": "Helsinki"},
    {"name": "Barbara", "age": 36, "city": "Boston"},
    {"name": "alan", "age": 41, "city": "London"},
]

by_age_then_name = sorted(people, key=lambda p: (p["age"], p["name"].lower()))
print([p["name"] for p in by_age_then_name])

print([p["name"] for p in sorted(people, key=lambda p: (p["city"], p["name"]))])
print(max(people, key=lambda p: len(p["name"]))["name"])

version_strings = ["1.10.0", "1.2.9", "1.2.10", "0.9", "1.2"]
print(sorted(version_strings, key=lambda v: tuple(map(int, v.split(".")))))

def compare_len_then_alpha(a, b):
    return (len(a) > len(b)) - (len(a) < len(b)) or (a > b) - (a < b)

print(sorted(["pear", "fig", "apple", "kiwi", "date"], key=cmp_to_key(compare_len_then_alpha)))

square = lambda x: x * x
is_even = lambda x: x % 2 == 0
print(reduce(lambda acc, x: acc + x, map(square, filter(is_even, range(10))), 0))
print(sorted(range(-5, 6), key=abs))
