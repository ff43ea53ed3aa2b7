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
}

// flushNotes places the notes called so far.
func (s *structBuilder) flushNotes() {
	for _, n := range s.notes {
		s.root.Kids = append(s.root.Kids, pdfwrite.StructKid{Elem: n})
	}
	s.notes = nil
}

// done finishes the tree.
func (s *structBuilder) done() {
	s.flushNotes()
}

func newStructBuilder(lang string) *structBuilder {
	return &structBuilder{root: &pdfwrite.StructElem{Type: "Document"}, lang: lang}
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
				// Read after the text that calls it, not in the middle
				// of a paragraph carried over the page: at the end of
				// the section (before the next heading).
				s.notes = append(s.notes, e)
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
