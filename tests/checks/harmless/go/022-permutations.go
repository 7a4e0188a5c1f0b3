package main

import (
	"fmt"
	"sort"
	"strings"
)

// permute generates all distinct permutations of the sorted runes rs.
func permute(rs []rune, used []bool, cur []rune, out *[]string) {
	if len(cur) == len(rs) {
		*out = append(*out, string(cur))
		return
	}
	for i := range rs {
		if used[i] || (i > 0 && rs[i] == rs[i-1] && !used[i-1]) {
			continue
		}
		used[i] = true
		permute(rs, used, append(cur, rs[i]), out)
		used[i] = false
	}
}

func main() {
	var word string
	if _, err := fmt.Scan(&word); err != nil {
		word = "abc"
	}
	if len([]rune(word)) > 8 {
		fmt.Println("word too long; keep it to 8 letters")
		return
	}
	rs := []rune(word)
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	var out []string
	permute(rs, make([]bool, len(rs)), make([]rune, 0, len(rs)), &out)
	fmt.Printf("%d distinct permutations of %q\n", len(out), word)
	fmt.Println(strings.Join(out, " "))
}
