package main

import (
	"bufio"
	"fmt"
	"os"
)

// The maze is read from standard input rather than with os.ReadFile.

type point struct{ r, c int }

func main() {
	sc := bufio.NewScanner(os.Stdin)
	var grid []string
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			grid = append(grid, line)
		}
	}
	var start, goal point
	found := 0
	for r, row := range grid {
		for c := 0; c < len(row); c++ {
			switch row[c] {
			case 'S':
				start = point{r, c}
				found++
			case 'G':
				goal = point{r, c}
				found++
			}
		}
	}
	if found < 2 {
		fmt.Println("grid needs an S and a G")
		return
	}
	dist := map[point]int{start: 0}
	queue := []point{start}
	dirs := [4]point{{-1, 0}, {1, 0}, {0, -1}, {0, 1}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == goal {
			break
		}
		for _, d := range dirs {
			nx := point{cur.r + d.r, cur.c + d.c}
			if nx.r < 0 || nx.r >= len(grid) || nx.c < 0 || nx.c >= len(grid[nx.r]) {
				continue
			}
			if grid[nx.r][nx.c] == '#' {
				continue
			}
			if _, seen := dist[nx]; !seen {
				dist[nx] = dist[cur] + 1
				queue = append(queue, nx)
			}
		}
	}
	if d, ok := dist[goal]; ok {
		fmt.Println("shortest path:", d)
	} else {
		fmt.Println("no path")
	}
}
