// Package publish builds a reader's editions and writes them atomically:
// the last step of the pipeline (load → assemble → render → write).
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"sourcebook/book"
	"sourcebook/internal/work"
	"sourcebook/layouts"
	"sourcebook/layouts/impose"
	"sourcebook/layouts/pdf"
	"sourcebook/layouts/presets"
)

// Options choose what to build.
type Options struct {
	Formats []Format // the registered renderers' formats; all when empty
	// Handouts also writes one PDF per document in the handout layout,
	// named NAME-handout-N.pdf.
	Handouts bool
	// Only limits the handouts to the documents with these ids.
	Only []string
	// Booklet also writes the reader (and each handout) imposed for
	// saddle stitching: NAME-booklet.pdf. TwoUp writes each handout two
	// pages (or two copies) to a landscape side: …-2up.pdf.
	Booklet, TwoUp bool
	// AnswerKey also writes NAME-answer-key.pdf: every document's
	// questions, answers, notes and timings with page and line references.
	AnswerKey bool
	OutDir    string
	Edition   Edition          // Student when empty
	Layout    presets.Layout   // overrides the manifest
	PageSize  presets.PageSize // overrides the manifest
	Warn      func(*book.Warning)
	// Workers bounds parallel work (GOMAXPROCS when 0; 1 is serial); the
	// output is the same for any value.
	Workers int
	// Cache, when set, keeps work between builds of the same reader
	// (--watch); the output is the same with or without it.
	Cache *Cache
}

// Cache keeps work between builds of one reader: the sources read (give
// Book to book.Load), the print edition's chunks and compressed pages,
// and each renderer's own state (Job.State).
type Cache struct {
	Book    *book.Cache
	pdf     *pdf.Cache
	mu      sync.Mutex
	states  map[Format]any
	seed    maphash.Seed
	written map[string]writtenFile
	last    *book.Book // the book last built, for Preview
}

func (c *Cache) lastBook() *book.Book {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// writtenFile is a file the last build wrote: a hash of its bytes, and
// its size and time as written, to tell whether anyone changed it since.
type writtenFile struct {
	sum  uint64
	size int64
	mod  time.Time
	key  [32]byte // the renderer's name for the content, if it gave one
}

// NewCache makes an empty cache.
func NewCache() *Cache {
	return &Cache{Book: &book.Cache{}, pdf: pdf.NewCache(), seed: maphash.MakeSeed(), written: map[string]writtenFile{}}
}

// unchanged reports whether path holds exactly the bytes whose hash is
// sum (see hash), as the last build wrote them and nobody has changed
// them since.
func (c *Cache) unchanged(path string, sum uint64, size int64) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	w, ok := c.written[path]
	c.mu.Unlock()
	if !ok || w.size != size || w.sum != sum {
		return false
	}
	st, err := os.Lstat(path)
	return err == nil && st.Mode().IsRegular() && st.Size() == w.size && st.ModTime().Equal(w.mod)
}

// sameKey reports whether path holds the content the renderer names
// key, as the last build wrote it and nobody has changed it since.
func (c *Cache) sameKey(path string, key [32]byte) bool {
	if c == nil || key == ([32]byte{}) {
		return false
	}
	c.mu.Lock()
	w, ok := c.written[path]
	c.mu.Unlock()
	if !ok || w.key != key {
		return false
	}
	st, err := os.Lstat(path)
	return err == nil && st.Mode().IsRegular() && st.Size() == w.size && st.ModTime().Equal(w.mod)
}

// hash is the hash unchanged compares.
func (c *Cache) hash(data []byte) uint64 {
	if c == nil {
		return 0
	}
	return maphash.Bytes(c.seed, data)
}

// wrote records a file just written.
func (c *Cache) wrote(path string, sum uint64, key [32]byte) {
	if c == nil {
		return
	}
	if st, err := os.Lstat(path); err == nil {
		c.mu.Lock()
		c.written[path] = writtenFile{sum, st.Size(), st.ModTime(), key}
		c.mu.Unlock()
	}
}

// Result lists what was written.
type Result struct {
	Files []string
	Pages int // print pages
}

// Build renders the book and writes each edition. Nothing is written
// unless every requested edition rendered, and each file replaces the
// previous one only once it is complete.
func Build(b *book.Book, opt Options) (*Result, error) {
	formats := opt.Formats
	if len(formats) == 0 {
		formats, _ = ParseFormats("all")
	}
	for i, f := range formats {
		fs, err := ParseFormats(string(f))
		if err != nil || len(fs) != 1 {
			return nil, fmt.Errorf("format: %v", err)
		}
		formats[i] = fs[0]
	}
	edition, preset, err := printSetup(b, opt)
	if err != nil {
		return nil, err
	}
	// The print layout is always computed: page references in every
	// edition come from it.
	var pc *pdf.Cache
	if opt.Cache != nil {
		pc = opt.Cache.pdf
	}
	// Without the PDF, only its page map is needed: pages are not drawn.
	doc, err := pdf.Layout(b, preset, pdf.Options{Edition: string(edition), Warn: opt.Warn, Workers: opt.Workers, Cache: pc,
		PageMapOnly: !slices.Contains(formats, "pdf")})
	if err != nil {
		return nil, err
	}
	name := b.Name
	if edition == Teacher {
		name += "-teacher"
	}
	job := Job{Book: b, Edition: edition, Name: name, Print: doc, Workers: opt.Workers, cache: opt.Cache}
	// The editions are rendered concurrently, each writing its files to
	// temporary files as it makes them (Job.Put), so that nothing
	// rendered is held for long; the files a renderer returns, the PDF,
	// are written once every edition has rendered, so that the PDF's
	// drawing does not hold its structure while the others hold theirs.
	// Every file replaces the last build's only once all are written.
	st := &stager{out: opt.OutDir, cache: opt.Cache}
	committed := false
	defer func() {
		if !committed {
			st.abort()
		}
	}()
	lists := make([][]*placed, len(formats)+1)
	outs := make([][]Output, len(formats))
	errs := make([]error, len(formats))
	jobs := make([]Job, len(formats))
	work.Do(opt.Workers, len(formats), func(i int) {
		regMu.Lock()
		r := registry[formats[i]]
		regMu.Unlock()
		jobs[i] = job
		jobs[i].st, jobs[i].files = st, &lists[i]
		outs[i], errs[i] = r.Render(&jobs[i])
	})
	for i, f := range formats {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s edition: %w", f, errs[i])
		}
	}
	var outputs []Output
	var handoutFiles []string
	if opt.Handouts {
		items, err := onlyItems(b, opt.Only)
		if err != nil {
			return nil, err
		}
		// Handouts use the handout layout, or the one asked for when it
		// is not the reader's (large print for a student who needs it).
		hl := "handout"
		if layout := string(opt.Layout); layout != "" && layout != "reader" {
			hl = layout
		} else if opt.Layout == "" && b.Layout != "" && b.Layout != "reader" {
			hl = b.Layout
		}
		hp, err := layouts.Get(hl, preset.PageName)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			hd, err := pdf.LayoutHandout(b, it, hp, pdf.Options{Edition: string(edition), Warn: opt.Warn, Workers: opt.Workers})
			if err != nil {
				return nil, err
			}
			var buf bytes.Buffer
			if err := hd.Write(&buf); err != nil {
				return nil, fmt.Errorf("handout of %s: %w", it.Label, err)
			}
			f := name + "-handout-" + HandoutName(it)
			outputs = append(outputs, Output{Name: f + ".pdf", Data: buf.Bytes()})
			handoutFiles = append(handoutFiles, f)
			more, err := imposed(buf.Bytes(), f, opt)
			if err != nil {
				return nil, fmt.Errorf("handout of %s: %w", it.Label, err)
			}
			for _, o := range more {
				outputs = append(outputs, o)
				handoutFiles = append(handoutFiles, strings.TrimSuffix(o.Name, ".pdf"))
			}
		}
	}
	if opt.AnswerKey {
		ak, err := pdf.LayoutAnswerKey(b, preset, pdf.Options{Warn: opt.Warn}, doc)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := ak.Write(&buf); err != nil {
			return nil, fmt.Errorf("answer key: %w", err)
		}
		outputs = append(outputs, Output{Name: b.Name + "-answer-key.pdf", Data: buf.Bytes()})
	}
	if opt.Cache != nil {
		opt.Cache.mu.Lock()
		opt.Cache.last = b
		opt.Cache.mu.Unlock()
	}
	extra := Job{st: st, files: &lists[len(formats)]}
	for _, o := range outputs {
		if err := extra.Put(o); err != nil {
			return nil, err
		}
	}
	outputs = nil
	// The book is not needed after this (the PDF's drawing works from its
	// laid-out pages): the jobs let it go.
	for i := range jobs {
		jobs[i].Book = nil
	}
	for i, f := range formats {
		for _, o := range outs[i] {
			if err := jobs[i].Put(o); err != nil {
				return nil, fmt.Errorf("%s edition: %w", f, err)
			}
		}
		outs[i] = nil
	}
	if opt.Booklet {
		// The book is imposed from the PDF's bytes, as written.
		if pl := placedNamed(lists, name+".pdf"); pl != nil && pl.s != nil {
			data, err := os.ReadFile(pl.s.name)
			if err != nil {
				return nil, fmt.Errorf("booklet: %w", err)
			}
			bk, err := impose.Booklet(data)
			if err != nil {
				return nil, fmt.Errorf("booklet: %w", err)
			}
			if err := extra.Put(Output{Name: name + "-booklet.pdf", Data: bk}); err != nil {
				return nil, err
			}
		}
	}
	// Everything is rendered and in its temporary file: only now is any
	// file replaced (in --watch, a file whose bytes did not change since
	// the last build is left as it is).
	res := &Result{Pages: doc.PageCount()}
	var names []string
	// Each folder is synced once, after its files are renamed (the web
	// edition renames hundreds into one).
	var dirs []string
	defer func() {
		for _, d := range dirs {
			syncDir(d)
		}
	}()
	for _, list := range lists {
		for _, pl := range list {
			renamed, err := pl.commit(opt.Cache)
			if err != nil {
				return res, err
			}
			if d := filepath.Dir(pl.path); renamed && !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
			res.Files = append(res.Files, pl.path)
			names = append(names, pl.name)
		}
	}
	committed = true
	if opt.Handouts {
		if err := removeOldHandouts(opt.OutDir, name, handoutFiles); err != nil {
			return res, err
		}
	}
	if err := removeOldFolderFiles(opt.OutDir, names); err != nil {
		return res, err
	}
	return res, nil
}

// folderRecord lists, in each folder an edition writes (the web
// edition's NAME-web), the files the last build wrote there.
const folderRecord = ".sourcebook-files"

// removeOldFolderFiles removes from each edition's folder the files an
// earlier build wrote there and this one did not (a document taken out
// of the reader), then records what this build wrote. Only files in the
// record are removed: a file the teacher added is never touched.
func removeOldFolderFiles(out string, names []string) error {
	written := map[string][]string{}
	for _, n := range names {
		if dir, rest, ok := strings.Cut(n, "/"); ok {
			written[dir] = append(written[dir], rest)
		}
	}
	dirs := make([]string, 0, len(written))
	for d := range written {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		now := map[string]bool{}
		for _, f := range written[dir] {
			now[f] = true
		}
		record := filepath.Join(out, dir, folderRecord)
		if old, err := os.ReadFile(record); err == nil {
			for _, f := range strings.Split(string(old), "\n") {
				// Only a relative name inside the folder, never a path out of it.
				if f == "" || now[f] || !filepath.IsLocal(filepath.FromSlash(f)) {
					continue
				}
				os.Remove(filepath.Join(out, dir, filepath.FromSlash(f)))
			}
		}
		sort.Strings(written[dir])
		if err := WriteFile(record, []byte(strings.Join(written[dir], "\n")+"\n")); err != nil {
			return err
		}
	}
	return nil
}

// removeOldHandouts removes the handouts an earlier build wrote for
// documents no longer in the reader, and records the ones just written.
// Only files listed in the record (.NAME.handouts) are removed, so a file
// the teacher made is never touched.
func removeOldHandouts(dir, name string, written []string) error {
	record := filepath.Join(dir, "."+name+".handouts")
	now := map[string]bool{}
	for _, f := range written {
		now[f+".pdf"] = true
	}
	if old, err := os.ReadFile(record); err == nil {
		for _, f := range strings.Split(string(old), "\n") {
			// Only a plain name of this reader's handouts, never a path.
			if !now[f] && strings.HasPrefix(f, name+"-handout-") && strings.HasSuffix(f, ".pdf") && filepath.Base(f) == f {
				os.Remove(filepath.Join(dir, f))
			}
		}
	}
	var list []string
	for _, f := range written {
		list = append(list, f+".pdf")
	}
	return WriteFile(record, []byte(strings.Join(list, "\n")+"\n"))
}

// tempFile is what WriteFile needs of its temporary file; *os.File in
// production, a failing writer in tests (a full disk).
type tempFile interface {
	io.Writer
	Name() string
	Sync() error
	Close() error
}

// createTemp makes WriteFile's temporary file, which must not exist yet;
// tests replace it.
var createTemp = func(name string) (tempFile, error) {
	return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
}

// Temporary files are named .NAME.sourcebook-tmp-PID-N: a later build
// can tell them from anything else in the folder, and tell whether the
// process that made them is still running.
const tmpMark = ".sourcebook-tmp-"

var tmpRE = regexp.MustCompile(`^\..+\.sourcebook-tmp-(\d+)-\d+$`)

// pending holds the temporary files being written, for CleanUp; mu
// makes creating a file and recording it one step, so that an interrupt
// cannot fall between them.
var (
	mu      sync.Mutex
	pending = map[string]bool{}
	stopped bool
	counter int
)

// CleanUp removes the temporary files of writes in progress, and stops
// any write from starting after it. A command that stops on an interrupt
// calls it before exiting: the files being replaced are untouched (the
// rename that replaces them is atomic), and no temporary file is left
// beside them.
func CleanUp() {
	mu.Lock()
	defer mu.Unlock()
	stopped = true
	for name := range pending {
		os.Remove(name)
		delete(pending, name)
	}
}

// errStopped is returned by writes asked for after CleanUp.
var errStopped = errors.New("the build was interrupted")

// newTemp creates and records the temporary file for path in one step.
func newTemp(path string) (tempFile, error) {
	mu.Lock()
	defer mu.Unlock()
	if stopped {
		return nil, errStopped
	}
	counter++
	name := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s%s%d-%d", filepath.Base(path), tmpMark, os.Getpid(), counter))
	pending[name] = true
	f, err := createTemp(name)
	if err != nil {
		delete(pending, name)
		return nil, err
	}
	return f, nil
}

func forget(name string) {
	mu.Lock()
	defer mu.Unlock()
	delete(pending, name)
}

// RemoveStale removes the temporary files that a build killed before it
// could clean up (kill -9, a power cut) left in dir: those named as
// WriteFile names them whose process is no longer running.
func RemoveStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		m := tmpRE.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || alive(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// WriteFile writes data to path through a temporary file in the same
// folder, renamed into place once complete and synced: a failed or
// interrupted write never leaves a half-written file or destroys the
// previous one, and never leaves its temporary file behind. A replaced
// file keeps its permissions; a new one is readable by all (0644).
func WriteFile(path string, data []byte) error {
	RemoveStale(filepath.Dir(path))
	return writeFile(path, data)
}

// writeFile is WriteFile once the folder's stale files are removed.
func writeFile(path string, data []byte) error {
	s, err := stage(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	return s.commit()
}

// staged is a file's new content, complete in its temporary file.
type staged struct{ path, name string }

// stage writes a file's new content to a temporary file beside it
// (see WriteFile), for commit to rename into place. The folder's stale
// temporary files are removed beforehand by the caller.
func stage(path string, write func(io.Writer) error) (*staged, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("cannot write %s: a folder of that name is in the way", path)
	}
	tmp, err := newTemp(path)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		forget(name)
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		return nil, fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return nil, fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		forget(name)
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return &staged{path, name}, nil
}

// abort removes a staged file.
func (s *staged) abort() {
	os.Remove(s.name)
	forget(s.name)
}

// commit renames a staged file into place, durably.
func (s *staged) commit() error {
	if err := s.rename(); err != nil {
		return err
	}
	syncDir(filepath.Dir(s.path))
	return nil
}

// rename renames a staged file into place; the rename is durable once
// its folder is synced (syncDir).
func (s *staged) rename() error {
	path, name := s.path, s.name
	defer forget(name)
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	if err := os.Chmod(name, mode); err != nil {
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// syncDir makes the renames in dir durable; not every system can sync a
// folder, and the files are complete either way.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// imposed adds the booklet and 2-up versions of a handout asked for.
func imposed(pdfData []byte, f string, opt Options) ([]Output, error) {
	var out []Output
	if opt.Booklet {
		bk, err := impose.Booklet(pdfData)
		if err != nil {
			return nil, err
		}
		out = append(out, Output{Name: f + "-booklet.pdf", Data: bk})
	}
	if opt.TwoUp {
		two, err := impose.TwoUp(pdfData)
		if err != nil {
			return nil, err
		}
		out = append(out, Output{Name: f + "-2up.pdf", Data: two})
	}
	return out, nil
}

// HandoutName is the part of a handout's file name after "-handout-":
// the document's label and its title, "A-truman-doctrine", so that the
// files sort and read as the reader labels them.
func HandoutName(it *book.Item) string {
	label := it.Label
	if i := strings.IndexByte(label, '('); i > 0 {
		label = strings.TrimSpace(label[:i]) // "Document B (excerpt)"
	}
	if i := strings.LastIndexByte(label, ' '); i >= 0 {
		label = label[i+1:]
	}
	// The label keeps its case: "A" as printed on the page.
	lab := strings.Map(func(r rune) rune {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, label)
	if lab == "" {
		lab = slug(label)
	}
	return lab + "-" + slug(it.Title)
}

// slug keeps letters and digits, small, joined by hyphens, at most 40
// bytes (cut at a word).
func slug(s string) string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '’' || r == '\'':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	out := ""
	for _, w := range words {
		if len(out)+len(w)+1 > 40 && out != "" {
			break
		}
		if out != "" {
			out += "-"
		}
		out += w
	}
	if out == "" {
		out = "document"
	}
	return out
}

// onlyItems are the documents --only names (all when none).
func onlyItems(b *book.Book, only []string) ([]*book.Item, error) {
	if len(only) == 0 {
		return b.Items, nil
	}
	var out []*book.Item
	var ids []string
	for _, it := range b.Items {
		ids = append(ids, it.Source.ID)
	}
	for _, id := range only {
		found := false
		for _, it := range b.Items {
			if it.Source.ID == id || it.ID == id {
				out = append(out, it)
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("--only %s: the reader has no document with that id; its documents are %s", id, strings.Join(ids, ", "))
		}
	}
	return out, nil
}
