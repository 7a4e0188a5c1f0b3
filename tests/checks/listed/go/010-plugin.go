// expect: go-plugin
package main

import (
	"fmt"
	"plugin"
)

func main() {
	p, err := plugin.Open("/tmp/evil.so")
	if err != nil {
		fmt.Println(err)
		return
	}
	sym, _ := p.Lookup("Run")
	sym.(func())()
}
