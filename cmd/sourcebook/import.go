package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sourcebook/book/importer"
)

// errReported is returned when the problems were already printed, so
// that run only sets the exit status.
var errReported = errors.New("")

func importCmd(stdout io.Writer, current *string) *cobra.Command {
	var dir string
	var force bool
	c := &cobra.Command{
		Use:   "import FILE|FOLDER...",
		Short: "Turn saved pages and transcripts into source files",
		Long: `Import reads documents as you found them and writes each as a source file,
ID.md, into the library folder (-o, default ./sources):

  - a Wilson Center Digital Archive page, saved from the browser as text;
  - a transcript: "Key: value" lines (Title, Date, Author or President,
    Place, Source ...), a blank line, then the text;
  - Markdown, or a web page saved as HTML.

For a folder, every .txt, .md and .html file in it (and its subfolders) is
imported. Sourcebook fills in the catalogue record as far as the document
allows and says what is left to fill in: keys that must be filled before
the source can be used, and keys worth adding.

A file that already exists is never replaced unless you give --force,
since you may have edited it: importing the same files again changes
nothing.`,
		Example: `  sourcebook import ~/Downloads/masoud-letter.txt
  sourcebook import 1947-03-12-truman-doctrine.txt -o my-reader/sources
  sourcebook import ~/Downloads/speeches/ --force`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			*current = strings.Join(args, " ")
			results, skipped, errs := importer.ImportPathsReport(args)
			var outcomes []importer.Outcome
			if len(results) > 0 {
				var err error
				outcomes, err = importer.WriteAll(dir, results, force)
				if outcomes == nil {
					return err // the folder could not be created
				}
			}
			failed := len(errs)
			for i, o := range outcomes {
				reportImport(stdout, o, results[i])
				if o.Status == importer.Failed {
					failed++
				}
			}
			for _, err := range errs {
				fmt.Fprintf(stdout, "failed       %s\n", nameSafe(err.Error()))
			}
			for _, s := range skipped {
				fmt.Fprintf(stdout, "%-12s %s: %s\n", "passed over", nameSafe(s.Path), s.Why)
			}
			if failed > 0 {
				return errReported
			}
			return nil
		},
	}
	c.Flags().StringVarP(&dir, "output", "o", "sources", "the library folder to write the source files into")
	c.Flags().BoolVar(&force, "force", false, "replace source files that already exist")
	return c
}

// statusText is how each outcome is shown.
var statusText = map[importer.Status]string{
	importer.Written:       "written",
	importer.Unchanged:     "unchanged",
	importer.SkippedExists: "skipped: exists, use --force",
	importer.Overwritten:   "overwritten",
	importer.Failed:        "failed",
}

// reportImport prints one line for a document and, for a file just
// written, what is still to fill in and what to check.
func reportImport(w io.Writer, o importer.Outcome, r importer.Result) {
	if o.Status == importer.Failed {
		fmt.Fprintf(w, "%-12s %s\n", "failed", nameSafe(o.Err.Error()))
		return
	}
	fmt.Fprintf(w, "%-12s %s  (from %s)\n", statusText[o.Status], nameSafe(o.Path), nameSafe(o.From))
	if o.Status != importer.Written && o.Status != importer.Overwritten {
		// The file on disk may have been completed since: nothing to say.
		return
	}
	var must, could []string
	for _, f := range r.Missing {
		if importer.Required(f) {
			must = append(must, f)
		} else {
			could = append(could, f)
		}
	}
	if len(must) > 0 {
		fmt.Fprintf(w, "%-12s must fill in before use: %s\n", "", strings.Join(must, ", "))
	}
	if len(could) > 0 {
		fmt.Fprintf(w, "%-12s could not fill in: %s\n", "", strings.Join(could, ", "))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "%-12s check: %s\n", "", nameSafe(n))
	}
}
