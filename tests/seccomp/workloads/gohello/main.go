// A Go program that exercises goroutines, the runtime's threads and os/exec.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	results := make([]int, 16)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = i * i
		}(i)
	}
	wg.Wait()
	if results[15] != 225 {
		fmt.Println("goroutines failed")
		os.Exit(1)
	}
	out, err := exec.Command("sh", "-c", "echo child").Output()
	if err != nil || string(out) != "child\n" {
		fmt.Println("os/exec failed:", err)
		os.Exit(1)
	}
	fmt.Println("OK go")
}
