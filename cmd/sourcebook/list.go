package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"sourcebook/book"
)

// titleWidth keeps a row of the table on one line of a usual terminal.
const titleWidth = 40

func listCmd(stdout, stderr io.Writer) *cobra.Command {
	var libs []string
	var f book.Filter
	var from, to string
	var asJSON bool
	c := &cobra.Command{
		Use:   "list [QUERY]",
		Short: "List the documents in a source library",
		Long: `List shows the documents in a library: id, date, title (the short title
when there is one), type, length in words, reading time in minutes at 200
words a minute, Flesch-Kincaid grade level, and rights status. Use the id
to put a document in a reader.

The library is the folder given with --library (repeat it for several),
or else the sources of reader.yaml in the current folder, or else the
sources folder in the current folder.

QUERY finds documents whose title, summary, authors, subjects or text
contain every word of it, in any case. --from and --to take dates as in
source files (1947, 1947-03, 1947-03-12) and include the whole period:
--to 1962 includes all of 1962. The grade level is a rough guide to the
difficulty of the prose, not of the ideas.`,
		Example: `  sourcebook list
  sourcebook list soviet --from 1985 --to 1991
  sourcebook list --library ~/history/sources --subject "Cold War" --type speech
  sourcebook list --json > catalogue.json`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				f.Query = args[0]
			}
			for _, d := range []struct {
				flag, val string
				dst       *book.Date
			}{{"--from", from, &f.From}, {"--to", to, &f.To}} {
				if d.val == "" {
					continue
				}
				v, err := book.ParseDate(d.val)
				if err != nil {
					return usageError{fmt.Errorf("%s: %v", d.flag, err)}
				}
				*d.dst = v
			}
			dirs, err := libraryFolders(libs)
			if err != nil {
				return err
			}
			lib, err := book.LoadLibrary(dirs...)
			if err != nil {
				return err
			}
			for _, p := range lib.Problems {
				fmt.Fprintf(stderr, "warning: %s\n", terminalSafe(p.Error()))
			}
			entries := book.Catalog(lib, f)
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				if entries == nil {
					entries = []book.Entry{}
				}
				return enc.Encode(entries)
			}
			if len(entries) == 0 {
				fmt.Fprintf(stderr, "no documents in %s match\n", nameSafe(strings.Join(dirs, ", ")))
				return nil
			}
			printTable(stdout, entries)
			return nil
		},
	}
	c.Flags().StringArrayVar(&libs, "library", nil, "a library folder (repeat for several; default: see above)")
	c.Flags().StringVar(&f.Subject, "subject", "", "only documents with this subject")
	c.Flags().StringVar(&f.Type, "type", "", "only documents of this type (letter, speech, ...)")
	c.Flags().StringVar(&from, "from", "", "only documents dated in or after this date (YYYY, YYYY-MM or YYYY-MM-DD)")
	c.Flags().StringVar(&to, "to", "", "only documents dated in or before this date")
	c.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON, with summaries, subjects, authors and files")
	return c
}

// libraryFolders are the folders to list: those given, else the sources
// of reader.yaml here, else ./sources.
func libraryFolders(given []string) ([]string, error) {
	if len(given) > 0 {
		return given, nil
	}
	if _, err := os.Stat("reader.yaml"); err == nil {
		m, merr := book.ReadManifest("reader.yaml")
		if m == nil {
			return nil, merr
		}
		return book.LibraryDirs(m)
	}
	if st, err := os.Stat("sources"); err == nil && st.IsDir() {
		return []string{"sources"}, nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return nil, &book.Error{File: "sources", Msg: "there is no sources folder here and no reader.yaml; name the library with --library FOLDER"}
}

func printTable(w io.Writer, entries []book.Entry) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tTITLE\tTYPE\tWORDS\tMIN\tGRADE\tRIGHTS")
	for _, e := range entries {
		title := e.Title
		if e.ShortTitle != "" {
			title = e.ShortTitle
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%.1f\t%s\n", e.ID, nameSafe(e.Date), nameSafe(book.Truncate(title, titleWidth)), nameSafe(e.Type), e.Words, e.Minutes, e.Grade, nameSafe(e.Rights))
	}
	tw.Flush()
}
