// expect: go-os-remove
package main

import (
	"fmt"
	. "os"
)

func main() {
	err := Remove("/tmp/lockfile")
	fmt.Println("remove:", err)
}
