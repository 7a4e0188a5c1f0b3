package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Reads lines "a -> b" meaning a must come before b, and prints an order.
func main() {
	sc := bufio.NewScanner(os.Stdin)
	indeg := map[string]int{}
	adj := map[string][]string{}
	for sc.Scan() {
		left, right, ok := strings.Cut(sc.Text(), "->")
		if !ok {
			continue
		}
		a, b := strings.TrimSpace(left), strings.TrimSpace(right)
		if _, seen := indeg[a]; !seen {
			indeg[a] = 0
		}
		indeg[b]++
		adj[a] = append(adj[a], b)
	}
	var ready []string
	for n, d := range indeg {
		if d == 0 {
			ready = append(ready, n)
		}
	}
	var order []string
	for len(ready) > 0 {
		sort.Strings(ready)
		n := ready[0]
		ready = ready[1:]
		order = append(order, n)
		for _, m := range adj[n] {
			indeg[m]--
			if indeg[m] == 0 {
				ready = append(ready, m)
			}
		}
	}
	if len(order) != len(indeg) {
		fmt.Println("cycle detected")
		os.Exit(2)
	}
	fmt.Println(strings.Join(order, " "))
}
