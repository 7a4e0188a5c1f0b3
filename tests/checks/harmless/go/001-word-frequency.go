package main

// Word frequency counter.
// Input comes only from os.Stdin; os.Open and os.ReadFile are never needed.

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
)

type entry struct {
	word  string
	count int
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Split(bufio.ScanWords)
	counts := make(map[string]int)
	for sc.Scan() {
		w := strings.ToLower(strings.Trim(sc.Text(), ".,;:!?\"'()"))
		if w != "" {
			counts[w]++
		}
	}
	entries := make([]entry, 0, len(counts))
	for w, c := range counts {
		entries = append(entries, entry{w, c})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].count != entries[j].count {
			return entries[i].count > entries[j].count
		}
		return entries[i].word < entries[j].word
	})
	limit := min(10, len(entries))
	for _, e := range entries[:limit] {
		fmt.Printf("%-15s %d\n", e.word, e.count)
	}
}
