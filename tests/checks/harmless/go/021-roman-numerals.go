package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

var values = []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
var symbols = []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}

func toRoman(n int) string {
	var b strings.Builder
	for i, v := range values {
		for n >= v {
			b.WriteString(symbols[i])
			n -= v
		}
	}
	return b.String()
}

func fromRoman(s string) (int, bool) {
	val := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
	total := 0
	for i := 0; i < len(s); i++ {
		v, ok := val[s[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(s) && val[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	return total, toRoman(total) == s
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		tok := strings.ToUpper(strings.TrimSpace(sc.Text()))
		if tok == "" {
			continue
		}
		if n, err := strconv.Atoi(tok); err == nil {
			if n <= 0 || n >= 4000 {
				fmt.Println(n, "out of range")
				continue
			}
			fmt.Println(n, "=", toRoman(n))
		} else if v, ok := fromRoman(tok); ok {
			fmt.Println(tok, "=", v)
		} else {
			fmt.Println(tok, "is not a canonical numeral")
		}
	}
}
