package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
)

func key(w string) string {
	rs := []rune(strings.ToLower(w))
	slices.Sort(rs)
	return string(rs)
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Split(bufio.ScanWords)
	groups := map[string][]string{}
	for sc.Scan() {
		w := sc.Text()
		k := key(w)
		if !slices.Contains(groups[k], w) {
			groups[k] = append(groups[k], w)
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(groups[keys[i]]) != len(groups[keys[j]]) {
			return len(groups[keys[i]]) > len(groups[keys[j]])
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		slices.Sort(g)
		fmt.Printf("%s: %s\n", k, strings.Join(g, ", "))
	}
}
