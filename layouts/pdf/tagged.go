package pdf

import (
	"slices"

	"sourcebook/book"
	"sourcebook/layouts/pdf/pdfwrite"
)

// sgroup is a structure element that holds others (Part, Sect, L, LI,
// LBody, BlockQuote, Table, TR, TOC): boxes name the innermost group
// their content belongs to. A section or part is known by its key, from
// its ID, so that chunks set apart (or kept between builds) share it; a
// group inside one (a list, a table) is made and met in one chunk, and
// known by its identity.
type sgroup struct {
	typ, key string
	lang     string // language of its content, when not the book's
	parent   *sgroup
}

// group makes a group inside parent (inside the section being set when
// parent is nil).
func (bl *builder) group(typ string, parent *sgroup, lang string) *sgroup {
	if parent == nil {
		parent = bl.sect
	}
	return &sgroup{typ: typ, lang: lang, parent: parent}
}

// openSect starts a section of the book (Sect, or Part for a reader's
// part) named by an ID: what is set from here on belongs to it.
func (bl *builder) openSect(typ, id string, parent *sgroup) *sgroup {
	bl.sect = &sgroup{typ: typ, key: typ + ":" + id, parent: parent}
	return bl.sect
}

// partGroup is the Part element of a reader's part that prints an
// opener (nil: its documents stand on their own).
func partGroup(p *book.Part) *sgroup {
	if p.Title == "" && len(p.Intro) == 0 && len(p.Question) == 0 {
		return nil
	}
	return &sgroup{typ: "Part", key: "Part:" + p.ID}
}

// listItem opens an item of list l and returns its body (LI, LBody).
func (bl *builder) listItem(l *sgroup) *sgroup {
	return bl.group("LBody", bl.group("LI", l, l.lang), l.lang)
}

// structBuilder builds the logical structure of a tagged PDF from the
// marked content of each page, in page order: a sequence that continues
// its flow's last element (a paragraph carried to the next line or page)
// joins it; anything else opens a new element in its group.
//
// It writes the tree as it goes (see settle): an element no later page
// can add to is written at once and let go, so that what is kept does
// not grow with the book.
type structBuilder struct {
	root               *pdfwrite.StructElem
	pd                 *pdfwrite.Document // where elements are written
	lang               string
	lastBody, lastNote *pdfwrite.StructElem
	spanBody, spanNote *pdfwrite.StructElem   // a split word's Span, until its rest
	notes              []*pdfwrite.StructElem // not yet placed
	sect               *pdfwrite.StructElem   // the Sect or Part being read
	// Notes and the elements that call them, by the note's ID, and the
	// IDs each element calls or is the note of.
	noteIDs  map[string]*noteLink
	callerOf map[*pdfwrite.StructElem][]string
	noteOf   map[*pdfwrite.StructElem]string
	// Open groups' elements: sections and parts by key, others by group.
	groups    map[string]*pdfwrite.StructElem
	inner     map[*sgroup]*pdfwrite.StructElem
	host      map[*pdfwrite.StructElem]*pdfwrite.StructElem // Lbl, Reference, TH → the element they are in
	live      []liveElem                                    // made and not yet written, in order
	open      map[*pdfwrite.StructElem]bool                 // scratch for settle
	noteCount int
	// For tests: the most elements held at once between pages, and
	// how many were written.
	maxHeld, written int
}

// noteLink is a note and the first element that calls it (they refer to
// each other), with the note's rank among notes.
type noteLink struct {
	note, caller *pdfwrite.StructElem
	seq          int
}

// liveElem is an element not yet written, with its group if it is a
// group's.
type liveElem struct {
	e *pdfwrite.StructElem
	g *sgroup
}

// flushNotes places the notes called so far, at the end of the section
// being read.
func (s *structBuilder) flushNotes() {
	to := s.sect
	if to == nil {
		to = s.root
	}
	for _, n := range s.notes {
		to.Kids = append(to.Kids, pdfwrite.StructKid{Elem: n})
		n.Parent = to
	}
	s.notes = nil
}

// called records the element that calls notes.
func (s *structBuilder) called(notes []string, e *pdfwrite.StructElem) {
	for _, n := range notes {
		l := s.noteIDs[n]
		if l == nil {
			l = &noteLink{seq: -1}
			s.noteIDs[n] = l
		}
		if l.caller == nil {
			l.caller = e
			s.callerOf[e] = append(s.callerOf[e], n)
		}
	}
}

// done writes what is left of the tree but its root.
func (s *structBuilder) done() {
	s.flushNotes()
	s.settle(true)
}

func newStructBuilder(lang string, pd *pdfwrite.Document) *structBuilder {
	return &structBuilder{root: &pdfwrite.StructElem{Type: "Document"}, lang: lang, pd: pd,
		noteIDs: map[string]*noteLink{}, callerOf: map[*pdfwrite.StructElem][]string{}, noteOf: map[*pdfwrite.StructElem]string{},
		groups: map[string]*pdfwrite.StructElem{}, inner: map[*sgroup]*pdfwrite.StructElem{}, host: map[*pdfwrite.StructElem]*pdfwrite.StructElem{},
		open: map[*pdfwrite.StructElem]bool{}}
}

// made records a new element, to be written once finished.
func (s *structBuilder) made(e *pdfwrite.StructElem, g *sgroup) {
	s.live = append(s.live, liveElem{e, g})
}

// settle writes every element no later page can add to (every one when
// final). Later pages add to the flows' last elements and split words
// and to their ancestors (a list item's label, a row's header), to the
// section being read and its ancestors, to the groups inside it, and
// place the notes not yet placed; an element in that section waits for
// the note it calls, or the text that calls it, to be read. Groups of
// sections read before are not met again: a group met again after all
// would be made anew (a valid tree, the group in two parts).
func (s *structBuilder) settle(final bool) {
	open := s.open
	clear(open)
	if !final {
		for _, e := range []*pdfwrite.StructElem{s.sect, s.lastBody, s.lastNote, s.spanBody, s.spanNote} {
			for ; e != nil && !open[e]; e = e.Parent {
				open[e] = true
			}
		}
		for _, n := range s.notes {
			open[n] = true
		}
	}
	j := 0
	for _, le := range s.live {
		e := le.e
		if !final && (open[e] || (le.g != nil || s.waiting(e)) && s.inSect(e)) {
			s.live[j] = le
			j++
			continue
		}
		s.write(le)
	}
	clear(s.live[j:])
	s.live = s.live[:j]
	s.maxHeld = max(s.maxHeld, j)
}

// inSect reports whether e is inside the section being read.
func (s *structBuilder) inSect(e *pdfwrite.StructElem) bool {
	if s.sect == nil {
		return true
	}
	for ; e != nil; e = e.Parent {
		if e == s.sect {
			return true
		}
	}
	return false
}

// waiting reports whether e calls a note not yet read, or is a note
// whose caller is not.
func (s *structBuilder) waiting(e *pdfwrite.StructElem) bool {
	for _, id := range s.callerOf[e] {
		if s.noteIDs[id].note == nil {
			return true
		}
	}
	if id, ok := s.noteOf[e]; ok && s.noteIDs[id].caller == nil {
		return true
	}
	return false
}

// write writes a finished element: first the notes it calls and the text
// that calls it, in the order the notes were read.
func (s *structBuilder) write(le liveElem) {
	e := le.e
	type ref struct {
		seq int
		e   *pdfwrite.StructElem
	}
	var refs []ref
	for _, id := range s.callerOf[e] {
		if l := s.noteIDs[id]; l.note != nil {
			refs = append(refs, ref{l.seq, l.note})
		}
	}
	if id, ok := s.noteOf[e]; ok {
		if l := s.noteIDs[id]; l.caller != nil {
			refs = append(refs, ref{l.seq, l.caller})
		}
	}
	slices.SortStableFunc(refs, func(a, b ref) int { return a.seq - b.seq })
	for _, r := range refs {
		e.Ref = append(e.Ref, r.e)
	}
	delete(s.callerOf, e)
	delete(s.noteOf, e)
	delete(s.host, e)
	if g := le.g; g != nil {
		if g.key == "" {
			delete(s.inner, g)
		} else if s.groups[g.key] == e {
			delete(s.groups, g.key)
		}
	}
	s.pd.WriteElem(e)
	s.written++
}

// langOf is the language e's content is read in.
func (s *structBuilder) langOf(e *pdfwrite.StructElem) string {
	for ; e != nil; e = e.Parent {
		if e.Lang != "" {
			return e.Lang
		}
	}
	return s.lang
}

// place adds e to parent, with its language when it differs.
func (s *structBuilder) place(e, parent *pdfwrite.StructElem, lang string) {
	if lang != "" && lang != s.langOf(parent) {
		e.Lang = lang
	}
	parent.Kids = append(parent.Kids, pdfwrite.StructKid{Elem: e})
	e.Parent = parent
}

// elemOf returns the element of a group, making it (and its parents) the
// first time the group is met. Entering another section places the notes
// of the last one.
func (s *structBuilder) elemOf(g *sgroup) *pdfwrite.StructElem {
	if g == nil {
		return s.root
	}
	if e := s.groupElem(g); e != nil {
		return e
	}
	p := s.elemOf(g.parent)
	e := &pdfwrite.StructElem{Type: g.typ}
	if g.typ == "Sect" || g.typ == "Part" {
		s.flushNotes()
		s.sect = e
	}
	s.place(e, p, g.lang)
	if g.key == "" {
		s.inner[g] = e
	} else {
		s.groups[g.key] = e
	}
	s.made(e, g)
	return e
}

// groupElem is the element of an open group (nil: none).
func (s *structBuilder) groupElem(g *sgroup) *pdfwrite.StructElem {
	if g.key == "" {
		return s.inner[g]
	}
	return s.groups[g.key]
}

// ancestor returns the nearest element above e of a type (nil: none).
func (s *structBuilder) ancestor(e *pdfwrite.StructElem, typ string) *pdfwrite.StructElem {
	for e = e.Parent; e != nil; e = e.Parent {
		if e.Type == typ {
			return e
		}
	}
	return nil
}

// page adds a page's marked content and returns the element of each MCID
// and the element each MCID's sequence is a kid of (a split word's Span,
// or that element).
func (s *structBuilder) page(pi int, mcs []mcRec, elems, owners []*pdfwrite.StructElem) ([]*pdfwrite.StructElem, []*pdfwrite.StructElem) {
	elems = append(elems[:0], make([]*pdfwrite.StructElem, len(mcs))...)
	owners = append(owners[:0], make([]*pdfwrite.StructElem, len(mcs))...)
	for id, m := range mcs {
		last, span := &s.lastBody, &s.spanBody
		if m.role == "Note" {
			last, span = &s.lastNote, &s.spanNote
		}
		e := *last
		if m.inline && id > 0 && elems[id-1] != nil {
			// Inside the element of the sequence it interrupts.
			e = elems[id-1]
			if h := s.host[e]; h != nil {
				e = h
			}
		}
		if m.inline && e != nil {
			in := &pdfwrite.StructElem{Type: m.role, Attrs: m.attrs, Kids: []pdfwrite.StructKid{{Page: pi, MCID: id}}}
			// A list item's label goes before its body, a row's header
			// before its cells.
			to := map[string]string{"Lbl": "LI", "TH": "TR"}[m.role]
			if c := s.ancestor(e, to); to != "" && c != nil {
				c.Kids = append([]pdfwrite.StructKid{{Elem: in}}, c.Kids...)
				in.Parent = c
			} else {
				e.Kids = append(e.Kids, pdfwrite.StructKid{Elem: in})
				in.Parent = e
			}
			s.made(in, nil)
			elems[id], owners[id] = in, in
			s.host[in] = e
			s.called(m.notes, in)
			continue
		}
		if !m.cont || e == nil || e.Type != m.role {
			e = &pdfwrite.StructElem{Type: m.role, Alt: m.alt, Attrs: m.attrs}
			if m.role == "Note" {
				s.noteCount++
				e.ID = "note-" + itoa(s.noteCount)
				if m.lang != s.lang {
					e.Lang = m.lang
				}
				if m.id != "" {
					l := s.noteIDs[m.id]
					if l == nil {
						l = &noteLink{seq: -1}
						s.noteIDs[m.id] = l
					}
					if l.note == nil {
						l.note, l.seq = e, s.noteCount
						s.noteOf[e] = m.id
					}
				}
				// Read after the text that calls it, not in the middle
				// of a paragraph carried over the page: at the end of
				// the section (before the next heading).
				s.notes = append(s.notes, e)
			} else {
				parent := s.elemOf(m.group)
				if m.role[0] == 'H' {
					s.flushNotes()
				}
				s.place(e, parent, m.lang)
			}
			s.made(e, nil)
			*last = e
		}
		elems[id], owners[id] = e, e
		s.called(m.notes, e)
		kid := pdfwrite.StructKid{Page: pi, MCID: id}
		switch {
		case m.whole != "":
			*span = &pdfwrite.StructElem{Type: "Span", ActualText: m.whole, Kids: []pdfwrite.StructKid{kid}, Parent: e}
			e.Kids = append(e.Kids, pdfwrite.StructKid{Elem: *span})
			s.made(*span, nil)
			owners[id] = *span
			continue
		case m.rest && *span != nil && m.cont:
			(*span).Kids = append((*span).Kids, kid)
			owners[id] = *span
			*span = nil
			continue
		}
		e.Kids = append(e.Kids, kid)
	}
	return elems, owners
}

// link adds the page's link annotation n (1-based) as a Link element
// inside the element of the text it is on, and returns it.
func (s *structBuilder) link(pi, n, mc int, elems []*pdfwrite.StructElem) *pdfwrite.StructElem {
	parent := s.root
	if mc >= 0 && mc < len(elems) {
		parent = elems[mc]
	}
	l := &pdfwrite.StructElem{Type: "Link", Kids: []pdfwrite.StructKid{{Page: pi, Annot: n}}, Parent: parent}
	parent.Kids = append(parent.Kids, pdfwrite.StructKid{Elem: l})
	s.made(l, nil)
	return l
}
