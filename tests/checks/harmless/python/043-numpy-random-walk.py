import numpy as np

rng = np.random.default_rng(2024)
n_walkers, n_steps = 1000, 500

steps = rng.choice([-1, 1], size=(n_walkers, n_steps))
positions = np.cumsum(steps, axis=1)

final = positions[:, -1]
print(f"final position: mean={final.mean():.3f} std={final.std():.3f} (theory {np.sqrt(n_steps):.3f})")

max_excursion = np.abs(positions).max(axis=1)
print("median max excursion:", np.median(max_excursion))

crossed = (positions >= 30).any(axis=1)
first_hit = np.where(crossed, (positions >= 30).argmax(axis=1), -1)
print(f"{crossed.mean():.1%} of walkers reached +30; mean first hit step {first_hit[crossed].mean():.1f}")

returns = (positions == 0).sum(axis=1)
print("returns to origin: mean", returns.mean().round(2), "max", returns.max())

hist, edges = np.histogram(final, bins=np.arange(-80, 81, 20))
for count, lo, hi in zip(hist, edges[:-1], edges[1:]):
    print(f"[{lo:>4}, {hi:>4}) {'*' * (count // 10)}")

# 2-D walk
angles = rng.uniform(0, 2 * np.pi, size=n_steps)
path = np.cumsum(np.column_stack([np.cos(angles), np.sin(angles)]), axis=0)
print("2-D end-to-end distance:", np.linalg.norm(path[-1]).round(3))
