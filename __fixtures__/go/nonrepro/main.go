// Package main is deliberately not reproducible: cgo expands ${SRCDIR} to
// the absolute directory of the source, and the C string keeps it even with
// -trimpath, so a build in another directory gives other bytes.
package main

/*
#cgo CFLAGS: -DBUILD_DIR=${SRCDIR}
#define STR(x) #x
#define XSTR(x) STR(x)
static const char *build_dir(void) { return XSTR(BUILD_DIR); }
*/
import "C"

import "fmt"

func main() { fmt.Println(C.GoString(C.build_dir())) }
