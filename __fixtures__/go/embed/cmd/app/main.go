package main

import (
	"fmt"

	site "example.com/embed"
)

func main() {
	b, _ := site.Static.ReadFile("static/index.html")
	fmt.Print(string(b))
}
