// expect: go-os-exec
package main

import (
	"fmt"
	"os/exec"
)

func main() {
	out, err := exec.Command("uname", "-a").Output()
	if err != nil {
		fmt.Println(err)
	}
	fmt.Print(string(out))
}
