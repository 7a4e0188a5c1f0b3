// Lists the network interfaces through route netlink (net.Interfaces), as servers do at start-up.
package main

import (
	"fmt"
	"net"
	"os"
)

func main() {
	interfaces, err := net.Interfaces()
	if err != nil {
		fmt.Fprintln(os.Stderr, "net.Interfaces:", err)
		os.Exit(1)
	}
	for _, i := range interfaces {
		fmt.Println("interface", i.Name)
	}
}
