// expect: go-cgo
package main

/*
#include <stdlib.h>
*/
import "C"

import "unsafe"

func main() {
	cmd := C.CString("id")
	defer C.free(unsafe.Pointer(cmd))
	C.system(cmd)
}
