// expect: go-net
package main

import (
	"bufio"
	"fmt"
	n "net"
)

func main() {
	conn, err := n.Dial("tcp", "10.0.0.9:4444")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	fmt.Fprintln(conn, "hello")
	line, _ := bufio.NewReader(conn).ReadString('\n')
	fmt.Print(line)
}
