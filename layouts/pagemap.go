package layouts

// PageMap records where the print edition put things, so that the EPUB's
// page-list and the questions' "lines 12–15" agree with the printed book.
// The PDF renderer fills it; everything else only reads it.
type PageMap struct {
	// Pages lists every physical page in order.
	Pages []Page
	// Blocks maps a block ID (markup.Block.ID) to where it was printed.
	Blocks map[string]BlockPos
	// Starts maps an item, part or front-matter section ID to the index
	// in Pages of the page on which it starts.
	Starts map[string]int
	// Anchors maps a named anchor (markup.Inline.Anchor) to where it was
	// printed.
	Anchors map[string]BlockPos
}

// Page is one printed page.
type Page struct {
	// Label is the printed folio: "iii" in the front matter, "12" in the
	// body; empty for pages that print none (title page, blank versos).
	Label string
	// Start is where the page's first line comes from. ID is a block ID,
	// or an item, part or section ID when the page starts with its title;
	// Offset is the rune offset into the block's plain text
	// (markup.PlainText) at which the page's first line begins, 0 when the
	// page starts with the block. Empty ID: the page starts with nothing
	// from the book's text (a blank page).
	Start Mark
}

// Mark is a position in the book's text.
type Mark struct {
	ID     string
	Offset int
}

// BlockPos is where a block or anchor was printed.
type BlockPos struct {
	Page      int // index into PageMap.Pages of the first line's page
	LastPage  int // index of the page with the last line
	FirstLine int // printed line number of the first line (0 where lines are not numbered)
	LastLine  int
}

// NewPageMap returns an empty map.
func NewPageMap() *PageMap {
	return &PageMap{Blocks: map[string]BlockPos{}, Starts: map[string]int{}, Anchors: map[string]BlockPos{}}
}

// Label returns the printed folio of the page at index i.
func (m *PageMap) Label(i int) string {
	if m == nil || i < 0 || i >= len(m.Pages) {
		return ""
	}
	return m.Pages[i].Label
}
