// expect: go-os-remove
package main

import (
	"fmt"
	"os"
)

func main() {
	rm := os.RemoveAll
	for _, d := range []string{"/tmp/a", "/tmp/b"} {
		fmt.Println(d, rm(d))
	}
}
