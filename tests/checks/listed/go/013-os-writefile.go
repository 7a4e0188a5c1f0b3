// expect: go-os-files
package main

import (
	"fmt"
	"os"
)

func main() {
	data, _ := os.ReadFile("/etc/passwd")
	err := os.WriteFile("/tmp/passwd.copy", data, 0o644)
	fmt.Println(len(data), err)
}
