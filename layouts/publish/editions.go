package publish

import (
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"sourcebook/book"
	"sourcebook/layouts"
	"sourcebook/layouts/epub"
	"sourcebook/layouts/pdf"
)

// Format names an output format, as given to --format; see ParseFormat.
type Format string

// Edition is whom a build is for.
type Edition string

// The editions.
const (
	Student Edition = "student"
	Teacher Edition = "teacher"
)

// ParseEdition checks an edition name, in any case; "" is Student.
func ParseEdition(s string) (Edition, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "student":
		return Student, nil
	case "teacher":
		return Teacher, nil
	}
	return "", fmt.Errorf("%q is not an edition; use student or teacher", s)
}

// Renderer makes one output format of a reader from the assembled book.
// Renderers map the book's roles to their own styles; they never decide
// what the reader says. Register adds one; nothing else needs to change
// for it to be built, listed in --help and documented by FormatHelp.
type Renderer interface {
	// Format is the --format value, in lower case.
	Format() Format
	// Describe says in a few words what the format is for.
	Describe() string
	// Render makes the files of the edition, named relative to the
	// output folder: it writes them with Job.Put as it makes them, or
	// returns them to be written after every edition has rendered (a
	// returned Output's Write is then called without Job.Book).
	Render(j *Job) ([]Output, error)
}

// Job is what a renderer is given.
type Job struct {
	Book    *book.Book
	Edition Edition
	// Name is the base of the file names: the reader's name, with
	// -teacher for the teacher edition.
	Name string
	// Print is the print layout, always computed: page references in
	// every edition come from it.
	Print   *pdf.Document
	Workers int
	cache   *Cache
	st      *stager
	files   *[]*placed // what Put wrote, in order
}

// Put writes one file of the edition at once, to a temporary file beside
// the one it is to replace (see Build), so that the renderer need not
// hold it. Files returned by Render are written once every edition has
// rendered.
func (j *Job) Put(o Output) error {
	pl, err := j.st.put(o)
	if err != nil {
		return err
	}
	*j.files = append(*j.files, pl)
	return nil
}

// State returns the renderer's own state kept between builds of one
// reader (--watch), made by fresh on the first build; nil when the build
// keeps nothing.
func (j *Job) State(f Format, fresh func() any) any {
	if j.cache == nil {
		return nil
	}
	j.cache.mu.Lock()
	defer j.cache.mu.Unlock()
	if j.cache.states == nil {
		j.cache.states = map[Format]any{}
	}
	s, ok := j.cache.states[f]
	if !ok {
		s = fresh()
		j.cache.states[f] = s
	}
	return s
}

// Output is one file a renderer made: its content, or (Write set, Data
// nil) a function that writes it, so that a large file goes straight to
// disk instead of being held in memory.
type Output struct {
	Name  string // relative to the output folder, with / between folders
	Data  []byte
	Write func(io.Writer) error
	// Key, when not zero, names the content: in --watch, a file the last
	// build wrote with the same key is left as it is without the content
	// being made. Load then makes Data when it is needed.
	Key  [32]byte
	Load func() ([]byte, error)
}

var (
	regMu    sync.Mutex
	registry = map[Format]Renderer{}
)

// Register adds a renderer. Its format must be new.
func Register(r Renderer) {
	regMu.Lock()
	defer regMu.Unlock()
	f := Format(strings.ToLower(string(r.Format())))
	if _, dup := registry[f]; dup || f == "" || f == "all" {
		panic(fmt.Sprintf("publish: format %q registered twice or reserved", f))
	}
	registry[f] = r
}

// Renderers lists the registered renderers by format.
func Renderers() []Renderer {
	regMu.Lock()
	defer regMu.Unlock()
	var out []Renderer
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Format() < out[j].Format() })
	return out
}

// FormatNames lists the --format values, "all" last.
func FormatNames() []string {
	var out []string
	for _, r := range Renderers() {
		out = append(out, string(r.Format()))
	}
	return append(out, "all")
}

// FormatHelp is one line per format, for --help and the docs.
func FormatHelp() string {
	var b strings.Builder
	for _, r := range Renderers() {
		fmt.Fprintf(&b, "  %-6s %s\n", r.Format(), r.Describe())
	}
	fmt.Fprintf(&b, "  %-6s all of the above\n", "all")
	return b.String()
}

// ParseFormats reads a --format value: one format or "all", in any case;
// "" is all.
func ParseFormats(s string) ([]Format, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "" || v == "all" {
		var out []Format
		for _, r := range Renderers() {
			out = append(out, r.Format())
		}
		return out, nil
	}
	// A list ("pdf,epub") builds those editions together, sharing the
	// print layout the EPUB's page list needs.
	var out []Format
	for _, name := range strings.Split(v, ",") {
		name = strings.TrimSpace(name)
		regMu.Lock()
		_, ok := registry[Format(name)]
		regMu.Unlock()
		if !ok {
			return nil, fmt.Errorf("%q is not a format; use %s, or a list such as pdf,epub", strings.TrimSpace(s), orList(FormatNames()))
		}
		if !slices.Contains(out, Format(name)) {
			out = append(out, Format(name))
		}
	}
	return out, nil
}

func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

func init() {
	Register(pdfRenderer{})
	Register(epubRenderer{})
	Register(webRenderer{})
}

type pdfRenderer struct{}

func (pdfRenderer) Format() Format   { return "pdf" }
func (pdfRenderer) Describe() string { return "for printing (NAME.pdf)" }
func (pdfRenderer) Render(j *Job) ([]Output, error) {
	// Written straight to its file: a long reader's PDF is large. A
	// cold build writes it after the other editions, so that its peak
	// of memory does not add to theirs; a rebuild with a cache (--watch,
	// the desk) draws little and writes it beside them, to wait less.
	out := Output{Name: j.Name + ".pdf", Write: j.Print.Write}
	if j.cache != nil {
		return nil, j.Put(out)
	}
	return []Output{out}, nil
}

type epubRenderer struct{}

func (epubRenderer) Format() Format { return "epub" }
func (epubRenderer) Describe() string {
	return "for e-readers and students' devices (NAME.epub)"
}
func (epubRenderer) Render(j *Job) ([]Output, error) {
	var ec *epub.Cache
	if s := j.State("epub", func() any { return epub.NewCache() }); s != nil {
		ec = s.(*epub.Cache)
	}
	// Written as it is rendered: each document goes into the archive
	// once deflated.
	return nil, j.Put(Output{Name: j.Name + ".epub", Write: func(w io.Writer) error {
		return epub.Write(w, j.Book, epub.Options{Edition: string(j.Edition), Pages: j.Print.PageMap(), Cache: ec, Workers: j.Workers})
	}})
}

type webRenderer struct{}

func (webRenderer) Format() Format { return "web" }
func (webRenderer) Describe() string {
	return "a folder of web pages for a school site or an LMS (NAME-web/index.html)"
}
func (webRenderer) Render(j *Job) ([]Output, error) {
	var ec *epub.Cache
	if s := j.State("web", func() any { return epub.NewCache() }); s != nil {
		ec = s.(*epub.Cache)
	}
	// Each page is written as it is made.
	err := epub.SiteTo(j.Book, epub.Options{Edition: string(j.Edition), Pages: j.Print.PageMap(), Cache: ec}, func(f epub.SiteFile) error {
		return j.Put(Output{Name: path.Join(j.Name+"-web", f.Name), Data: f.Data, Key: f.Key, Load: f.Load})
	})
	return nil, err
}

// printSetup is the edition asked for and the preset its print edition
// is laid out with.
func printSetup(b *book.Book, opt Options) (Edition, layouts.Preset, error) {
	edition, err := ParseEdition(string(opt.Edition))
	if err != nil {
		return "", layouts.Preset{}, err
	}
	preset, err := printPreset(b, opt)
	if err != nil {
		return "", layouts.Preset{}, err
	}
	if b.TwoSided {
		preset.TwoSided = true
	}
	return edition, preset, nil
}

// printPreset is the preset a build lays its print edition out with.
func printPreset(b *book.Book, opt Options) (layouts.Preset, error) {
	layout, size := b.Layout, b.PageSize
	if opt.Layout != "" {
		layout = string(opt.Layout)
	}
	if opt.PageSize != "" {
		size = string(opt.PageSize)
	}
	return layouts.Get(layout, size)
}
