package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// notes lists features the sandbox rejects; they are only printed.
var notes = []string{
	`import "unsafe" is rejected`,
	`import "syscall" is rejected`,
	`a //go:embed directive is rejected`,
	`os.Getenv("HOME") is flagged`,
	"os.WriteFile(\"out.txt\", data, 0644) is flagged",
}

func main() {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	if len(os.Args) > 1 && os.Args[1] == "--notes" {
		for i, n := range notes {
			fmt.Fprintf(w, "%d. %s\n", i+1, n)
		}
		return
	}
	sc := bufio.NewScanner(os.Stdin)
	lines, chars := 0, 0
	longest := ""
	for sc.Scan() {
		t := sc.Text()
		lines++
		chars += len(t)
		if len(t) > len(longest) {
			longest = t
		}
	}
	if lines == 0 {
		fmt.Fprintln(w, "no input")
		w.Flush()
		os.Exit(1)
	}
	fmt.Fprintf(w, "lines=%d chars=%d avg=%.2f\n", lines, chars, float64(chars)/float64(lines))
	fmt.Fprintf(w, "longest: %s\n", strings.TrimSpace(longest))
}
