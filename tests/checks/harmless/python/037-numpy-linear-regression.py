import numpy as np

rng = np.random.default_rng(seed=7)

# Synthetic data: y = 3.2 x1 - 1.5 x2 + 4 + noise
n = 200
X = rng.uniform(-5, 5, size=(n, 2))
true_w = np.array([3.2, -1.5])
y = X @ true_w + 4.0 + rng.normal(0, 0.8, size=n)

# Closed-form least squares with a bias column
Xb = np.column_stack([X, np.ones(n)])
w_ls, residuals, rank, _ = np.linalg.lstsq(Xb, y, rcond=None)
print("least squares:", np.round(w_ls, 3), "rank", rank)

# Gradient descent for comparison
w = np.zeros(3)
lr = 0.01
for epoch in range(2000):
    grad = 2 / n * Xb.T @ (Xb @ w - y)
    w -= lr * grad
print("gradient descent:", np.round(w, 3))

pred = Xb @ w_ls
ss_res = np.sum((y - pred) ** 2)
ss_tot = np.sum((y - y.mean()) ** 2)
print(f"R^2 = {1 - ss_res / ss_tot:.4f}, RMSE = {np.sqrt(ss_res / n):.4f}")

# Train/test split
idx = rng.permutation(n)
train, test = idx[:150], idx[150:]
w_train = np.linalg.lstsq(Xb[train], y[train], rcond=None)[0]
test_rmse = np.sqrt(np.mean((Xb[test] @ w_train - y[test]) ** 2))
print(f"test RMSE = {test_rmse:.4f}")
