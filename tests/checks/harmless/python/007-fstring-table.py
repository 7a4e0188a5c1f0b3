from dataclasses import dataclass


@dataclass
class Row:
    name: str
    qty: int
    price: float


rows = [Row("widget", 3, 2.5), Row("gadget's case", 12, 19.99), Row('say "hi"', 1, 0.1)]
w = max(len(repr(r.name)) for r in rows) + 2
prec = 2

header = f"{'name':>{w}} | {'qty':^5} | {'price':>8}"
print(header)
print(f"{'-' * len(header)}")
for r in rows:
    print(f"{r.name!r:>{w}} | {r.qty:^5d} | {r.price:>8.{prec}f}")

total = sum(r.qty * r.price for r in rows)
print(f"{{total}} = {total:,.{prec}f}")
print(f"{'ok' if total > 100 else 'small'} order; items={[r.name for r in rows]!s}")
print(f"{total=:.1f} {len(rows)=}")
nested = {"a": {"b": [1, 2, 3]}}
print(f"last of a.b is {nested['a']['b'][-1]:03d} and braces look like {{this}}")
pct = 0.4567
print(f"{pct:.1%} {pct:+.3e} {255:#x} {255:08b} {'left':<8}|{'right':>8}|")
