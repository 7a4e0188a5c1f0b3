package main

import (
	"bufio"
	"container/heap"
	"fmt"
	"math"
	"os"
)

type edge struct{ to, w int }

type item struct{ node, dist int }

type pq []item

func (p pq) Len() int           { return len(p) }
func (p pq) Less(i, j int) bool { return p[i].dist < p[j].dist }
func (p pq) Swap(i, j int)      { p[i], p[j] = p[j], p[i] }
func (p *pq) Push(x any)        { *p = append(*p, x.(item)) }
func (p *pq) Pop() any {
	old := *p
	it := old[len(old)-1]
	*p = old[:len(old)-1]
	return it
}

func main() {
	in := bufio.NewReader(os.Stdin)
	var n, m, src int
	fmt.Fscan(in, &n, &m, &src)
	if src < 1 || src > n {
		fmt.Println("source out of range")
		return
	}
	adj := make([][]edge, n+1)
	for i := 0; i < m; i++ {
		var u, v, w int
		fmt.Fscan(in, &u, &v, &w)
		adj[u] = append(adj[u], edge{v, w})
		adj[v] = append(adj[v], edge{u, w})
	}
	dist := make([]int, n+1)
	for i := range dist {
		dist[i] = math.MaxInt64
	}
	dist[src] = 0
	h := &pq{{src, 0}}
	for h.Len() > 0 {
		cur := heap.Pop(h).(item)
		if cur.dist > dist[cur.node] {
			continue
		}
		for _, e := range adj[cur.node] {
			nd := cur.dist + e.w
			if nd < dist[e.to] {
				dist[e.to] = nd
				heap.Push(h, item{e.to, nd})
			}
		}
	}
	for v := 1; v <= n; v++ {
		if dist[v] == math.MaxInt64 {
			fmt.Printf("%d: unreachable\n", v)
		} else {
			fmt.Printf("%d: %d\n", v, dist[v])
		}
	}
}
