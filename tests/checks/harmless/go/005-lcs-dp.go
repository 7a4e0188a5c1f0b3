package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// lcs returns the longest common subsequence of a and b.
func lcs(a, b []rune) string {
	n, m := len(a), len(b)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	var sb strings.Builder
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			sb.WriteRune(a[i])
			i++
			j++
		case dp[i+1][j] >= dp[i][j+1]:
			i++
		default:
			j++
		}
	}
	return sb.String()
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	lines := make([]string, 0, 2)
	for len(lines) < 2 && sc.Scan() {
		lines = append(lines, strings.TrimSpace(sc.Text()))
	}
	if len(lines) < 2 {
		fmt.Println("need two lines of input")
		os.Exit(1)
	}
	res := lcs([]rune(lines[0]), []rune(lines[1]))
	fmt.Printf("length %d: %q\n", len([]rune(res)), res)
}
