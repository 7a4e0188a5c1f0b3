package main

import (
	"bufio"
	"fmt"
	"os"
)

// DSU is a disjoint-set union with path compression and union by size.
type DSU struct {
	parent []int
	size   []int
}

func NewDSU(n int) *DSU {
	d := &DSU{parent: make([]int, n), size: make([]int, n)}
	for i := range d.parent {
		d.parent[i] = i
		d.size[i] = 1
	}
	return d
}

func (d *DSU) Find(x int) int {
	for d.parent[x] != x {
		d.parent[x] = d.parent[d.parent[x]]
		x = d.parent[x]
	}
	return x
}

func (d *DSU) Union(a, b int) bool {
	ra, rb := d.Find(a), d.Find(b)
	if ra == rb {
		return false
	}
	if d.size[ra] < d.size[rb] {
		ra, rb = rb, ra
	}
	d.parent[rb] = ra
	d.size[ra] += d.size[rb]
	return true
}

func main() {
	in := bufio.NewReader(os.Stdin)
	var n, m int
	fmt.Fscan(in, &n, &m)
	d := NewDSU(n)
	components := n
	for i := 0; i < m; i++ {
		var a, b int
		if _, err := fmt.Fscan(in, &a, &b); err != nil {
			break
		}
		if a < 1 || a > n || b < 1 || b > n {
			continue
		}
		if d.Union(a-1, b-1) {
			components--
		}
	}
	fmt.Println("components:", components)
}
