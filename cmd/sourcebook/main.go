// Command sourcebook builds course readers of primary sources as EPUB and
// PDF. It only parses flags and calls the book and layouts packages.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"sourcebook/book"
	"sourcebook/internal/memlimit"
	"sourcebook/layouts/presets"
	"sourcebook/layouts/publish"
)

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1 // the teacher's input has problems
	exitUsage = 2 // the command line is wrong
)

// version is set at link time (-ldflags "-X main.version=…"); without
// it, the module version Go recorded in the binary is used.
var version = "dev"

func versionString() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// usageError marks command-line mistakes (exit 2).
type usageError struct{ error }

func main() {
	// The collector keeps the heap within twice what is live, at most
	// 256 MiB unless more is live, and works harder before a build at the
	// input caps grows past 1 GB (docs/robustness.md); GOMEMLIMIT
	// overrides this.
	if os.Getenv("GOMEMLIMIT") == "" {
		memlimit.Start(256<<20, 700<<20)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit code. A panic is
// turned into an error report naming the input, never a bare stack trace.
func run(args []string, stdout, stderr io.Writer) (code int) {
	current := ""
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "sourcebook: internal error while processing %s: %s\n", nameSafe(orDash(current)), terminalSafe(fmt.Sprint(r)))
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
	if errors.Is(err, errReported) {
		return exitInput
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "sourcebook: %s\nRun 'sourcebook --help' for usage.\n", terminalSafe(err.Error()))
		return exitUsage
	}
	fmt.Fprintln(stderr, terminalSafe(err.Error()))
	return exitInput
}

// args wraps a cobra argument check so that its complaint is a usage
// error (exit 2), decided by type rather than by the message's words.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, a []string) error {
		if err := check(c, a); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// terminalSafe escapes control characters (an ESC would drive the
// terminal; a newline or carriage return would forge a line) and the
// bidirectional controls that make text read differently from what it
// is, so that names taken from files are printed as they are.
func terminalSafe(s string) string {
	unsafe := func(r rune) bool {
		return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r < 0xa0 ||
			r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0xFFFE || r == 0xFFFF
	}
	if strings.IndexFunc(s, unsafe) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafe(r) {
			fmt.Fprintf(&b, "\\u{%X}", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// nameSafe is terminalSafe for a single name: newlines and tabs are
// escaped too.
func nameSafe(s string) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	s = strings.ReplaceAll(s, "\t", `\t`)
	return terminalSafe(s)
}

func orDash(s string) string {
	if s == "" {
		return "the command line"
	}
	return s
}

func newRoot(stdout, stderr io.Writer, current *string) *cobra.Command {
	root := &cobra.Command{
		Use:   "sourcebook",
		Short: "Build course readers of primary sources as EPUB and PDF",
		Long: `Sourcebook packages primary-source documents (letters, speeches, memoranda,
treaties) with your introductions, headnotes and questions into a course
reader: an EPUB for students' devices and a PDF for printing.

A reader is a folder with a manifest, reader.yaml, that names documents
from a library of source files (docs/readers.md, docs/sources.md). The
usual round: new, import, list, edit reader.yaml, check, build.

Exit status:
  0  success
  1  problems in your files, each reported as file:line:col: message
  2  a mistake on the command line (an unknown option or value)`,
		Example: `  sourcebook new cold-war-reader
  sourcebook import ~/Downloads/masoud-letter.txt -o cold-war-reader/sources
  sourcebook list --library cold-war-reader/sources
  sourcebook check cold-war-reader/reader.yaml
  sourcebook build cold-war-reader/reader.yaml -o out
  sourcebook build cold-war-reader/reader.yaml --watch`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		// The root takes no arguments of its own: anything left is an
		// unknown command, a usage error.
		Args: func(c *cobra.Command, a []string) error {
			if len(a) > 0 {
				var names []string
				for _, sub := range c.Commands() {
					if sub.IsAvailableCommand() {
						names = append(names, sub.Name())
					}
				}
				return usageError{fmt.Errorf("unknown command %q; the commands are %s", a[0], strings.Join(names, ", "))}
			}
			return nil
		},
		RunE: func(c *cobra.Command, a []string) error { return c.Help() },
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newCmd(stdout),
		importCmd(stdout, current),
		listCmd(stdout, stderr),
		checkCmd(stdout, stderr, current),
		buildCmd(stdout, stderr, current),
		serveCmd(stdout),
	)
	return root
}

// buildOnce loads the reader at path and writes its editions, reporting
// warnings through opt.Warn and the current step to prog.
func buildOnce(path string, opt publish.Options, prog *progress) (*book.Book, *publish.Result, error) {
	prog.step("reading " + path)
	var bc *book.Cache
	if opt.Cache != nil {
		bc = opt.Cache.Book
	}
	b, err := book.Load(path, book.Options{Cache: bc})
	if err != nil {
		return nil, nil, err
	}
	for _, w := range b.Warnings {
		opt.Warn(w)
	}
	prog.step("typesetting " + b.Name)
	res, err := publish.Build(b, opt)
	if err != nil {
		return b, nil, err
	}
	return b, res, nil
}

func buildCmd(stdout, stderr io.Writer, current *string) *cobra.Command {
	var opt publish.Options
	var format, edition, layout, pageSize string
	var quiet, verbose, watchMode bool
	c := &cobra.Command{
		Use:   "build [reader.yaml]",
		Short: "Build the print, e-book and web editions of a reader",
		Long: `Build reads the reader manifest (reader.yaml in the current folder unless
you name one) and the sources it uses, and writes its editions into the
output folder. A file is replaced only once the new one is complete, so a
failed build keeps the last good files. The formats (--format):

` + publish.FormatHelp() + `
On a terminal, a build that takes longer than a second shows its progress,
and a finished build prints what it wrote. When the output goes to a file
or another program, only errors and warnings are printed (use --verbose
to print the result line too).

With --watch, Sourcebook builds, then waits for the manifest or a file it
uses to change, and builds again, printing one line per build. Stop it
with Ctrl-C.`,
		Example: `  sourcebook build
  sourcebook build examples/masoud-letter/reader.yaml -o out
  sourcebook build reader.yaml --format pdf --layout handout --page-size a4
  sourcebook build reader.yaml --edition teacher
  sourcebook build reader.yaml --format web
  sourcebook build reader.yaml --handouts --format pdf
  sourcebook build reader.yaml --watch`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			path := readerPath(args)
			var err error
			if opt.Formats, err = publish.ParseFormats(format); err != nil {
				return usageError{fmt.Errorf("--format: %v", err)}
			}
			if opt.Edition, err = publish.ParseEdition(edition); err != nil {
				return usageError{fmt.Errorf("--edition: %v", err)}
			}
			if layout != "" {
				if opt.Layout, err = presets.ParseLayout(layout); err != nil {
					return usageError{fmt.Errorf("--layout: %v", err)}
				}
			}
			if pageSize != "" {
				if opt.PageSize, err = presets.ParsePageSize(pageSize); err != nil {
					return usageError{fmt.Errorf("--page-size: %v", err)}
				}
			}
			if (len(opt.Only) > 0 || opt.TwoUp) && !opt.Handouts {
				return usageError{errors.New("--only and --2up choose and print handouts: add --handouts")}
			}
			if quiet && verbose {
				return usageError{errors.New("--quiet and --verbose contradict each other; give one")}
			}
			*current = path
			opt.Warn = func(w *book.Warning) { fmt.Fprintf(stderr, "warning: %s\n", terminalSafe(w.Error())) }
			if watchMode {
				ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
				defer stop()
				return watch(ctx, path, opt, stdout, stderr, quiet)
			}
			// An interrupt leaves the last good files: nothing is replaced
			// before every edition has rendered, and a write in progress
			// only has its temporary file to remove.
			sig := make(chan os.Signal, 1)
			// A closed terminal (SIGHUP) stops the build as Ctrl-C does.
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
			defer signal.Stop(sig)
			go func() {
				if _, ok := <-sig; ok {
					publish.CleanUp()
					fmt.Fprintln(stderr, "sourcebook: interrupted; files not yet replaced are unchanged")
					os.Exit(130)
				}
			}()
			tty := isTerminal(stdout)
			var prog *progress
			if tty && !quiet {
				prog = startProgress(stdout, progressDelay, "reading "+path)
			}
			start := time.Now()
			_, res, err := buildOnce(path, opt, prog)
			prog.stop()
			if err != nil {
				return err
			}
			if (tty && !quiet) || verbose {
				fmt.Fprintf(stdout, "built %s (%d print pages) in %.2fs\n", nameSafe(strings.Join(builtNames(opt.OutDir, res.Files), ", ")), res.Pages, time.Since(start).Seconds())
			}
			return nil
		},
	}
	c.Flags().StringVarP(&opt.OutDir, "output", "o", "out", "folder for the built files")
	c.Flags().StringVar(&format, "format", "", strings.Join(publish.FormatNames(), ", ")+" (default all)")
	c.Flags().StringVar(&edition, "edition", "student", "student or teacher")
	c.Flags().StringVar(&layout, "layout", "", "layout preset: "+strings.Join(presets.Layouts(), ", ")+" (default: the manifest's)")
	c.Flags().StringVar(&pageSize, "page-size", "", strings.Join(presets.PageSizes(), " or ")+" (default: the manifest's)")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors and warnings")
	c.Flags().BoolVarP(&verbose, "verbose", "v", false, "print what was built even when the output is not a terminal")
	c.Flags().BoolVarP(&watchMode, "watch", "w", false, "rebuild whenever the manifest or a file it uses changes")
	c.Flags().BoolVar(&opt.Handouts, "handouts", false, "also write one PDF handout per document (NAME-handout-A-TITLE.pdf, handout layout or --layout)")
	c.Flags().StringArrayVar(&opt.Only, "only", nil, "with --handouts: only this document's handout (its id; repeat for several)")
	c.Flags().BoolVar(&opt.Booklet, "booklet", false, "also write the reader (and each handout) as a booklet to print on both sides, fold and staple (NAME-booklet.pdf)")
	c.Flags().BoolVar(&opt.AnswerKey, "answer-key", false, "also write NAME-answer-key.pdf: every question with its answer, teaching note, timing and page and line references")
	c.Flags().BoolVar(&opt.TwoUp, "2up", false, "with --handouts: also write each handout two pages to a side (…-2up.pdf)")
	return c
}

// builtNames lists what a build wrote for the result line: a folder (the
// web edition) once, not each of its files.
func builtNames(out string, files []string) []string {
	var names []string
	seen := map[string]bool{}
	for _, f := range files {
		rel, err := filepath.Rel(out, f)
		if err == nil {
			if first, _, ok := strings.Cut(filepath.ToSlash(rel), "/"); ok {
				f = filepath.Join(out, first) + string(filepath.Separator)
			}
		}
		if !seen[f] {
			seen[f] = true
			names = append(names, f)
		}
	}
	return names
}

// readerPath is the manifest named on the command line: reader.yaml in
// the current folder by default, and in a folder when one is named.
func readerPath(args []string) string {
	if len(args) == 0 {
		return "reader.yaml"
	}
	if fi, err := os.Stat(args[0]); err == nil && fi.IsDir() {
		return filepath.Join(args[0], "reader.yaml")
	}
	return args[0]
}
