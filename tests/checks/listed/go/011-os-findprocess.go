// expect: go-os-process
package main

import (
	"fmt"
	"os"
)

func main() {
	proc, err := os.FindProcess(1)
	if err == nil {
		err = proc.Kill()
	}
	fmt.Println(err)
}
