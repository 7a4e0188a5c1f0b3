# Amounts are written as strings and parsed by Decimal; never hand user text
# to eval() to turn "12.50" into a number.
from decimal import Decimal, ROUND_HALF_UP, getcontext

getcontext().prec = 28
CENT = Decimal("0.01")

LINES = [
    ("Consulting (hours)", Decimal("12.5"), Decimal("85.00")),
    ("License", Decimal("1"), Decimal("499.99")),
    ("Travel", Decimal("1"), Decimal("123.456")),
]
TAX_RATE = Decimal("0.0825")
DISCOUNT = Decimal("0.05")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def invoice(lines, tax_rate, discount):
    subtotal = sum((money(q * p) for _, q, p in lines), Decimal(0))
    disc = money(subtotal * discount)
    tax = money((subtotal - disc) * tax_rate)
    return subtotal, disc, tax, subtotal - disc + tax


for desc, qty, price in LINES:
    print(f"{desc:<22}{qty:>6} x {price:>9} = {money(qty * price):>10}")
subtotal, disc, tax, total = invoice(LINES, TAX_RATE, DISCOUNT)
print("-" * 52)
for label, amount in [("Subtotal", subtotal), ("Discount", -disc), ("Tax", tax), ("Total", total)]:
    print(f"{label:>40}{amount:>12,}")

print(0.1 + 0.2 == 0.3, Decimal("0.1") + Decimal("0.2") == Decimal("0.3"))
