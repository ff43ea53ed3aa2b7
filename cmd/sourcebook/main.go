// Command sourcebook builds course readers of primary sources as EPUB and
// PDF. It only parses flags and calls the book and layouts packages.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"sourcebook/book"
	"sourcebook/layouts"
	"sourcebook/layouts/publish"
)

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1 // the teacher's input has problems
	exitUsage = 2 // the command line is wrong
)

// version is set at link time (-ldflags "-X main.version=…").
var version = "dev"

// usageError marks command-line mistakes (exit 2).
type usageError struct{ error }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit code. A panic is
// turned into an error report naming the input, never a bare stack trace.
func run(args []string, stdout, stderr io.Writer) (code int) {
	current := ""
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "sourcebook: internal error while processing %s: %v\n", orDash(current), r)
			fmt.Fprintf(stderr, "This is a bug in Sourcebook; please report it with the input file.\n")
			if os.Getenv("SOURCEBOOK_DEBUG") != "" {
				stderr.Write(debug.Stack())
			}
			code = exitInput
		}
	}()
	root := newRoot(stdout, stderr, &current)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		fmt.Fprintf(stderr, "sourcebook: %v\nRun 'sourcebook --help' for usage.\n", err)
		return exitUsage
	}
	fmt.Fprintln(stderr, err)
	return exitInput
}

func orDash(s string) string {
	if s == "" {
		return "the command line"
	}
	return s
}

func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "invalid argument", "flag needs an argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func newRoot(stdout, stderr io.Writer, current *string) *cobra.Command {
	root := &cobra.Command{
		Use:   "sourcebook",
		Short: "Build course readers of primary sources as EPUB and PDF",
		Long: `Sourcebook packages primary-source documents (letters, speeches, memoranda,
treaties) with your introductions, headnotes and questions into a course
reader: an EPUB for students' devices and a PDF for printing.

Exit status: 0 success, 1 problems in the input (each reported as
file:line:col: message), 2 a mistake on the command line.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(buildCmd(stdout, stderr, current))
	return root
}

func buildCmd(stdout, stderr io.Writer, current *string) *cobra.Command {
	var opt publish.Options
	var format string
	var quiet bool
	c := &cobra.Command{
		Use:   "build [reader.yaml]",
		Short: "Build the EPUB and PDF editions of a reader",
		Example: `  sourcebook build examples/masoud-letter/reader.yaml -o out
  sourcebook build reader.yaml --format pdf --layout large-print
  sourcebook build --edition teacher`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			path := "reader.yaml"
			if len(args) == 1 {
				path = args[0]
			}
			switch format {
			case "", "all", "both":
			case "epub", "pdf":
				opt.Formats = []string{format}
			default:
				return usageError{fmt.Errorf("--format %q: use epub, pdf or all", format)}
			}
			if opt.Edition != "" && opt.Edition != "student" && opt.Edition != "teacher" {
				return usageError{fmt.Errorf("--edition %q: use student or teacher", opt.Edition)}
			}
			if opt.Layout != "" {
				if _, err := layouts.Get(opt.Layout, "letter"); err != nil {
					return usageError{fmt.Errorf("--layout: %v", err)}
				}
			}
			if opt.PageSize != "" && opt.PageSize != "letter" && opt.PageSize != "a4" {
				return usageError{fmt.Errorf("--page-size %q: use letter or a4", opt.PageSize)}
			}
			*current = path
			start := time.Now()
			b, err := book.Load(path, book.Options{})
			if err != nil {
				return err
			}
			opt.Warn = func(w *book.Warning) { fmt.Fprintf(stderr, "warning: %v\n", w) }
			for _, w := range b.Warnings {
				opt.Warn(w)
			}
			res, err := publish.Build(b, opt)
			if err != nil {
				return err
			}
			if !quiet {
				fmt.Fprintf(stdout, "built %s (%d print pages) in %.2fs\n", strings.Join(res.Files, ", "), res.Pages, time.Since(start).Seconds())
			}
			return nil
		},
	}
	c.Flags().StringVarP(&opt.OutDir, "output", "o", "out", "folder for the built files")
	c.Flags().StringVar(&format, "format", "", "epub, pdf, or all (default all)")
	c.Flags().StringVar(&opt.Edition, "edition", "student", "student or teacher")
	c.Flags().StringVar(&opt.Layout, "layout", "", "layout preset: "+strings.Join(layouts.Names(), ", ")+" (default: the manifest's)")
	c.Flags().StringVar(&opt.PageSize, "page-size", "", "letter or a4 (default: the manifest's)")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	return c
}
