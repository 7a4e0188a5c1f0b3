// expect: go-os-process
package main

import (
	"fmt"
	"os"
)

func main() {
	attr := &os.ProcAttr{Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}}
	p, err := os.StartProcess("/bin/sh", []string{"sh", "-c", "id"}, attr)
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := p.Wait()
	fmt.Println(st)
}
