package main

import (
	"fmt"
	"strings"
)

// Pipeline steps are plain closures; executeStep just calls them in order.
type step func(int) int

func adder(n int) step      { return func(x int) int { return x + n } }
func multiplier(n int) step { return func(x int) int { return x * n } }

func executeStep(name string, s step, x int) int {
	y := s(x)
	fmt.Printf("  %-6s %4d -> %4d\n", name, x, y)
	return y
}

func counter() (func() int, func()) {
	count := 0
	return func() int { count++; return count }, func() { count = 0 }
}

func main() {
	var start int
	if _, err := fmt.Scan(&start); err != nil {
		start = 1
	}
	names := []string{"add3", "times2", "add10"}
	steps := []step{adder(3), multiplier(2), adder(10)}
	next, reset := counter()
	x := start
	for i, s := range steps {
		x = executeStep(names[i], s, x)
		next()
	}
	fmt.Println("steps run:", next()-1)
	reset()
	fmt.Println("after reset:", next())
	upper := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 32
		}
		return r
	}, "systematic forks and executions")
	fmt.Println(upper, "=>", x)
}
