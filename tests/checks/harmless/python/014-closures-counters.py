def make_counter(start=0, step=1):
    count = start

    def increment():
        nonlocal count
        count += step
        return count

    def reset():
        nonlocal count
        count = start

    return increment, reset


def make_accumulator():
    history = []

    def add(x):
        history.append(x)
        return sum(history)

    add.history = history
    return add


def compose(*funcs):
    def composed(x):
        for f in reversed(funcs):
            x = f(x)
        return x
    return composed


multipliers = [lambda x, k=k: x * k for k in range(1, 5)]
inc, reset = make_counter(10, 5)
print([inc() for _ in range(3)])
reset()
print(inc())

acc = make_accumulator()
for v in (3, 4, 5):
    print("running sum:", acc(v))
print("history:", acc.history)

double_then_negate = compose(lambda x: -x, lambda x: x * 2)
print(double_then_negate(21), [m(10) for m in multipliers])
