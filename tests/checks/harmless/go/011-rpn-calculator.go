package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// evalRPN evaluates a reverse Polish expression. Everything is computed
// in-process: there is no shell, and exec.Command / os.StartProcess are
// not used to call out to dc or bc.
func evalRPN(expr string) (float64, error) {
	var stack []float64
	for _, tok := range strings.Fields(expr) {
		switch tok {
		case "+", "-", "*", "/":
			if len(stack) < 2 {
				return 0, errors.New("stack underflow at " + strconv.Quote(tok))
			}
			b, a := stack[len(stack)-1], stack[len(stack)-2]
			stack = stack[:len(stack)-2]
			var r float64
			switch tok {
			case "+":
				r = a + b
			case "-":
				r = a - b
			case "*":
				r = a * b
			case "/":
				if b == 0 {
					return 0, errors.New("division by zero")
				}
				r = a / b
			}
			stack = append(stack, r)
		default:
			v, err := strconv.ParseFloat(tok, 64)
			if err != nil {
				return 0, fmt.Errorf("bad token %q: %w", tok, err)
			}
			stack = append(stack, v)
		}
	}
	if len(stack) != 1 {
		return 0, fmt.Errorf("expected one result, have %d", len(stack))
	}
	return stack[0], nil
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if v, err := evalRPN(text); err != nil {
			fmt.Printf("line %d: error: %v\n", line, err)
		} else {
			fmt.Printf("line %d: %g\n", line, v)
		}
	}
}
