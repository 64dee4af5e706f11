// Package embed carries static files into the binary.
package embed

import "embed"

//go:embed static
var Static embed.FS
