class Matrix {
  constructor(rows) {
    this.rows = rows.map((r) => r.slice());
    this.n = rows.length;
    this.m = rows[0].length;
  }

  static identity(n) {
    return new Matrix(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => +(i === j))));
  }

  mul(other) {
    return new Matrix(
      this.rows.map((row) =>
        other.rows[0].map((_, j) => row.reduce((sum, v, k) => sum + v * other.rows[k][j], 0))
      )
    );
  }

  pow(e) {
    let result = Matrix.identity(this.n);
    let base = this;
    while (e > 0) {
      if (e & 1) result = result.mul(base);
      base = base.mul(base);
      e >>= 1;
    }
    return result;
  }

  transpose() {
    return new Matrix(this.rows[0].map((_, j) => this.rows.map((r) => r[j])));
  }

  determinant() {
    const a = this.rows.map((r) => r.slice());
    let det = 1;
    for (let c = 0; c < this.n; c++) {
      let p = c;
      for (let r = c + 1; r < this.n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
      if (a[p][c] === 0) return 0;
      if (p !== c) { [a[p], a[c]] = [a[c], a[p]]; det = -det; }
      det *= a[c][c];
      for (let r = c + 1; r < this.n; r++) {
        const f = a[r][c] / a[c][c];
        for (let k = c; k < this.n; k++) a[r][k] -= f * a[c][k];
      }
    }
    return det;
  }

  toString() {
    return this.rows.map((r) => r.map((v) => String(+v.toFixed(3)).padStart(8)).join('')).join('\n');
  }
}

const fib = new Matrix([[1, 1], [1, 0]]);
console.log('F(30) =', fib.pow(30).rows[0][1]);
const a = new Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]);
console.log(a.mul(a.transpose()).toString());
console.log('det =', a.determinant().toFixed(6));
