// expect: go-os-remove
package main

import (
	"fmt"
	x "os"
)

func main() {
	dir := "/tmp/work"
	if err := x.RemoveAll(dir); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println("removed", dir)
}
