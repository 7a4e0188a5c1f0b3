import string
from itertools import cycle

ALPHA = string.ascii_lowercase


def caesar(text: str, shift: int) -> str:
    table = str.maketrans(
        ALPHA + ALPHA.upper(),
        ALPHA[shift:] + ALPHA[:shift] + (ALPHA[shift:] + ALPHA[:shift]).upper(),
    )
    return text.translate(table)


def vigenere(text: str, key: str, decrypt: bool = False) -> str:
    sign = -1 if decrypt else 1
    shifts = cycle(ALPHA.index(k) for k in key.lower())
    out = []
    for ch in text:
        if ch.lower() in ALPHA:
            base = ord("a") if ch.islower() else ord("A")
            out.append(chr((ord(ch) - base + sign * next(shifts)) % 26 + base))
        else:
            out.append(ch)
    return "".join(out)


def atbash(text: str) -> str:
    return text.translate(str.maketrans(ALPHA + ALPHA.upper(), ALPHA[::-1] + ALPHA.upper()[::-1]))


def crack_caesar(cipher: str) -> tuple[int, str]:
    common = "etaoinshr"
    score = lambda s: sum(s.lower().count(c) * (len(common) - i) for i, c in enumerate(common))
    return max(((k, caesar(cipher, -k % 26)) for k in range(26)), key=lambda kv: score(kv[1]))


msg = "Attack at dawn, meet me at the old oak tree!"
c = caesar(msg, 3)
print(c, "|", caesar(c, 23))
v = vigenere(msg, "lemon")
print(v, "|", vigenere(v, "lemon", decrypt=True))
print(atbash(msg))
print("cracked:", crack_caesar(caesar(msg, 11)))
print(string.punctuation, string.digits, string.hexdigits)
