package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"sourcebook/book"
)

func newCmd(stdout io.Writer) *cobra.Command {
	var title string
	c := &cobra.Command{
		Use:   "new NAME",
		Short: "Start a new reader in a new folder",
		Long: `New creates the folder NAME with everything a reader needs, ready to
build:

  reader.yaml       the manifest, every key explained in a comment
  introduction.md   your introduction to the reader
  sources/          the library, with the letter bundled with Sourcebook

The reader starts with one document, the bundled letter, so that you can
build it at once and see the result; then import your own documents,
add them to reader.yaml and remove what you do not need. The built files
are named after the folder. The folder must not exist yet, or be empty.`,
		Example: `  sourcebook new cold-war-reader
  sourcebook new afghanistan --title "The Soviet War in Afghanistan"
  sourcebook new cold-war-reader && sourcebook build cold-war-reader/reader.yaml -o out`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			dir := args[0]
			if strings.TrimSpace(dir) == "" {
				return usageError{fmt.Errorf("give the new reader's folder a name, e.g. sourcebook new cold-war-reader")}
			}
			if title == "" {
				title = titleFromName(dir)
			}
			if err := book.Scaffold(dir, title); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created %s: reader.yaml, introduction.md, sources/\n", nameSafe(dir))
			fmt.Fprintf(stdout, "next: cd %s && sourcebook build\n", nameSafe(dir))
			return nil
		},
	}
	c.Flags().StringVar(&title, "title", "", `the reader's title (default: made from NAME, "cold-war-reader" gives "Cold War Reader")`)
	return c
}

// titleFromName makes a title of a folder name: cold-war-reader → Cold
// War Reader.
func titleFromName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	words := strings.FieldsFunc(filepath.Base(abs), func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) })
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	if len(words) == 0 {
		return "My Reader"
	}
	return strings.Join(words, " ")
}
