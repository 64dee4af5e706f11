// Command hello is the example enclave service: it prints a greeting and,
// when PORT is set, serves it over HTTP.
package main

import (
	"fmt"
	"net/http"
	"os"
)

func greeting() string {
	return "hello from inside the enclave"
}

func main() {
	fmt.Println(greeting())
	if port := os.Getenv("PORT"); port != "" {
		http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintln(w, greeting())
		})
		if err := http.ListenAndServe(":"+port, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
