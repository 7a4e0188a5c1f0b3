// expect: go-net
package main

import (
	"fmt"
	_ "net/http"
)

func main() {
	fmt.Println("http handlers registered by side effect")
}
