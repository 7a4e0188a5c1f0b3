Matrix = list[list[float]]

A: Matrix = [
    [2, -1, 0],
    [-1, 2, -1],
    [0, -1, 2],
]
B: Matrix = [
    [1, 2],
    [3, 4],
    [5, 6],
]


def matmul(x: Matrix, y: Matrix) -> Matrix:
    return [
        [
            sum(x[i][k] * y[k][j] for k in range(len(y)))
            for j in range(len(y[0]))
        ]
        for i in range(len(x))
    ]


def transpose(m: Matrix) -> Matrix:
    return [list(row) for row in zip(*m)]


def determinant(m: Matrix) -> float:
    if len(m) == 1:
        return m[0][0]
    return sum(
        (-1) ** c * m[0][c] * determinant([row[:c] + row[c + 1:] for row in m[1:]])
        for c in range(len(m))
    )


def identity(n: int) -> Matrix:
    return [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]


def show(name: str, m: Matrix) -> None:
    print(f"{name} =")
    for row in m:
        print("  [" + ", ".join(f"{v:6.1f}" for v in row) + "]")


show("A @ B", matmul(A, B))
show("B^T", transpose(B))
show("A @ I", matmul(A, identity(3)))
print("det(A) =", determinant(A))
print("trace(A) =", sum(A[i][i] for i in range(len(A))))
