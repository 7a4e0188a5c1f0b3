package main

import "fmt"

const mod = 1_000_000_007

type matrix [2][2]int64

func mul(a, b matrix) matrix {
	var c matrix
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			var s int64
			for k := 0; k < 2; k++ {
				s = (s + a[i][k]*b[k][j]) % mod
			}
			c[i][j] = s
		}
	}
	return c
}

func power(m matrix, e uint64) matrix {
	res := matrix{{1, 0}, {0, 1}}
	for e > 0 {
		if e&1 == 1 {
			res = mul(res, m)
		}
		m = mul(m, m)
		e >>= 1
	}
	return res
}

func main() {
	var n uint64
	for {
		if _, err := fmt.Scan(&n); err != nil {
			break
		}
		f := power(matrix{{1, 1}, {1, 0}}, n)
		fmt.Printf("F(%d) mod %d = %d\n", n, mod, f[0][1])
	}
}
