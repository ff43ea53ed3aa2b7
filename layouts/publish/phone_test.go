package publish

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"sourcebook/layouts/internal/testtool"
)

// phoneCheck runs in each content document at 320 px with the text at
// 200 %: it lists what overflows its container or the screen, sourcing
// values too narrow for their longest word (clipped as "Washir…" on a
// phone), and headings not held with what follows them in a way epub.js
// and WebKit honour (break-inside: avoid, not break-after).
const phoneCheck = `(() => {
  const out = {overflow: [], narrow: [], unkept: [], markers: [], checked: 0};
  const vw = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).replace(/ /g, '.') : '');
  if (document.documentElement.scrollWidth > vw + 1) out.overflow.push('document is ' + document.documentElement.scrollWidth + 'px wide');
  for (const el of document.body.querySelectorAll('*')) {
    out.checked++;
    // A wide table scrolls sideways inside its labelled region; what is
    // inside that region may be wider than the screen by design.
    if (el.parentElement && el.parentElement.closest('.table-wrap')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -1 || r.right > vw + 1) out.overflow.push(name(el) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right));
    const cs = getComputedStyle(el);
    const scrolls = cs.overflowX === 'auto' || cs.overflowX === 'scroll';
    if (cs.display !== 'inline' && !scrolls && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) out.overflow.push(name(el) + ' content ' + el.scrollWidth + ' > box ' + el.clientWidth);
  }
  // Note markers: lines with a marker are spaced like the others, and
  // the marker is a target larger than its letter.
  const bodyFont = parseFloat(getComputedStyle(document.body).fontSize);
  for (const p of document.body.querySelectorAll('p')) {
    const refs = p.querySelectorAll('a.noteref');
    if (!refs.length) continue;
    for (const a of refs) {
      const r = a.getBoundingClientRect();
      if (r.width < 0.6 * bodyFont || r.height < bodyFont) out.markers.push(name(a) + ' is ' + Math.round(r.width) + '×' + Math.round(r.height) + 'px, text ' + bodyFont + 'px');
    }
    const tops = [];
    const tw = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let t;
    while ((t = tw.nextNode())) {
      if (t.parentElement.closest('sup, a.noteref, .pnum, .pagenum') || !t.textContent.trim()) continue;
      const range = document.createRange(); range.selectNodeContents(t);
      for (const q of range.getClientRects()) tops.push(q.top);
    }
    tops.sort((x, y) => x - y);
    const lines = tops.filter((y, i) => i === 0 || y - tops[i - 1] > 1);
    const gaps = lines.slice(1).map((y, i) => y - lines[i]);
    if (gaps.length > 1 && Math.max(...gaps) - Math.min(...gaps) > 1) out.markers.push(name(p) + ': line spacing varies ' + Math.round(Math.min(...gaps)) + '..' + Math.round(Math.max(...gaps)) + 'px with note markers');
  }
  const ctx = document.createElement('canvas').getContext('2d');
  for (const dd of document.querySelectorAll('.sourcing dd')) {
    const cs = getComputedStyle(dd);
    ctx.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
    let need = 0;
    for (const w of dd.textContent.split(/\s+/)) need = Math.max(need, ctx.measureText(w).width);
    if (dd.clientWidth + 0.5 < Math.min(need, 0.9 * vw)) out.narrow.push(dd.textContent + ': ' + dd.clientWidth + 'px for a ' + Math.round(need) + 'px word');
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const textAround = (h, forward) => {
    walker.currentNode = h;
    let n;
    while ((n = forward ? walker.nextNode() : walker.previousNode())) {
      if (h.contains(n) || n.parentElement.closest('.pagenum')) continue;
      if (n.textContent.trim() && n.parentElement.getClientRects().length) return true;
    }
    return false;
  };
  for (const h of document.body.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (!h.getClientRects().length) continue; // hidden (landmarks, page list)
    const keep = h.closest('.keep');
    if (!keep) {
      // A heading that opens its file opens a page; one that introduces
      // nothing needs nothing. Others reserve room after their text for
      // the lines that follow (an unbreakable heading with a tall
      // ::after and a negative margin that gives the room back).
      if (!textAround(h, false) || !textAround(h, true)) continue;
      const cs = getComputedStyle(h), after = getComputedStyle(h, '::after');
      const room = parseFloat(after.height), body = parseFloat(getComputedStyle(document.body).fontSize);
      if (cs.breakInside !== 'avoid' || after.display !== 'block' || !(room >= 2 * body) || Math.abs(parseFloat(after.marginBottom) + room) > 0.5)
        out.unkept.push(name(h) + ' "' + h.textContent.trim().slice(0, 40) + '" is neither in a .keep container nor reserves room for the next lines (break-inside ' + cs.breakInside + ', ::after ' + after.display + ' ' + after.height + ' margin ' + after.marginBottom + ')');
      continue;
    }
    if (getComputedStyle(keep).breakInside !== 'avoid') out.unkept.push(name(h) + ': its .keep has break-inside ' + getComputedStyle(keep).breakInside);
    // Something besides the heading in the container.
    let other = false;
    for (const c of keep.querySelectorAll('*')) if (!h.contains(c) && c !== h && !c.contains(h) && c.textContent.trim()) other = true;
    if (!other) out.unkept.push(name(h) + ' is alone in its .keep');
  }
  return JSON.stringify(out);
})()`

// pagedCheck lays the document out in columns one screen high, as epub.js
// does, and lists headings whose column differs from that of the text
// after them.
const pagedCheck = `(() => {
  const W = document.documentElement.clientWidth, H = window.innerHeight;
  const st = document.createElement('style');
  st.textContent = 'html{height:' + H + 'px;overflow:hidden} body{margin:0;height:' + H + 'px;column-width:' + W + 'px;column-gap:0;column-fill:auto}';
  document.head.appendChild(st);
  const col = y => Math.floor((y + 1) / W);
  const out = {split: [], headings: 0};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (const h of document.body.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const hr = h.getClientRects();
    if (!hr.length) continue;
    // The first text after the heading.
    walker.currentNode = h;
    let n, next = null;
    while ((n = walker.nextNode())) {
      if (h.contains(n) || !n.textContent.trim()) continue;
      const range = document.createRange(); range.selectNodeContents(n);
      const rs = range.getClientRects();
      if (rs.length) { next = rs[0]; break; }
    }
    if (!next) continue;
    out.headings++;
    const last = hr[hr.length - 1];
    if (col(last.left) !== col(next.left)) out.split.push('"' + h.textContent.trim().slice(0, 40) + '" ends column ' + col(last.left) + ', its text starts in column ' + col(next.left));
  }
  return JSON.stringify(out);
})()`

type phoneResult struct {
	Overflow []string `json:"overflow"`
	Narrow   []string `json:"narrow"`
	Unkept   []string `json:"unkept"`
	Markers  []string `json:"markers"`
	Checked  int      `json:"checked"`
	Split    []string `json:"split"`
	Headings int      `json:"headings"`
}

// TestEPUBOnAPhone renders every content document of the example (teacher
// edition), the every-feature reader and a reader of the sixteen speeches
// in headless Chromium at 320 px wide with the text at 200 %, and in
// columns one screen high as epub.js pages them.
func TestEPUBOnAPhone(t *testing.T) {
	testtool.NeedChromium(t)
	dir := t.TempDir()
	var pages []string
	for _, r := range []struct{ name, manifest, edition string }{
		{"example", exampleReader, "teacher"},
		{"every-feature", everyFeature, "teacher"},
		{"speeches", speechesReader(t), "student"},
	} {
		_, files := build(t, r.manifest, r.edition, "epub")
		pages = append(pages, unzipXHTML(t, files[".epub"], filepath.Join(dir, r.name))...)
	}
	ctx := testtool.Browser(t, chromedp.WindowSize(320, 568), chromedp.Flag("allow-file-access-from-files", true))
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(320, 568)); err != nil {
		t.Fatal(err)
	}
	checked, headings := 0, 0
	for _, page := range pages {
		rel, _ := filepath.Rel(dir, page)
		if _, err := chromedp.Run(ctx, chromedp.Navigate("file://"+page)); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		// 200 % text: the root size doubled, which every relative size in
		// the stylesheet follows, as a reading system's font setting does.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.style.fontSize = '200%'`)); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		phone, err := chromedp.Run(ctx, chromedp.Evaluate[string](phoneCheck))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		paged, err := chromedp.Run(ctx, chromedp.Evaluate[string](pagedCheck))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		var a, b phoneResult
		if err := json.Unmarshal([]byte(phone), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(paged), &b); err != nil {
			t.Fatal(err)
		}
		checked += a.Checked
		headings += b.Headings
		for _, s := range a.Overflow {
			t.Errorf("%s: overflows: %s", rel, s)
		}
		for _, s := range a.Narrow {
			t.Errorf("%s: sourcing value squeezed: %s", rel, s)
		}
		for _, s := range a.Unkept {
			t.Errorf("%s: %s", rel, s)
		}
		for _, s := range a.Markers {
			t.Errorf("%s: note marker: %s", rel, s)
		}
		for _, s := range b.Split {
			t.Errorf("%s: heading split from its text: %s", rel, s)
		}
	}
	if len(pages) < 20 || checked == 0 || headings == 0 {
		t.Fatalf("%d documents, %d elements and %d headings checked", len(pages), checked, headings)
	}
	t.Logf("%d documents, %d elements, %d headings checked", len(pages), checked, headings)
}

// unzipXHTML extracts an EPUB into dir and returns its content documents.
func unzipXHTML(t *testing.T, epub, dir string) []string {
	t.Helper()
	zr, err := zip.OpenReader(epub)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out []string
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f.Name, ".xhtml") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
