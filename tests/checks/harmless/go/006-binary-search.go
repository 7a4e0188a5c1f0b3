package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

// Reads a list of numbers, then answers lower-bound queries against it.
func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()

	var n, q int
	fmt.Fscan(in, &n)
	xs := make([]int, n)
	for i := range xs {
		fmt.Fscan(in, &xs[i])
	}
	sort.Ints(xs)
	fmt.Fscan(in, &q)
	for ; q > 0; q-- {
		var target int
		fmt.Fscan(in, &target)
		idx := sort.SearchInts(xs, target)
		if idx < len(xs) && xs[idx] == target {
			fmt.Fprintf(out, "%d found at %d\n", target, idx)
		} else {
			fmt.Fprintf(out, "%d missing, would insert at %d\n", target, idx)
		}
	}
	// manual binary search: how many elements are <= the median
	limit := 0
	if n > 0 {
		limit = xs[n/2]
	}
	lo, hi := 0, n
	for lo < hi {
		mid := lo + (hi-lo)/2
		if xs[mid] <= limit {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	fmt.Fprintf(out, "%d elements <= %d\n", lo, limit)
}
