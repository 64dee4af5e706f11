// Package main imports a pure Go dependency and a cgo one, both served
// from a module proxy (__fixtures__/go/proxy, see go-proxy.ts).
package main

import (
	"fmt"

	"example.com/cdep"
	"example.com/pure"
)

func main() { fmt.Println(pure.Hello(), cdep.Nonce()) }
