package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// A tiny quoting helper. The usage text is a raw string, so the
// backslashes and quotes inside it are literal.
const usage = `quote: wraps each input line in single quotes.
  It escapes ' as '\'' the way a POSIX shell would,
  but nothing here is ever handed to a shell: os/exec is not imported
  and exec.Command("sh", "-c", line) does not appear in the code.`

func shellQuote(s string) string {
	var b strings.Builder
	b.WriteRune('\'')
	for _, r := range s {
		if r == '\'' {
			b.WriteString(`'\''`)
		} else {
			b.WriteRune(r)
		}
	}
	b.WriteRune('\'')
	return b.String()
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-h" {
		fmt.Println(usage)
		return
	}
	sc := bufio.NewScanner(os.Stdin)
	n := 0
	for sc.Scan() {
		fmt.Println(shellQuote(sc.Text()))
		n++
	}
	fmt.Printf("quoted %d line(s); tab rune is %q, backslash is %q\n", n, '\t', '\\')
}
