package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Set is a small generic set. Its Remove method deletes from memory only;
// unlike os.Remove or os.RemoveAll it never touches the file system.
type Set[T comparable] struct {
	items map[T]struct{}
}

func NewSet[T comparable]() *Set[T] {
	return &Set[T]{items: make(map[T]struct{})}
}

func (s *Set[T]) Add(v T)      { s.items[v] = struct{}{} }
func (s *Set[T]) Remove(v T)   { delete(s.items, v) }
func (s *Set[T]) Has(v T) bool { _, ok := s.items[v]; return ok }
func (s *Set[T]) Len() int     { return len(s.items) }

func Keys[T comparable](s *Set[T], less func(a, b T) bool) []T {
	out := make([]T, 0, s.Len())
	for k := range s.items {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

func main() {
	set := NewSet[string]()
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		switch cmd {
		case "add":
			set.Add(arg)
		case "remove":
			set.Remove(arg)
		case "has":
			fmt.Println(arg, set.Has(arg))
		}
	}
	fmt.Println("final:", Keys(set, func(a, b string) bool { return a < b }))
}
