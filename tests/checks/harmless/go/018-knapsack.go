package main

import (
	"bufio"
	"fmt"
	"os"
)

type item struct {
	name          string
	weight, value int
}

func main() {
	in := bufio.NewReader(os.Stdin)
	var n, capacity int
	fmt.Fscan(in, &n, &capacity)
	if n < 0 || capacity < 0 {
		fmt.Println("n and capacity must be non-negative")
		return
	}
	items := make([]item, n)
	for i := range items {
		fmt.Fscan(in, &items[i].name, &items[i].weight, &items[i].value)
	}
	// dp[i][w] = best value using the first i items within capacity w
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, capacity+1)
	}
	for i := 1; i <= n; i++ {
		it := items[i-1]
		for w := 0; w <= capacity; w++ {
			dp[i][w] = dp[i-1][w]
			if it.weight >= 0 && it.weight <= w {
				dp[i][w] = max(dp[i][w], dp[i-1][w-it.weight]+it.value)
			}
		}
	}
	fmt.Println("best value:", dp[n][capacity])
	w := capacity
	var chosen []string
	for i := n; i > 0; i-- {
		if dp[i][w] != dp[i-1][w] {
			chosen = append(chosen, items[i-1].name)
			w -= items[i-1].weight
		}
	}
	fmt.Println("items:", chosen)
}
