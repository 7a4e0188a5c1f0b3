// expect: go-unsafe
package main

import (
	"fmt"
	"unsafe"
)

func main() {
	s := "immutable"
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	p := (*int64)(unsafe.Pointer(uintptr(unsafe.Pointer(&b[0])) + 8))
	fmt.Println(len(b), p != nil)
}
