package main

import (
	"fmt"
	"math/big"
	"strings"
)

func factorial(n int64) *big.Int {
	r := big.NewInt(1)
	for i := int64(2); i <= n; i++ {
		r.Mul(r, big.NewInt(i))
	}
	return r
}

func digitSum(x *big.Int) int {
	s := 0
	for _, c := range x.String() {
		s += int(c - '0')
	}
	return s
}

func main() {
	var n int64
	if _, err := fmt.Scan(&n); err != nil || n < 0 || n > 20000 {
		fmt.Println("please give an integer between 0 and 20000")
		return
	}
	f := factorial(n)
	str := f.String()
	fmt.Printf("%d! has %d digits\n", n, len(str))
	fmt.Println("digit sum:", digitSum(f))
	trailing := len(str) - len(strings.TrimRight(str, "0"))
	fmt.Println("trailing zeros:", trailing)
	// central binomial coefficient via big.Int
	c := new(big.Int).Binomial(n, n/2)
	fmt.Printf("C(%d,%d) = %s\n", n, n/2, c)
}
