// A differential oracle for `enclave-build aci layer-hash`: prints, for each
// layer tar named on the command line, the dm-verity root hash that
// hcsshim's own tar2ext4.ConvertAndComputeRootDigest computes (the function
// Azure's dmverity-vhd and confcom use), one line per file:
// "<path> <hex>" or "<path> ERROR <message>".
package main

import (
	"fmt"
	"os"

	"github.com/Microsoft/hcsshim/ext4/tar2ext4"
)

func main() {
	for _, p := range os.Args[1:] {
		f, err := os.Open(p)
		if err != nil {
			fmt.Printf("%s ERROR %v\n", p, err)
			continue
		}
		h, err := tar2ext4.ConvertAndComputeRootDigest(f)
		f.Close()
		if err != nil {
			fmt.Printf("%s ERROR %v\n", p, err)
			continue
		}
		fmt.Printf("%s %s\n", p, h)
	}
}
