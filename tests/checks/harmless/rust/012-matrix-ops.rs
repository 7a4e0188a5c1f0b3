use std::io::{self, Read};
use std::ops::{Add, Mul};

const MOD: u64 = 1_000_000_007;
#[derive(Clone, Debug, PartialEq)]
struct Matrix {
    n: usize,
    a: Vec<u64>,
}

impl Matrix {
    fn identity(n: usize) -> Self {
        let mut a = vec![0; n * n];
        for i in 0..n {
            a[i * n + i] = 1;
        }
        Matrix { n, a }
    }

    fn pow(&self, mut e: u64) -> Self {
        let mut base = self.clone();
        let mut result = Matrix::identity(self.n);
        while e > 0 {
            if e & 1 == 1 {
                result = &result * &base;
            }
            base = &base * &base;
            e >>= 1;
        }
        result
    }
}

impl<'a> Mul for &'a Matrix {
    type Output = Matrix;
    fn mul(self, rhs: &'a Matrix) -> Matrix {
        let n = self.n;
        let mut a = vec![0u64; n * n];
        for i in 0..n {
            for k in 0..n {
                let x = self.a[i * n + k];
                for j in 0..n {
                    a[i * n + j] = (a[i * n + j] + x * rhs.a[k * n + j]) % MOD;
                }
            }
        }
        Matrix { n, a }
    }
}

impl Add for Matrix {
    type Output = Matrix;
    fn add(self, rhs: Matrix) -> Matrix {
        let a = self.a.iter().zip(&rhs.a).map(|(x, y)| (x + y) % MOD).collect();
        Matrix { n: self.n, a }
    }
}

fn main() {
    let mut s = String::new();
    io::stdin().read_to_string(&mut s).unwrap();
    let nums: Vec<u64> = s.split_whitespace().filter_map(|t| t.parse().ok()).collect();
    let (n, e) = match nums.as_slice() {
        [n, e, ..] => (*n as usize, *e),
        _ => (2, 10),
    };
    let cells = &nums[nums.len().min(2)..];
    let m = if n > 0 && n <= 50 && cells.len() >= n * n {
        Matrix { n, a: cells[..n * n].iter().map(|v| v % MOD).collect() }
    } else {
        Matrix { n: 2, a: vec![1, 1, 1, 0] } // the Fibonacci matrix
    };
    let p = m.pow(e);
    let sum = p.clone() + Matrix::identity(m.n);
    for row in p.a.chunks(m.n) {
        println!("{:?}", row);
    }
    println!("trace of M^e + I: {}", (0..m.n).map(|i| sum.a[i * m.n + i]).sum::<u64>() % MOD);
}
