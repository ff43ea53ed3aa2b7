package layouts

import "sourcebook/book"

// AboutEdition is the generated note that says how to find a place in
// the text, true for the edition it is printed in: print (with or
// without line numbers, one- or two-sided) or e-book (with or without
// print page markers). Paragraph numbers are the reference every
// edition shares.
func AboutEdition(b *book.Book, print, lineNumbers, twoSided, pageMarkers bool) []string {
	excerpt := false
	for _, it := range b.Items {
		excerpt = excerpt || it.Excerpt
	}
	if len(b.Items) == 0 {
		return nil
	}
	var out []string
	switch {
	case print && lineNumbers:
		pn, ln := "left", "right"
		if twoSided {
			pn, ln = "inner", "outer"
		}
		out = append(out,
			"The paragraphs of each document are numbered in the "+pn+" margin (¶\u00a01, ¶\u00a02 …), and every fifth line in the "+ln+" margin. "+
				"The paragraph numbers are the same in the printed and the e-book editions of this reader, so “¶\u00a04” is the same place in everyone’s copy; "+
				"the line numbers belong to this printing only. Questions that point at the text give both: “(¶\u00a04, lines 12–15)”.")
	case print:
		out = append(out,
			"The paragraphs of each document are numbered in the margin (¶\u00a01, ¶\u00a02 …). "+
				"They are the same in the printed and the e-book editions of this reader, so “¶\u00a04” is the same place in everyone’s copy. "+
				"Questions that point at the text give the paragraph: “(¶\u00a04)”.")
	default:
		s := "The paragraphs of each document are numbered beside the text (¶\u00a01, ¶\u00a02 …), as in the printed edition, so “¶\u00a04” is the same place in everyone’s copy. " +
			"Questions that point at the text give the paragraph, “(¶\u00a04)”, as a link to it."
		if lineNumbers {
			s += " The printed edition also numbers its lines, which differ from screen to screen, so its questions read “(¶\u00a04, lines 12–15)”."
		}
		out = append(out, s)
		if pageMarkers {
			out = append(out, "Where a page of the printed edition begins, its number stands in the text, like “p.\u00a012”, so that a class with both editions can turn to the same page.")
		}
	}
	if excerpt {
		out = append(out, "In an excerpt the paragraphs are counted as printed, and […] marks paragraphs left out.")
	}
	return out
}
