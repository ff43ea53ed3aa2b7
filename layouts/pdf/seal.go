package pdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"sync"

	"sourcebook/fonts"
	"sourcebook/internal/deflate"
	"sourcebook/layouts/pdf/pdfwrite"
)

// sealer compresses the body's pages as the chunks are drawn, so that a
// long reader does not hold every page's content stream until Write: a
// page keeps its compressed stream (about a third of the size) and what
// Write still needs (anchors, links, images, margin notes, marked
// content). The text block is position-free (Write shifts it to the
// inner or outer margin), but two things in it are not known to the
// chunk's worker: the codes of glyphs drawn for other text than their
// own (ligatures), numbered in chunk order so that the file does not
// depend on scheduling, and which glossary underlines are drawn (see
// seg), known from the book. So a chunk is numbered once every chunk
// before it has been, under the lock, and compressed outside it.
type sealer struct {
	mu      sync.Mutex
	results []chunkResult
	drawn   []bool
	next    int
	fonts   map[*fonts.Face]*pdfwrite.Font
	targets map[string]bool // IDs that are link targets
	// keep: the chunks are kept for the next build (Options.Cache), so
	// pages keep their drawing, to be numbered again, and their
	// compressed stream, reused while the numbering is the same.
	keep bool
	buf  []byte // for reading the spool back
	// notdef: glyph 0 (.notdef) was drawn (for tests, see Document).
	notdef bool
	// spool holds the compressed pages (unless kept) until Write, so
	// that memory does not grow with them; nil: they stay in memory.
	spool   *os.File
	spoolMu sync.Mutex
	spoolN  int64
	err     error
}

// spoolChunks is how many chunks a book needs for its compressed pages
// to go to a spool: a short book's stay in memory (a few megabytes), and
// a handout, one of many built at once, keeps no file open.
var spoolChunks = 64

// newSpool makes the file that holds compressed pages: deleted at once
// where an open file can be (it then vanishes with the process), else
// not used.
func newSpool() *os.File {
	f, err := os.CreateTemp("", "sourcebook-pages-*")
	if err != nil {
		return nil
	}
	if os.Remove(f.Name()) != nil {
		f.Close()
		os.Remove(f.Name())
		return nil
	}
	return f
}

// store keeps a page's compressed stream, in the spool if there is one.
func (s *sealer) store(pg *page, z []byte) {
	if s.spool == nil {
		pg.z = bytes.Clone(z)
		return
	}
	s.spoolMu.Lock()
	off := s.spoolN
	s.spoolN += int64(len(z))
	s.spoolMu.Unlock()
	if _, err := s.spool.WriteAt(z, off); err != nil {
		s.spoolMu.Lock()
		if s.err == nil {
			s.err = fmt.Errorf("cannot keep the pages drawn in a temporary file: %w", err)
		}
		s.spoolMu.Unlock()
		pg.z = bytes.Clone(z)
		return
	}
	pg.zoff, pg.zlen = off, len(z)
}

// body returns a page's compressed stream.
func (s *sealer) body(pg *page) func() ([]byte, error) {
	if pg.z != nil {
		return func() ([]byte, error) { return pg.z, nil }
	}
	return func() ([]byte, error) {
		if cap(s.buf) < pg.zlen {
			s.buf = make([]byte, pg.zlen)
		}
		b := s.buf[:pg.zlen]
		if _, err := s.spool.ReadAt(b, pg.zoff); err != nil {
			return nil, fmt.Errorf("cannot read back the pages drawn: %w", err)
		}
		return b, nil
	}
}

// font returns the face's font for the PDF, read on first use.
func (s *sealer) font(face *fonts.Face) *pdfwrite.Font {
	if f, ok := s.fonts[face]; ok {
		return f
	}
	f, err := pdfwrite.ParseFont(face.Data, face.Index)
	if err != nil && s.err == nil {
		s.err = err
	}
	s.fonts[face] = f
	return f
}

// use records a chunk's glyphs in its fonts, in a stable order.
func (s *sealer) use(set map[*fonts.Face]map[uint16]string) {
	faces := make([]*fonts.Face, 0, len(set))
	for face := range set {
		faces = append(faces, face)
	}
	slices.SortFunc(faces, func(a, b *fonts.Face) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	for _, face := range faces {
		m := set[face]
		if _, ok := m[0]; ok {
			s.notdef = true
		}
		f := s.font(face)
		if f == nil {
			continue
		}
		gids := make([]uint16, 0, len(m))
		for g := range m {
			gids = append(gids, g)
		}
		slices.Sort(gids)
		for _, g := range gids {
			f.Use(g, m[g])
		}
	}
}

// arrive records chunk i as drawn, numbers the aliases of every chunk
// now in order, and compresses the pages of those chunks.
func (s *sealer) arrive(i int, zw *deflate.ZlibWriter, buf *bytes.Buffer) {
	s.mu.Lock()
	s.drawn[i] = true
	from := s.next
	for s.next < len(s.drawn) && s.drawn[s.next] {
		r := &s.results[s.next]
		s.use(r.glyphs)
		if !s.keep {
			r.glyphs = nil
		}
		for _, pg := range r.pages {
			if pg.rec != nil && pg.rec.data != nil {
				s.number(pg)
			}
		}
		s.next++
	}
	to := s.next
	s.mu.Unlock()
	for k := from; k < to; k++ {
		for _, pg := range s.results[k].pages {
			if pg.rec == nil || pg.rec.data == nil || pg.sealed() {
				continue
			}
			buf.Reset()
			zw.Reset(buf)
			writeRec(zw, pg.rec, func(id string) bool { return s.targets[id] })
			zw.Close()
			s.store(pg, buf.Bytes())
			if !s.keep {
				b := pg.rec.data[:0]
				pageData.Put(&b)
				pg.rec.data, pg.rec.segs, pg.rec.alts = nil, nil, nil
			}
		}
	}
}

// number writes the codes of a page's aliased glyphs; a kept page whose
// codes change is compressed again.
func (s *sealer) number(pg *page) {
	rec := pg.rec
	for i, a := range rec.alts {
		f := s.font(a.face)
		if f == nil {
			continue
		}
		c := f.Alias(a.gid, a.text)
		if s.keep {
			if len(pg.codes) < len(rec.alts) {
				pg.codes, pg.z = make([]uint16, len(rec.alts)), nil
			}
			if pg.codes[i] != c {
				pg.codes[i], pg.z = c, nil
			}
		}
		copy(rec.data[a.pos:a.pos+4], []byte{hexDigits[c>>12], hexDigits[c>>8&15], hexDigits[c>>4&15], hexDigits[c&15]})
	}
}

// numberRec writes the codes of aliased glyphs drawn by Write, in page
// order.
func (s *sealer) numberRec(rec *printed) {
	for _, a := range rec.alts {
		if f := s.font(a.face); f != nil {
			c := f.Alias(a.gid, a.text)
			copy(rec.data[a.pos:a.pos+4], []byte{hexDigits[c>>12], hexDigits[c>>8&15], hexDigits[c>>4&15], hexDigits[c&15]})
		}
	}
}

// mcPack is a page's marked-content records, packed once the page is
// drawn, for the structure tree (a few hundred bytes a page): the kinds
// of record on the page, and runs of records of one kind, most of them n
// records that only continue their flow's element (most lines of a
// paragraph). What a record has besides a role, cont, a language, a
// group, attributes and a split word's pieces is kept aside (ext).
type mcPack struct {
	kinds []mcKind
	// runs: per run a flags byte (mcCont, mcRest, mcWhole, mcExt), the
	// kind's index and the count, as uvarints.
	runs  []byte
	whole []string // split words, for the runs flagged mcWhole
	ext   []mcExtra
}

// mcKind is what the records of a run share.
type mcKind struct {
	role, lang, attrs string
	group             *sgroup
}

// mcExtra is the rest of a record flagged mcExt (a note, its caller, an
// inline element, a figure).
type mcExtra struct {
	alt, id string
	notes   []string
	inline  bool
}

const (
	mcCont = 1 << iota
	mcRest
	mcWhole
	mcExt
)

// simpleMC reports whether a record has no more than a role, cont, a
// language, a group, attributes and a split word's pieces
// (TestPlainMCCoversEveryField checks that every field is looked at).
func simpleMC(m *mcRec) bool {
	return m.alt == "" && m.id == "" && !m.inline && len(m.notes) == 0
}

func packMCs(mcs []mcRec) mcPack {
	var p mcPack
	runs := make([]byte, 0, 3*len(mcs))
	lastFlags, lastKind, countAt := -1, -1, -1
	for i := range mcs {
		m := &mcs[i]
		k := mcKind{m.role, m.lang, m.attrs, m.group}
		ki := slices.Index(p.kinds, k)
		if ki < 0 {
			ki = len(p.kinds)
			p.kinds = append(p.kinds, k)
		}
		flags := 0
		if m.cont {
			flags |= mcCont
		}
		if m.rest {
			flags |= mcRest
		}
		if m.whole != "" {
			flags |= mcWhole
			p.whole = append(p.whole, m.whole)
		}
		if !simpleMC(m) {
			flags |= mcExt
			p.ext = append(p.ext, mcExtra{m.alt, m.id, m.notes, m.inline})
		}
		// Only a plain continuation joins the run before it (a count
		// below 128 is one byte, rewritten in place).
		if flags == mcCont && lastFlags == mcCont && lastKind == ki && runs[countAt] < 127 {
			runs[countAt]++
			continue
		}
		runs = append(runs, byte(flags))
		runs = binary.AppendUvarint(runs, uint64(ki))
		countAt = len(runs)
		runs = append(runs, 1)
		lastFlags, lastKind = flags, ki
	}
	// Kept for the life of the document: exactly as large as needed.
	p.runs = slices.Clone(runs)
	p.kinds, p.whole, p.ext = slices.Clone(p.kinds), slices.Clone(p.whole), slices.Clone(p.ext)
	return p
}

func unpackMCs(p mcPack, buf []mcRec) []mcRec {
	buf = buf[:0]
	runs, whole, ext := p.runs, p.whole, p.ext
	for len(runs) > 0 {
		flags := runs[0]
		ki, n := binary.Uvarint(runs[1:])
		count := int(runs[1+n])
		runs = runs[2+n:]
		k := p.kinds[ki]
		m := mcRec{role: k.role, lang: k.lang, attrs: k.attrs, group: k.group, cont: flags&mcCont != 0, rest: flags&mcRest != 0}
		if flags&mcWhole != 0 {
			m.whole = whole[0]
			whole = whole[1:]
		}
		if flags&mcExt != 0 {
			x := ext[0]
			ext = ext[1:]
			m.alt, m.id, m.notes, m.inline = x.alt, x.id, x.notes, x.inline
		}
		for range count {
			buf = append(buf, m)
		}
	}
	return buf
}
