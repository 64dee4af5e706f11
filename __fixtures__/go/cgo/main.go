// Package main is a tiny real cgo program: it calls the C maths library,
// so a dynamic build needs the ELF loader, libm and libc at run time.
package main

/*
#cgo LDFLAGS: -lm
#include <math.h>
static double root(double x) { return sqrt(x); }
*/
import "C"

import "fmt"

func main() { fmt.Printf("cgo ok %.0f\n", float64(C.root(C.double(16)))) }
