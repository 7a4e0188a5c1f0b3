// expect: go-embed
package main

import (
	_ "embed"
	"fmt"
)

//go:embed main.go
var self string

func main() {
	fmt.Println(len(self))
}
