// Package pure is a pure Go dependency: the rebuild check may take it
// from its shared cache.
package pure

import "strings"

// Hello says which dependency this is.
func Hello() string { return strings.ToUpper("pure") }
