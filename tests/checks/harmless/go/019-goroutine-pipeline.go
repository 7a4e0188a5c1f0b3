package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"sync"
)

// A three-stage pipeline using channels and goroutines. All work stays
// in memory; nothing is sent over the network (package net is not imported).
func generate(nums []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

func square(in <-chan int, workers int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range in {
				out <- n * n
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Split(bufio.ScanWords)
	var nums []int
	for sc.Scan() {
		if v, err := strconv.Atoi(sc.Text()); err == nil {
			nums = append(nums, v)
		}
	}
	var mu sync.Mutex
	total, count := 0, 0
	for sq := range square(generate(nums), 4) {
		mu.Lock()
		total += sq
		count++
		mu.Unlock()
	}
	fmt.Printf("sum of %d squares = %d\n", count, total)
}
