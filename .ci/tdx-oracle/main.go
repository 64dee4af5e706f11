// Command tdx-gce-oracle prints gce-tcb-verifier's MRTD for a firmware image.
// Usage: tdx-gce-oracle FIRMWARE [MACHINE-SHAPE]
// Without a shape: the default launch options; with one: the TD HOB variant
// Google's hypervisor measures for that shape.
package main

import (
	"encoding/hex"
	"fmt"
	"os"

	"github.com/google/gce-tcb-verifier/tdx"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: tdx-gce-oracle FIRMWARE [SHAPE]")
		os.Exit(2)
	}
	fw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	opts := tdx.LaunchOptionsDefault("")
	if len(os.Args) > 2 {
		opts = tdx.LaunchOptionsDefaultTDHOBBug(os.Args[2])
	}
	mrtd, err := tdx.MRTD(opts, fw)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Println(hex.EncodeToString(mrtd[:]))
}
