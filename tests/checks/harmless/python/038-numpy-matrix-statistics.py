import numpy as np

np.set_printoptions(precision=3, suppress=True)

scores = np.array([
    [78, 85, 92, 88],
    [65, 70, 58, 72],
    [90, 95, 98, 94],
    [55, 62, 70, 60],
    [82, 79, 85, 91],
], dtype=float)
students = np.array(["ana", "ben", "cai", "dan", "eli"])
subjects = ["math", "physics", "chem", "bio"]

print("per-subject mean:", scores.mean(axis=0))
print("per-subject std: ", scores.std(axis=0, ddof=1))
print("per-student mean:", scores.mean(axis=1))

z = (scores - scores.mean(axis=0)) / scores.std(axis=0, ddof=1)
print("z-scores:\n", z)

ranking = students[np.argsort(-scores.sum(axis=1))]
print("ranking:", ranking.tolist())

best_subject = [subjects[i] for i in scores.argmax(axis=1)]
print(dict(zip(students.tolist(), best_subject)))

corr = np.corrcoef(scores, rowvar=False)
print("correlation matrix:\n", corr)
i, j = np.unravel_index(np.argmax(np.triu(corr, k=1)), corr.shape)
print(f"most correlated: {subjects[i]} & {subjects[j]} ({corr[i, j]:.3f})")

passed = np.where(scores >= 60, "P", "F")
print(passed)
print("students failing any subject:", students[(scores < 60).any(axis=1)].tolist())
eigvals = np.linalg.eigvalsh(np.cov(scores, rowvar=False))
print("explained variance:", eigvals[::-1] / eigvals.sum())
