// Package cdep is a cgo dependency whose C code keeps a value the C
// compiler is given (EB_NONCE): with a compiler that passes a new value
// each time, it stands for C code that differs between two builds.
package cdep

/*
#ifndef EB_NONCE
#define EB_NONCE 0UL
#endif
static unsigned long nonce(void) { return EB_NONCE; }
*/
import "C"

// Nonce is the value the C compiler was given.
func Nonce() uint64 { return uint64(C.nonce()) }
