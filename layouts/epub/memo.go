package epub

import (
	"crypto/sha256"
	"encoding/binary"
	"hash/maphash"
	"io"
	"strconv"

	"sourcebook/book"
	"sourcebook/layouts/xhtml"
)

// Each document is rendered twice per build: pass 1 learns which book
// IDs it holds and where a page marker can stand in it (the page plan
// and the links between documents need every document's), pass 2
// renders it with its links and markers. Between builds (--watch) the
// cache keeps, per document, what both passes did, under keys made of
// everything they read, so that after a one-word edit only the edited
// document is rendered again:
//
//   - pass 1 reads the document (the manifest's digest, its source's
//     digest, its file name, the edition) and the page markers' ids
//     (which no element may take); its effects, the IDs registered and
//     the places found, are recorded in order and replayed;
//   - pass 2 also reads where every ID was rendered (all of pass 1's
//     registrations, hashed in order) and the marker groups planned in
//     its file; its one effect, marking those groups written, is
//     replayed.
//
// A document with images is always rendered (the images are shared).
// Only the document's compressed bytes are kept: a build without a cache
// keeps no rendered document at all.

// docMemo is what rendering one document did.
type docMemo struct {
	key1, key2 [32]byte
	seen       []seenID
	places     []placeCall
	doc        *doc    // its file and manifest entry, without its text
	pk         *packed // its text, deflated; set once written
	emitted    []int   // indices, among its file's groups, of those written
}

type seenID struct {
	orig string
	t    xhtml.Target
}

type placeCall struct {
	orig   string
	inline bool
}

// recording collects one document's effects while it renders.
type recording struct {
	seen   []seenID
	places []placeCall
	images bool
}

// memoState is one build's side of the document cache.
type memoState struct {
	reserved [32]byte      // the markers' ids
	targets  *maphash.Hash // every registration of pass 1, in order
	tsum     [32]byte      // targets' sum, once pass 1 is done
	plans    map[string][]*pageGroup
	rec      *recording
	next     map[string]*docMemo
}

// seen is xhtml.Shared.Seen: the registration enters the targets' hash
// and the current document's recording.
func (p *pub) seen(orig string, t xhtml.Target) {
	if p.memo == nil {
		return
	}
	if p.plan == nil {
		h := p.memo.targets
		h.WriteString(orig)
		h.WriteByte(0)
		h.WriteString(t.File)
		h.WriteByte(0)
		h.WriteString(t.ID)
		h.WriteByte(0)
	}
	if p.memo.rec != nil {
		p.memo.rec.seen = append(p.memo.rec.seen, seenID{orig, t})
	}
}

func writeStrings(h io.Writer, ss ...string) {
	var n [8]byte
	for _, s := range ss {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
}

// startMemo begins a build's use of the cache (before pass 1).
func (p *pub) startMemo() {
	if p.cache == nil {
		return
	}
	h := sha256.New()
	if p.pages != nil {
		for i := range p.pages.Pages {
			if id, ok := p.pageIDs[i]; ok {
				writeStrings(h, strconv.Itoa(i), id)
			}
		}
	}
	// The registrations are many and short: a 64-bit hash keyed by the
	// cache's seed, as the packed files are.
	p.memo = &memoState{targets: &maphash.Hash{}, next: map[string]*docMemo{}}
	p.cache.rendered = [2]int{}
	p.memo.targets.SetSeed(p.cache.seed)
	h.Sum(p.memo.reserved[:0])
}

// planned is called once the page plan is made (between the passes).
func (p *pub) planned() {
	if p.memo == nil {
		return
	}
	binary.LittleEndian.PutUint64(p.memo.tsum[:], p.memo.targets.Sum64())
	p.memo.plans = map[string][]*pageGroup{}
	for _, g := range p.groups {
		p.memo.plans[g.File] = append(p.memo.plans[g.File], g)
	}
}

// endMemo keeps what this build rendered and drops the rest.
func (p *pub) endMemo() {
	if p.memo == nil {
		return
	}
	p.cache.mu.Lock()
	p.cache.docs = p.memo.next
	p.cache.mu.Unlock()
}

// cachedItem renders an item's document, or replays what rendering it
// did in the last build when nothing it reads has changed.
func (p *pub) cachedItem(it *book.Item, file string) (*doc, error) {
	if p.memo == nil || it.Source == nil {
		return p.itemDoc(it, file)
	}
	h := sha256.New()
	h.Write(p.b.Digest[:])
	h.Write(it.Source.Digest[:])
	h.Write(p.memo.reserved[:])
	writeStrings(h, it.ID, file, strconv.FormatBool(p.teacher), strconv.FormatBool(p.web))
	var key1 [32]byte
	h.Sum(key1[:0])
	if p.plan == nil {
		p.cache.mu.Lock()
		m := p.cache.docs[file]
		p.cache.mu.Unlock()
		if m != nil && (m.key1 != key1 || m.doc == nil) {
			m = nil
		}
		return p.pass1(it, file, key1, m)
	}
	m := p.memo.next[file]
	if m == nil || m.key1 != key1 {
		// Pass 1 did not keep it (it has images): render it.
		return p.itemDoc(it, file)
	}
	h.Write(p.memo.tsum[:])
	groups := p.memo.plans[file]
	for _, g := range groups {
		writeStrings(h, strconv.Itoa(g.Offset), strconv.FormatBool(g.Emitted))
		for _, mk := range g.Marks {
			writeStrings(h, mk.ID, mk.Label)
		}
	}
	var key2 [32]byte
	h.Sum(key2[:0])
	if m.doc != nil && m.pk != nil && m.key2 == key2 {
		for _, i := range m.emitted {
			groups[i].Emitted = true
		}
		d := *m.doc
		d.pk, d.key = m.pk, key2
		return &d, nil
	}
	p.cache.rendered[1]++
	before := make([]bool, len(groups))
	for i, g := range groups {
		before[i] = g.Emitted
	}
	d, err := p.itemDoc(it, file)
	if err != nil {
		return d, err
	}
	var emitted []int
	for i, g := range groups {
		if g.Emitted && !before[i] {
			emitted = append(emitted, i)
		}
	}
	// The sink deflates the text and gives it to m.pk.
	stub := *d
	stub.data = nil
	m.key2, m.doc, m.pk, m.emitted = key2, &stub, nil, emitted
	d.memo, d.key = m, key2
	return d, nil
}

// pass1 replays a document's registrations and places, or renders it
// recording them.
func (p *pub) pass1(it *book.Item, file string, key1 [32]byte, m *docMemo) (*doc, error) {
	if m != nil {
		for _, s := range m.seen {
			p.seen(s.orig, s.t)
			if _, ok := p.targets[s.orig]; !ok {
				p.targets[s.orig] = s.t
			}
		}
		for _, pc := range m.places {
			p.Place(file, pc.orig, pc.inline)
		}
		p.memo.next[file] = m
		return m.doc, nil
	}
	p.memo.rec = &recording{}
	p.cache.rendered[0]++
	d, err := p.itemDoc(it, file)
	rec := p.memo.rec
	p.memo.rec = nil
	if err == nil && !rec.images {
		// The document is kept for pass 2, which fills in doc.
		p.memo.next[file] = &docMemo{key1: key1, seen: rec.seen, places: rec.places}
	}
	return d, err
}
