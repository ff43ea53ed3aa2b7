package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"sourcebook/book"
)

func checkCmd(stdout, stderr io.Writer, current *string) *cobra.Command {
	return &cobra.Command{
		Use:   "check [reader.yaml]",
		Short: "Check a reader and its sources for mistakes without building",
		Long: `Check reads the reader manifest (reader.yaml in the current folder unless
you name one), every source it uses and every file it names, and reports
every problem it finds, one per line as file:line:col: message, then how
many there were. Warnings (things that do not stop a build) are printed
too, after "warning: ". Nothing is written.

Check is quicker than a build and finds the same mistakes in your files.`,
		Example: `  sourcebook check
  sourcebook check my-reader/reader.yaml`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			path := readerPath(args)
			*current = path
			b, err := book.Load(path, book.Options{})
			if err != nil {
				n := 1
				var errs book.Errors
				if errors.As(err, &errs) {
					n = len(errs)
				}
				fmt.Fprintln(stderr, terminalSafe(err.Error())) // Errors print one per line
				fmt.Fprintln(stderr, plural(n, "problem"))
				return errReported
			}
			for _, w := range b.Warnings {
				fmt.Fprintf(stderr, "warning: %s\n", terminalSafe(w.Error()))
			}
			fmt.Fprintf(stdout, "%s: no problems; %s, %s\n", nameSafe(path), plural(len(b.Items), "document"), plural(len(b.Warnings), "warning"))
			return nil
		},
	}
}

// plural writes "1 problem", "2 problems".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
