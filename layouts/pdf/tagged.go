package pdf

import (
	"sourcebook/book"
	"sourcebook/layouts/pdf/pdfwrite"
)

// sgroup is a structure element that holds others (Part, Sect, L, LI,
// LBody, BlockQuote, Table, TR, TOC): boxes name the innermost group
// their content belongs to. Groups are matched by key, unique in the
// book, so that chunks set apart (or kept between builds) share the
// groups they name.
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
	bl.gseq++
	key := typ + itoa(bl.gseq)
	if parent != nil {
		key = parent.key + "/" + key
	}
	return &sgroup{typ: typ, key: key, lang: lang, parent: parent}
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
type structBuilder struct {
	root               *pdfwrite.StructElem
	lang               string
	lastBody, lastNote *pdfwrite.StructElem
	spanBody, spanNote *pdfwrite.StructElem   // a split word's Span, until its rest
	notes              []*pdfwrite.StructElem // not yet placed
	sect               *pdfwrite.StructElem   // the Sect or Part being read
	// Notes and the elements that call them, by the note's ID.
	noteElem   map[string]*pdfwrite.StructElem
	noteCaller map[string]*pdfwrite.StructElem
	noteOrder  []string
	groups     map[string]*pdfwrite.StructElem               // by group key
	parent     map[*pdfwrite.StructElem]*pdfwrite.StructElem // of every element placed
	host       map[*pdfwrite.StructElem]*pdfwrite.StructElem // Lbl, Reference, TH → the element they are in
	noteCount  int
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
	}
	s.notes = nil
}

// called records the element that calls notes.
func (s *structBuilder) called(notes []string, e *pdfwrite.StructElem) {
	for _, n := range notes {
		if _, ok := s.noteCaller[n]; !ok {
			s.noteCaller[n] = e
		}
	}
}

// done finishes the tree.
func (s *structBuilder) done() {
	s.flushNotes()
	// A note and the text that calls it refer to each other.
	for _, id := range s.noteOrder {
		n := s.noteElem[id]
		if c := s.noteCaller[id]; c != nil {
			n.Ref = append(n.Ref, c)
			c.Ref = append(c.Ref, n)
		}
	}
}

func newStructBuilder(lang string) *structBuilder {
	return &structBuilder{root: &pdfwrite.StructElem{Type: "Document"}, lang: lang,
		noteElem: map[string]*pdfwrite.StructElem{}, noteCaller: map[string]*pdfwrite.StructElem{},
		groups: map[string]*pdfwrite.StructElem{}, parent: map[*pdfwrite.StructElem]*pdfwrite.StructElem{},
		host: map[*pdfwrite.StructElem]*pdfwrite.StructElem{}}
}

// langOf is the language e's content is read in.
func (s *structBuilder) langOf(e *pdfwrite.StructElem) string {
	for ; e != nil; e = s.parent[e] {
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
	s.parent[e] = parent
}

// elemOf returns the element of a group, making it (and its parents) the
// first time the group is met. Entering another section places the notes
// of the last one.
func (s *structBuilder) elemOf(g *sgroup) *pdfwrite.StructElem {
	if g == nil {
		return s.root
	}
	if e, ok := s.groups[g.key]; ok {
		return e
	}
	p := s.elemOf(g.parent)
	e := &pdfwrite.StructElem{Type: g.typ}
	if g.typ == "Sect" || g.typ == "Part" {
		s.flushNotes()
		s.sect = e
	}
	s.place(e, p, g.lang)
	s.groups[g.key] = e
	return e
}

// ancestor returns the nearest element above e of a type (nil: none).
func (s *structBuilder) ancestor(e *pdfwrite.StructElem, typ string) *pdfwrite.StructElem {
	for e = s.parent[e]; e != nil; e = s.parent[e] {
		if e.Type == typ {
			return e
		}
	}
	return nil
}

// page adds a page's marked content and returns the element of each MCID.
func (s *structBuilder) page(pi int, mcs []mcRec) []*pdfwrite.StructElem {
	elems := make([]*pdfwrite.StructElem, len(mcs))
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
				s.parent[in] = c
			} else {
				e.Kids = append(e.Kids, pdfwrite.StructKid{Elem: in})
				s.parent[in] = e
			}
			elems[id] = in
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
				if _, ok := s.noteElem[m.id]; !ok && m.id != "" {
					s.noteElem[m.id] = e
					s.noteOrder = append(s.noteOrder, m.id)
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
			*last = e
		}
		elems[id] = e
		s.called(m.notes, e)
		kid := pdfwrite.StructKid{Page: pi, MCID: id}
		switch {
		case m.whole != "":
			*span = &pdfwrite.StructElem{Type: "Span", ActualText: m.whole, Kids: []pdfwrite.StructKid{kid}}
			e.Kids = append(e.Kids, pdfwrite.StructKid{Elem: *span})
			continue
		case m.rest && *span != nil && m.cont:
			(*span).Kids = append((*span).Kids, kid)
			*span = nil
			continue
		}
		e.Kids = append(e.Kids, kid)
	}
	return elems
}

// link adds the page's link annotation n (1-based) as a Link element
// inside the element of the text it is on.
func (s *structBuilder) link(pi, n, mc int, elems []*pdfwrite.StructElem) {
	parent := s.root
	if mc >= 0 && mc < len(elems) {
		parent = elems[mc]
	}
	parent.Kids = append(parent.Kids, pdfwrite.StructKid{Elem: &pdfwrite.StructElem{Type: "Link",
		Kids: []pdfwrite.StructKid{{Page: pi, Annot: n}}}})
}
