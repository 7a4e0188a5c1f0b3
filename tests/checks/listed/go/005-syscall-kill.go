// expect: go-syscall
package main

import (
	"fmt"
	"syscall"
)

func main() {
	ppid := syscall.Getppid()
	err := syscall.Kill(ppid, syscall.SIGTERM)
	fmt.Println("kill", ppid, err)
}
