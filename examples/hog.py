# An untrusted program that wants more memory than it is given: it keeps
# 16 MiB strings (written, so really in memory) until the limit stops it.
hoard = []
while True:
    hoard.append("x" * (16 << 20))
    print(f"holding {16 * len(hoard)} MiB", flush=True)
