package book

import (
	"strings"

	"sourcebook/book/markup"
)

// CreditsPage is everything the credits page says, in order: every
// edition prints these sections and fields as they come, mapping only
// roles (field labels, italic titles, links) to style.
type CreditsPage struct {
	Title string // "Credits and rights"
	Intro string // "" when the book has no sources
	// Sources are the sources in the book's order.
	Sources []SourceCredit
	// Licence says on what terms the editor's own text may be used.
	Licence string
	// EditionTitle heads Edition, the facts of this edition.
	EditionTitle string
	Edition      []Fact
}

// SourceCredit is what the credits say of one source.
type SourceCredit struct {
	Source *Source
	Title  string // as headings print it (quotes curled)
	Fields []CreditField
}

// CreditField is one labelled field: its text in pieces (titles for
// italics, web addresses for links) and, for rights, further paragraphs.
type CreditField struct {
	Label string
	Value Cite
	Paras []Cite
}

// Credits is the credits page of an edition ("student" or "teacher").
func (b *Book) Credits(edition string) CreditsPage {
	l := b.Locale()
	pg := CreditsPage{Title: l.T(MsgCredits), EditionTitle: l.T(MsgThisEdition), Edition: b.EditionFacts(edition)}
	if len(b.Sources) > 0 {
		pg.Intro = l.T(MsgCreditsIntro)
	}
	if lic := strings.TrimSpace(b.License); lic != "" {
		pg.Licence = l.T(MsgEditorsLicence, strings.TrimSuffix(lic, "."))
	}
	for _, s := range b.Sources {
		pg.Sources = append(pg.Sources, SourceCredit{Source: s, Title: s.ShownTitle(), Fields: b.creditFields(l, s)})
	}
	return pg
}

func (b *Book) creditFields(l *Locale, s *Source) []CreditField {
	var out []CreditField
	plain := func(label, text string) {
		if t := strings.TrimSpace(text); t != "" {
			out = append(out, CreditField{Label: label, Value: Cite{{Text: t}}})
		}
	}
	// What was left out or changed is said where the rights are.
	for _, it := range b.Items {
		if it.Source != s {
			continue
		}
		if it.Excerpt {
			plain(l.T(MsgExcerpt), it.Label+": "+l.T(MsgExcerptCredit))
		}
		if it.Modified {
			plain(l.T(MsgModified), it.Label+": "+strings.TrimSpace(markup.BlocksText(it.ModifiedNote)))
		}
	}
	var cit cb
	if t := strings.TrimSpace(s.Citation.Text); t != "" {
		cit.rich(t)
	} else if in := strings.TrimSpace(s.Citation.PublishedIn); in != "" {
		cit.rich(in)
		if pg := strings.TrimSpace(s.Citation.Page); pg != "" {
			cit.add(CitePlain, ", "+pg)
		}
	}
	if len(cit.c) > 0 {
		out = append(out, CreditField{Label: l.T(MsgSource), Value: cit.done()})
	}
	if len(s.Translators) > 0 {
		plain(strings.TrimSpace(l.T(MsgTranslatedBy, "")), l.And(s.Translators))
	}
	if arch := s.archive(); len(arch.c) > 0 {
		out = append(out, CreditField{Label: l.T(MsgArchive), Value: arch.done()})
	}
	if d := s.DigitalCopy; d.Repository != "" || d.URL != "" || d.RecordID != "" {
		var parts []string
		if r := strings.TrimSpace(d.Repository); r != "" {
			parts = append(parts, r)
		}
		if id := strings.TrimSpace(d.RecordID); id != "" {
			parts = append(parts, l.T(MsgRecord, id))
		}
		v := Cite{}
		if len(parts) > 0 {
			v = append(v, CitePiece{Text: strings.Join(parts, ", ")})
		}
		if u := strings.TrimSpace(d.URL); u != "" {
			if len(v) > 0 {
				v[0].Text += ", "
			}
			v = append(v, CitePiece{Text: u, Role: CiteURL})
		}
		out = append(out, CreditField{Label: l.T(MsgDigitalCopy), Value: v})
	}
	if len(s.Credits.Funders) > 0 {
		plain(l.T(MsgFundedBy), l.And(s.Credits.Funders))
	}
	rights := CreditField{Label: l.T(MsgRights), Value: Cite{{Text: l.RightsStatus(s.Rights.Status)}}}
	for _, p := range paragraphs(s.Rights.Statement) {
		rights.Paras = append(rights.Paras, Cite{{Text: p}})
	}
	if h := strings.TrimSpace(s.Rights.Holder); h != "" {
		rights.Paras = append(rights.Paras, Cite{{Text: l.T(MsgRightsHolder, h)}})
	}
	return append(out, rights)
}

// paragraphs splits plain text at blank lines, joining the lines of each.
func paragraphs(s string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if t := strings.Join(strings.Fields(para), " "); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// SourceNotes is what follows a document's text, as the archives ask:
// what was left out or changed, the citation and the rights statement.
func (it *Item) SourceNotes(l *Locale) []CreditField {
	var out []CreditField
	plain := func(label, text string) {
		if t := strings.TrimSpace(text); t != "" {
			out = append(out, CreditField{Label: label, Value: Cite{{Text: t}}})
		}
	}
	if it.Excerpt {
		plain(l.T(MsgExcerpt), l.ExcerptNote(it.Modified))
	}
	if it.Modified {
		plain(l.T(MsgModified), markup.BlocksText(it.ModifiedNote))
	}
	if s := it.Source; s != nil {
		if t := strings.TrimSpace(s.Citation.Text); t != "" {
			var b cb
			b.rich(t)
			out = append(out, CreditField{Label: l.T(MsgSource), Value: b.done()})
		}
		plain(l.T(MsgRights), strings.Join(strings.Fields(s.Rights.Statement), " "))
	}
	return out
}
