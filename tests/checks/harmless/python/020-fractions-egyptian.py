from fractions import Fraction
from math import ceil


def egyptian(frac: Fraction) -> list[Fraction]:
    """Greedy decomposition into distinct unit fractions."""
    parts = []
    while frac.numerator:
        unit = Fraction(1, ceil(frac.denominator / frac.numerator))
        parts.append(unit)
        frac -= unit
    return parts


def harmonic(n: int) -> Fraction:
    return sum((Fraction(1, k) for k in range(1, n + 1)), Fraction(0))


def continued_fraction(frac: Fraction) -> list[int]:
    terms = []
    while True:
        whole = frac.numerator // frac.denominator
        terms.append(whole)
        frac -= whole
        if frac == 0:
            return terms
        frac = 1 / frac


for f in (Fraction(4, 13), Fraction(5, 6), Fraction(7, 15)):
    print(f"{str(f):>5} = " + " + ".join(str(p) for p in egyptian(f)))

print("H(10) =", harmonic(10), "~", float(harmonic(10)))
print("355/113 ->", continued_fraction(Fraction(355, 113)))
print("pi approx:", Fraction(3.14159265).limit_denominator(1000))
