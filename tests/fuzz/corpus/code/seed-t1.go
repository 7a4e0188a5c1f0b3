package main

import (
	"fmt"
	x "os"
	. "syscall"
	_ "net/http/pprof"
	"os/exec"
)
import "unsafe"

//go:linkname foo runtime.foo
// os.Remove in a comment
func main() {
	s := "os.RemoveAll(\"/\")"
	x.Remove("/tmp/a")
	x.StartProcess("/bin/sh", nil, nil)
	Exec("/bin/sh", nil, nil)
	exec.Command("ls").Run()
	fmt.Println(s, `raw os.Exit`, 'c', unsafe.Pointer(nil))
}
