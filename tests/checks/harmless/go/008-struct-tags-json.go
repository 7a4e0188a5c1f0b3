package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Store describes a shop. Open and Exec are ordinary fields (opening
// hours flag, executive on duty); nothing is opened or executed.
type Store struct {
	Name  string   `json:"name"`
	Open  bool     `json:"open"`
	Exec  string   `json:"exec,omitempty"`
	Hours []int    `json:"hours"`
	Tags  []string `json:"tags,omitempty"`
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	var stores []Store
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		if len(fields) < 3 {
			continue
		}
		s := Store{
			Name:  strings.TrimSpace(fields[0]),
			Open:  strings.TrimSpace(fields[1]) == "yes",
			Exec:  strings.TrimSpace(fields[2]),
			Hours: []int{9, 17},
		}
		if s.Open {
			s.Tags = append(s.Tags, "trading")
		}
		stores = append(stores, s)
	}
	data, err := json.MarshalIndent(stores, "", "  ")
	if err != nil {
		fmt.Println("encode error:", err)
		os.Exit(1)
	}
	fmt.Println(string(data))
	openCount := 0
	for _, s := range stores {
		if s.Open {
			openCount++
		}
	}
	fmt.Printf("%d of %d stores are open\n", openCount, len(stores))
}
