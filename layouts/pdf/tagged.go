package pdf

import (
	"strings"

	"sourcebook/layouts/pdf/pdfwrite"
)

// structBuilder builds the logical structure of a tagged PDF from the
// marked content of each page, in page order: a sequence that continues
// its flow's last element (a paragraph carried to the next line or page)
// joins it; anything else opens a new element under the Document.
type structBuilder struct {
	root               *pdfwrite.StructElem
	lang               string
	lastBody, lastNote *pdfwrite.StructElem
	spanBody, spanNote *pdfwrite.StructElem // a split word's Span, until its rest
	toc                *pdfwrite.StructElem
	notes              []*pdfwrite.StructElem // not yet placed
	// Notes and the elements that call them, by the note's ID.
	noteElem   map[string]*pdfwrite.StructElem
	noteCaller map[string]*pdfwrite.StructElem
	noteOrder  []string
	list       *pdfwrite.StructElem                          // the list being set
	item       map[*pdfwrite.StructElem]*pdfwrite.StructElem // LBody → its LI
	host       map[*pdfwrite.StructElem]*pdfwrite.StructElem // Lbl, Reference → the element they are in
	noteCount  int
}

// flushNotes places the notes called so far.
func (s *structBuilder) flushNotes() {
	for _, n := range s.notes {
		s.root.Kids = append(s.root.Kids, pdfwrite.StructKid{Elem: n})
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
		item: map[*pdfwrite.StructElem]*pdfwrite.StructElem{}, host: map[*pdfwrite.StructElem]*pdfwrite.StructElem{}}
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
			if e.Type == "Lbl" || e.Type == "Reference" {
				e = s.host[e]
			}
		}
		if m.inline && e != nil {
			in := &pdfwrite.StructElem{Type: m.role, Kids: []pdfwrite.StructKid{{Page: pi, MCID: id}}}
			if li := s.item[e]; m.role == "Lbl" && li != nil && len(li.Kids) == 1 {
				// The label goes before the item's body.
				li.Kids = append([]pdfwrite.StructKid{{Elem: in}}, li.Kids...)
			} else {
				e.Kids = append(e.Kids, pdfwrite.StructKid{Elem: in})
			}
			elems[id] = in
			s.host[in] = e
			s.called(m.notes, in)
			continue
		}
		if !m.cont || e == nil || e.Type != m.role {
			e = &pdfwrite.StructElem{Type: m.role, Alt: m.alt}
			if m.lang != "" && m.lang != s.lang {
				e.Lang = m.lang
			}
			parent := s.root
			if strings.HasPrefix(m.role, "H") {
				s.flushNotes()
			}
			if m.role == "Note" {
				s.noteCount++
				e.ID = "note-" + itoa(s.noteCount)
				if _, ok := s.noteElem[m.id]; !ok && m.id != "" {
					s.noteElem[m.id] = e
					s.noteOrder = append(s.noteOrder, m.id)
				}
				// Read after the text that calls it, not in the middle
				// of a paragraph carried over the page: at the end of
				// the section (before the next heading).
				s.notes = append(s.notes, e)
				parent = nil
			}
			if m.role == "LBody" {
				// A list item: LI (Lbl, LBody) in the list it continues.
				li := &pdfwrite.StructElem{Type: "LI", Kids: []pdfwrite.StructKid{{Elem: e}}}
				s.item[e] = li
				if n := len(s.root.Kids); s.list == nil || n == 0 || s.root.Kids[n-1].Elem != s.list {
					s.list = &pdfwrite.StructElem{Type: "L"}
					s.root.Kids = append(s.root.Kids, pdfwrite.StructKid{Elem: s.list})
				}
				s.list.Kids = append(s.list.Kids, pdfwrite.StructKid{Elem: li})
				*last = e
				parent = nil
			}
			if m.role == "TOCI" {
				if s.toc == nil {
					s.toc = &pdfwrite.StructElem{Type: "TOC"}
					s.root.Kids = append(s.root.Kids, pdfwrite.StructKid{Elem: s.toc})
				}
				parent = s.toc
			}
			if parent != nil {
				parent.Kids = append(parent.Kids, pdfwrite.StructKid{Elem: e})
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
