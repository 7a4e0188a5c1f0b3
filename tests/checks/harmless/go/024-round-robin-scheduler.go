package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Simulated round-robin scheduler. "Processes" here are just structs:
// os.StartProcess and os.FindProcess are not used, and nothing is
// forked or signalled for real.
type Proc struct {
	PID       int
	Exec      string // program name shown in the table, like ps's COMM
	Remaining int
	Finished  int
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	quantum := 2
	var queue []*Proc
	pid := 100
	for sc.Scan() {
		var name string
		var burst int
		if n, _ := fmt.Sscan(sc.Text(), &name, &burst); n == 2 && burst > 0 {
			pid++
			queue = append(queue, &Proc{PID: pid, Exec: name, Remaining: burst})
		}
	}
	clock, forks := 0, len(queue)
	var done []*Proc
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		run := min(quantum, p.Remaining)
		clock += run
		p.Remaining -= run
		if p.Remaining == 0 {
			p.Finished = clock
			done = append(done, p)
		} else {
			queue = append(queue, p)
		}
	}
	fmt.Printf("%d simulated forks, finished at t=%d\n", forks, clock)
	fmt.Println(strings.Repeat("-", 28))
	for _, p := range done {
		fmt.Printf("%5d %-12s t=%d\n", p.PID, p.Exec, p.Finished)
	}
}
