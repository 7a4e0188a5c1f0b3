package main

// Pure Go sieve: no cgo, so there is no import "C" and no C compiler involved.

import (
	"bufio"
	"fmt"
	"os"
)

func sieve(n int) []int {
	if n < 2 {
		return nil
	}
	composite := make([]bool, n+1)
	primes := []int{}
	for i := 2; i <= n; i++ {
		if composite[i] {
			continue
		}
		primes = append(primes, i)
		for j := i * i; j <= n; j += i {
			composite[j] = true
		}
	}
	return primes
}

func main() {
	var n int
	if _, err := fmt.Scan(&n); err != nil {
		fmt.Println("expected an integer")
		os.Exit(1)
	}
	primes := sieve(n)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%d primes up to %d\n", len(primes), n)
	for i, p := range primes {
		if i > 0 {
			w.WriteString(" ")
		}
		fmt.Fprint(w, p)
	}
	w.WriteString("\n")
}
