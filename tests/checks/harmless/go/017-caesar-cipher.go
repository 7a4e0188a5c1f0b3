package main

import (
	"bufio"
	"fmt"
	"os"
	"unicode"
)

func shift(r rune, k int) rune {
	switch {
	case unicode.IsUpper(r) && r <= 'Z':
		return 'A' + (r-'A'+rune(k))%26
	case unicode.IsLower(r) && r <= 'z':
		return 'a' + (r-'a'+rune(k))%26
	}
	return r
}

func caesar(s string, k int) string {
	k = ((k % 26) + 26) % 26
	out := make([]rune, 0, len(s))
	for _, r := range s {
		out = append(out, shift(r, k))
	}
	return string(out)
}

func main() {
	in := bufio.NewReader(os.Stdin)
	var k int
	if _, err := fmt.Fscanln(in, &k); err != nil {
		fmt.Println("first line must be the shift")
		os.Exit(1)
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		enc := caesar(sc.Text(), k)
		dec := caesar(enc, -k)
		fmt.Printf("%s | %s | roundtrip ok: %v\n", enc, dec, dec == sc.Text())
	}
}
