package main

import (
	"fmt"
	"os"
	"sourcebook/internal/pdfua"
)

func main() {
	for _, f := range os.Args[1:] {
		r, err := pdfua.Check(f)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(f, len(r.Failures), "failures", r.Types)
		for _, x := range r.Failures {
			fmt.Println("  ", x)
		}
	}
}
