package desk

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"sourcebook/book"
	"sourcebook/book/importer"
	"sourcebook/layouts/internal/testtool"
)

const speeches = "../../../shared/corpus/speeches"

var twoSpeeches = []string{"1947-03-12-truman-doctrine.txt", "1953-04-16-chance-peace.txt"}

func speechPaths(t *testing.T) []string {
	var ps []string
	for _, n := range twoSpeeches {
		p, _ := filepath.Abs(filepath.Join(speeches, n))
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal(err)
			}
			t.Skip("the speeches corpus is not beside the repository")
		}
		ps = append(ps, p)
	}
	return ps
}

// browse starts Chromium with downloads going to dl.
func browse(t *testing.T, dl string) context.Context {
	t.Helper()
	ctx := testtool.Browser(t, chromedp.WindowSize(1200, 900))
	ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	var err error
	// A condition that throws has not come true yet: an iframe being
	// loaded again has no body for a moment.
	expr := "(() => { try { return !!(" + cond + ") } catch (e) { return false } })()"
	// A page that has just loaded may replace its JavaScript context
	// under the first poll (-32000); poll again then.
	for i := 0; i < 5; i++ {
		if _, err = chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(60*time.Second))); err == nil || !strings.Contains(err.Error(), "-32000") {
			break
		}
	}
	if err != nil {
		alert, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("alert").textContent`))
		t.Fatalf("waiting for %s: %v (alert: %q)", what, err, alert)
	}
}

func js(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](expr)); err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
}

// axe checks the page as it is now with axe-core: WCAG 2.1 A and AA.
func axe(t *testing.T, ctx context.Context, script, screen string) {
	t.Helper()
	passes, violations := testtool.Axe(t, ctx, script)
	if passes == 0 {
		t.Errorf("%s: axe-core checked nothing", screen)
	}
	for _, v := range violations {
		t.Errorf("%s: %s", screen, v)
	}
}

// download fetches a link of the built files list through the browser
// and waits for the file to arrive.
func download(t *testing.T, ctx context.Context, dl, name, saved string) string {
	t.Helper()
	js(t, ctx, `[...document.querySelectorAll("#downloads a")].find(a => a.textContent === `+jsString(name)+`).click()`)
	p := filepath.Join(dl, saved)
	for i := 0; i < 600; i++ {
		if st, err := os.Stat(p); err == nil && st.Size() > 0 {
			if _, err := os.Stat(p + ".crdownload"); err != nil {
				return p
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not download", name)
	return ""
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// selectPhrase selects the n-th (from 1) occurrence of phrase in the
// document's text as a reader's mouse would, and lets the app see it.
func selectPhrase(t *testing.T, ctx context.Context, phrase string, n int) {
	js(t, ctx, `(() => {
  const phrase = `+jsString(phrase)+`; let n = `+jsString(string(rune('0'+n)))+` - 0;
  for (const p of document.querySelectorAll("#text p")) {
    const node = p.firstChild; let at = -1;
    while ((at = node.data.indexOf(phrase, at + 1)) !== -1) {
      if (--n === 0) {
        const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + phrase.length);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r);
        document.getElementById("text").dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        return;
      }
    }
  }
  throw new Error("phrase not found");
})()`)
}

// TestDeskWorkflow drives the whole round in Chromium: an empty folder,
// two speeches imported through the file picker, a reader created, both
// added, a headnote written, a phrase selected and annotated, a question
// added, the editions built and downloaded; EPUBCheck, qpdf and pdftotext
// check what was downloaded, and axe-core each screen on the way.
func TestDeskWorkflow(t *testing.T) {
	files := speechPaths(t)
	script := testtool.AxeScript(t)
	testtool.NeedEPUBCheck(t)
	testtool.Need(t, "qpdf")
	testtool.Need(t, "pdftotext")
	dir := t.TempDir()
	dl := t.TempDir()
	_, url := start(t, dir)
	ctx := browse(t, dl)

	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the empty desk", `state !== null && !document.getElementById("create").hidden`)
	axe(t, ctx, script, "empty folder")

	// One speech through the file picker, the other dropped on the page.
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#files"), files[:1]), chromedp.Click(chromedp.CSS("#import"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the speech from the file picker", `document.querySelectorAll("#sources tbody tr").length === 1 && document.querySelectorAll("#import-report li").length === 1`)
	report, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("#import-report")))
	if !strings.Contains(report, "written as truman-doctrine-1947") || !strings.Contains(report, "check:") {
		t.Errorf("import report: %q", report)
	}
	dropFile(t, ctx, files[1])
	waitFor(t, ctx, "the dropped speech", `document.querySelectorAll("#sources tbody tr").length === 2 && /chance-peace/.test(document.getElementById("import-report").textContent)`)
	// The filters narrow the library, and show every source again.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#from"), "1950"), requestSubmit("search")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the library from 1950", `document.querySelectorAll("#sources tbody tr").length === 1 && /Chance/.test(document.querySelector("#sources tbody").textContent)`)
	js(t, ctx, `document.getElementById("from").value = "last spring"; document.getElementById("search").requestSubmit()`)
	waitFor(t, ctx, "the bad date named beside its field", `document.getElementById("from").getAttribute("aria-invalid") === "true" && document.getElementById("from-problem")`)
	axe(t, ctx, script, "library with a bad date")
	js(t, ctx, `document.getElementById("clear-filters").click()`)
	waitFor(t, ctx, "every source again", `document.querySelectorAll("#sources tbody tr").length === 2 && !document.getElementById("from-problem")`)
	axe(t, ctx, script, "library after import")

	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#new-title"), "Cold War Speeches"), requestSubmit("create")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the new reader", `!document.getElementById("compose").hidden && document.querySelectorAll('#sources button[aria-label^="Add"]').length === 2`)
	for i, id := range []string{"Truman Doctrine", "Chance Peace"} {
		js(t, ctx, `document.querySelector('#sources button[aria-label="Add `+id+` to the reader"]').click()`)
		waitFor(t, ctx, id+" in the reader", `document.querySelectorAll("#parts li").length === `+string(rune('1'+i)))
	}
	js(t, ctx, `document.querySelector('#parts button[aria-label="Edit Truman Doctrine"]').click()`)
	waitFor(t, ctx, "the document's forms and text", `!document.getElementById("item").hidden && document.querySelectorAll("#text p").length > 10`)
	// The headnote is saved and previewed as it is typed, no button pressed.
	const headnote = "Truman asked Congress for aid to Greece and Turkey."
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#headnote"), headnote)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the headnote saved as typed", `currentItem() && currentItem().headnote === `+jsString(headnote+"\n"))
	waitFor(t, ctx, "the headnote in the web preview", `(() => { const d = document.getElementById("preview-web").contentDocument; return d && d.body && d.body.textContent.includes(`+jsString(headnote)+`); })()`)

	selectPhrase(t, ctx, "Greek Government", 2)
	waitFor(t, ctx, "the selection in the form", `document.getElementById("anchor").value === "Greek Government" && document.getElementById("occurrence").value === "2"`)
	const note = "The royalist government in Athens, then fighting a communist insurgency."
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#note"), note), requestSubmit("annotate-form")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the annotation saved", `currentItem().annotations && currentItem().annotations.length === 1`)
	const question = "What did Truman ask Congress to do, and why then?"
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#qtext"), question), chromedp.SetValue(chromedp.CSS("#stage"), "after"),
		chromedp.SetValue(chromedp.CSS("#lines"), "4"), requestSubmit("question-form")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the question saved", `currentItem().questions && currentItem().questions.length === 1`)

	// Tick paragraphs 2–5 and 11–14 for an excerpt.
	keep := []int{2, 3, 4, 5, 11, 12, 13, 14}
	for _, n := range keep {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf("#keep-%d", n)))); err != nil {
			t.Fatal(err)
		}
	}
	js(t, ctx, `document.getElementById("excerpt-save").click()`)
	waitFor(t, ctx, "the excerpt saved", `currentItem().excerpt && currentItem().excerpt.join() === "2,3,4,5,11,12,13,14" && document.querySelectorAll("#text .left-out").length > 10`)
	axe(t, ctx, script, "paragraphs ticked for an excerpt")

	// A second note, on a phrase selected in paragraph 13: its occurrence
	// is counted in what the excerpt prints, as the build counts it.
	selectIn(t, ctx, 13, "Greek Government")
	want := occurrenceInExcerpt(t, filepath.Join(dir, "sources"), "truman-doctrine-1947", keep, 13, "Greek Government")
	waitFor(t, ctx, "the excerpt's occurrence", `document.getElementById("occurrence").value === "`+fmt.Sprint(want)+`"`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#note"), "A note to change."), requestSubmit("annotate-form")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the second note", `currentItem().annotations.length === 2 && currentItem().annotations[1].occurrence === `+fmt.Sprint(want))
	// Edit it (a misspelt phrase, which check then names beside it) ...
	js(t, ctx, `document.querySelector("#annotations li:nth-child(2) button").click()`)
	waitFor(t, ctx, "the note in the form", `document.getElementById("note").value === "A note to change." && document.getElementById("annotate-submit").textContent === "Save the annotation"`)
	js(t, ctx, `document.getElementById("anchor").value = "Greek Govermnent"; document.getElementById("note").value = "An edited note."; document.getElementById("annotate-form").requestSubmit()`)
	waitFor(t, ctx, "the edited note", `currentItem().annotations.length === 2 && currentItem().annotations[1].note === "An edited note."`)
	waitFor(t, ctx, "the problem beside the note", `(() => { const li = document.querySelector("#annotations li:nth-child(2)"); const p = li && li.querySelector(".field-problem");
  return p && /Govermnent/.test(p.textContent) && li.querySelector("button").getAttribute("aria-describedby").split(" ").includes(p.id); })()`)
	axe(t, ctx, script, "a problem beside its field")
	// ... then remove it.
	js(t, ctx, `document.querySelectorAll("#annotations li:nth-child(2) button")[1].click()`)
	waitFor(t, ctx, "the note removed", `currentItem().annotations.length === 1 && !document.querySelector("#annotations .field-problem")`)

	// The part's title and introduction.
	js(t, ctx, `document.querySelector('#parts button[aria-label^="Edit part"]').click()`)
	waitFor(t, ctx, "the part editor", `!document.getElementById("part-edit-form").hidden && document.activeElement.id === "ptitle"`)
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#ptitle"), "Week one"), chromedp.SendKeys(chromedp.CSS("#pintro"), "Two speeches from the start of the Cold War."), requestSubmit("part-edit-form")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the part saved", `state.parts[0].title === "Week one" && state.parts[0].introduction === "Two speeches from the start of the Cold War."`)
	axe(t, ctx, script, "part editor")
	waitFor(t, ctx, "the preview", `document.getElementById("preview-web").getAttribute("src") && /doc-truman-doctrine-1947\.html/.test(document.getElementById("preview-web").src) &&
  document.querySelector("#preview-print object") && document.getElementById("preview-web").contentDocument.body.textContent.includes(`+jsString(headnote)+`)`)
	axe(t, ctx, script, "reader with a document open")
	// The print preview is the document's own PDF, with the excerpt.
	pdfURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#preview-print object").data`))
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, fetch(t, pdfURL)); !strings.Contains(text, headnote) || !strings.Contains(text, "[…]") || strings.Contains(text, "retreating Germans") {
		t.Errorf("the print preview: %.300s", text)
	}

	// The file says what the forms said, anchor and occurrence included.
	var m struct {
		Title string
		Parts []struct {
			Items []struct {
				ID          string
				Headnote    string
				Annotations []struct {
					Anchor     string
					Occurrence int
					Note       string
				}
				Questions []struct {
					Text, Stage string
					Lines       int
				}
			}
		}
	}
	readYAML(t, filepath.Join(dir, "reader.yaml"), &m)
	if raw, _ := os.ReadFile(filepath.Join(dir, "reader.yaml")); !strings.Contains(string(raw), "excerpt: [2-5, 11-14]") {
		t.Errorf("no excerpt in reader.yaml:\n%s", raw)
	}
	if m.Title != "Cold War Speeches" || len(m.Parts) != 1 || len(m.Parts[0].Items) != 2 {
		t.Fatalf("reader.yaml: %+v", m)
	}
	it := m.Parts[0].Items[0]
	if it.ID != "truman-doctrine-1947" || m.Parts[0].Items[1].ID != "eisenhower-chance-peace-1953" || it.Headnote != headnote+"\n" {
		t.Errorf("items: %+v", m.Parts[0].Items)
	}
	if len(it.Annotations) != 1 || it.Annotations[0].Anchor != "Greek Government" || it.Annotations[0].Occurrence != 2 || it.Annotations[0].Note != note {
		t.Errorf("annotations: %+v", it.Annotations)
	}
	if len(it.Questions) != 1 || it.Questions[0].Text != question || it.Questions[0].Stage != "after" || it.Questions[0].Lines != 4 {
		t.Errorf("questions: %+v", it.Questions)
	}

	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#edition"), "teacher"), chromedp.Click(chromedp.CSS("#build-form button"))); err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(dir)
	waitFor(t, ctx, "the build", `document.querySelectorAll("#downloads a").length === 3`)
	axe(t, ctx, script, "built")
	epubFile := download(t, ctx, dl, name+"-teacher.epub", name+"-teacher.epub")
	pdfFile := download(t, ctx, dl, name+"-teacher.pdf", name+"-teacher.pdf")
	zipFile := download(t, ctx, dl, name+"-teacher-web", name+"-teacher-web.zip")
	zr, err := zip.OpenReader(zipFile)
	if err != nil {
		t.Fatal(err)
	}
	inZip := map[string]bool{}
	for _, f := range zr.File {
		inZip[f.Name] = true
	}
	zr.Close()
	for _, want := range []string{"index.html", "doc-truman-doctrine-1947.html", "css/style.css"} {
		if !inZip[name+"-teacher-web/"+want] {
			t.Errorf("the web edition's zip lacks %s", want)
		}
	}

	testtool.EPUBCheck(t, epubFile)
	if out, err := exec.Command("qpdf", "--check", pdfFile).CombinedOutput(); err != nil {
		t.Errorf("qpdf: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdfFile, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Cold War Speeches", "Week one", "Two speeches from the start of the Cold War.", headnote, "The royalist government in Athens", question, "the Greek Government an urgent appeal", "[…]"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	for _, gone := range []string{"retreating Germans", "An edited note.", "A note to change."} {
		if strings.Contains(text, gone) {
			t.Errorf("the PDF has %q", gone)
		}
	}
}

// dropFile drops a file on the import area as a browser does: a drop
// event whose DataTransfer holds the file, built in the page.
func dropFile(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	js(t, ctx, `(() => {
  const dt = new DataTransfer();
  dt.items.add(new File([`+jsString(string(data))+`], `+jsString(filepath.Base(path))+`, {type: "text/plain"}));
  const drop = document.getElementById("drop");
  drop.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
  drop.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
})()`)
}

// selectIn selects the first occurrence of phrase in paragraph n.
func selectIn(t *testing.T, ctx context.Context, n int, phrase string) {
	js(t, ctx, `(() => {
  const p = document.getElementById("keep-`+fmt.Sprint(n)+`").closest(".para").querySelector("p");
  const node = p.firstChild, at = node.data.indexOf(`+jsString(phrase)+`);
  const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + `+fmt.Sprint(len([]rune(phrase)))+`);
  const s = getSelection(); s.removeAllRanges(); s.addRange(r);
  document.getElementById("text").dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
})()`)
}

// occurrenceInExcerpt counts, as the build does, which occurrence of
// phrase the first one in paragraph n is among the paragraphs kept.
func occurrenceInExcerpt(t *testing.T, lib, id string, keep []int, n int, phrase string) int {
	l, err := book.LoadLibrary(lib)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := l.Sources[id].NumberedBlocks()
	if err != nil {
		t.Fatal(err)
	}
	kept := map[int]bool{}
	for _, k := range keep {
		kept[k] = true
	}
	count := 1
	for _, b := range blocks {
		if b.Number >= n {
			break
		}
		if kept[b.Number] {
			count += strings.Count(b.Text, phrase)
		}
	}
	return count
}

func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d %v", url, resp.StatusCode, err)
	}
	return data
}

// pdfText is a PDF's text as pdftotext extracts it, spaces collapsed.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// importInto imports files into the library folder lib, as the app's
// import does.
func importInto(t *testing.T, lib string, files ...string) {
	t.Helper()
	var rs []importer.Result
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := importer.Import(filepath.Base(f), data)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r...)
	}
	if _, err := importer.WriteAll(lib, rs, false); err != nil {
		t.Fatal(err)
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yamlUnmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

// TestDeskKeyboardOnly: the compose-and-build round with the keyboard
// alone: Tab to each control, type, Enter or Space. The sources are
// imported beforehand, since a file picker is the system's, not the app's.
func TestDeskKeyboardOnly(t *testing.T) {
	files := speechPaths(t)
	testtool.NeedChromium(t)
	dir := t.TempDir()
	importInto(t, filepath.Join(dir, "sources"), files[0])
	_, url := start(t, dir)
	ctx := browse(t, t.TempDir())
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the desk", `state !== null && !document.getElementById("create").hidden`)

	// tab presses Tab until the focused element matches sel, or Shift+Tab
	// when sel comes before the focus in the page, as a person would.
	tab := func(sel string) {
		t.Helper()
		back, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const to = document.querySelector(`+jsString(sel)+`), at = document.activeElement;
  return !!(to && at && at !== document.body && (to.compareDocumentPosition(at) & Node.DOCUMENT_POSITION_FOLLOWING)); })()`))
		if err != nil {
			t.Fatal(err)
		}
		key := chromedp.KeyEvent("\t")
		if back {
			key = chromedp.KeyEvent("\t", chromedp.KeyModifiers(chromedp.ModifierShift))
		}
		for i := 0; i < 400; i++ {
			if err := chromedp.Do(ctx, key); err != nil {
				t.Fatal(err)
			}
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement && document.activeElement.matches(`+jsString(sel)+`)`))
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				return
			}
		}
		t.Fatalf("Tab never reached %s", sel)
	}
	keys := func(s string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(s)); err != nil {
			t.Fatal(err)
		}
	}
	tab("#new-title")
	keys("Keyboard Reader")
	keys("\r")
	waitFor(t, ctx, "the new reader", `!document.getElementById("compose").hidden && document.querySelector('#sources button[aria-label^="Add"]')`)
	tab(`#sources button[aria-label^="Add"]`)
	keys(" ")
	// The library is drawn again after the change; the focus stays on the button.
	waitFor(t, ctx, "the document in the reader", `document.querySelectorAll("#parts li").length === 1 && document.activeElement.matches('#sources button[aria-label^="Add"]')`)
	tab(`#parts li button[aria-label^="Edit"]`)
	keys("\r")
	waitFor(t, ctx, "the document's forms", `!document.getElementById("item").hidden && document.activeElement.id === "headnote"`)
	keys("Typed headnote.")
	tab("#headnote-form button")
	keys("\r")
	waitFor(t, ctx, "the headnote saved", `currentItem() && currentItem().headnote === "Typed headnote.\n"`)
	tab("#anchor")
	keys("Greek Government")
	tab("#occurrence")
	keys("\b2")
	tab("#note")
	keys("Typed note.")
	tab("#annotate-form button")
	keys("\r")
	waitFor(t, ctx, "the annotation saved", `currentItem().annotations && currentItem().annotations.length === 1 && currentItem().annotations[0].occurrence === 2`)
	tab("#qtext")
	keys("Typed question?")
	tab("#question-form button")
	keys("\r")
	waitFor(t, ctx, "the question saved", `currentItem().questions && currentItem().questions.length === 1`)
	// Edit the question: its text comes back into the form.
	tab(`#questions li button[aria-label="Edit question 1"]`)
	keys("\r")
	waitFor(t, ctx, "the question in the form", `document.activeElement.id === "qtext" && document.getElementById("qtext").value === "Typed question?"`)
	keys(" Why?")
	tab("#question-submit")
	keys("\r")
	waitFor(t, ctx, "the question edited", `currentItem().questions.length === 1 && currentItem().questions[0].text === "Typed question? Why?"`)
	// Tick paragraphs 5 and 11 to 13 with Space, and save the excerpt.
	for _, n := range []string{"5", "11", "12", "13"} {
		tab("#keep-" + n)
		keys(" ")
	}
	tab("#excerpt-save")
	keys("\r")
	waitFor(t, ctx, "the excerpt saved", `currentItem().excerpt && currentItem().excerpt.join() === "5,11,12,13"`)
	// Edit the note, then a second note added and removed.
	tab(`#annotations li button[aria-label^="Edit the note"]`)
	keys("\r")
	waitFor(t, ctx, "the note in the form", `document.activeElement.id === "note" && document.getElementById("note").value === "Typed note."`)
	keys(" Edited.")
	tab("#annotate-submit")
	keys("\r")
	waitFor(t, ctx, "the note edited", `currentItem().annotations.length === 1 && currentItem().annotations[0].note === "Typed note. Edited."`)
	tab("#anchor")
	keys("Turkey")
	tab("#note")
	keys("Another note.")
	tab("#annotate-submit")
	keys("\r")
	waitFor(t, ctx, "a second note", `currentItem().annotations.length === 2`)
	tab(`#annotations li:nth-child(2) button[aria-label^="Remove the note"]`)
	keys("\r")
	waitFor(t, ctx, "the second note removed", `currentItem().annotations.length === 1 && currentItem().annotations[0].anchor === "Greek Government"`)
	// The part's title.
	tab(`#parts button[aria-label^="Edit part"]`)
	keys("\r")
	waitFor(t, ctx, "the part editor", `document.activeElement.id === "ptitle"`)
	keys("Typed part")
	tab(`#part-edit-form button[type=submit]`)
	keys("\r")
	waitFor(t, ctx, "the part saved", `state.parts[0].title === "Typed part"`)
	tab("#format")
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#format"), "pdf")); err != nil { // a select's value, as arrow keys would set it
		t.Fatal(err)
	}
	tab("#build-form button")
	keys("\r")
	waitFor(t, ctx, "the build", `document.querySelectorAll("#downloads a").length === 1`)
	if _, err := os.Stat(filepath.Join(dir, "out", filepath.Base(dir)+".pdf")); err != nil {
		t.Error(err)
	}
	resp, err := http.Get(url + "download/" + filepath.Base(dir) + ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("download: %d", resp.StatusCode)
	}
}

// requestSubmit submits a form as its button would, through its submit
// handler (chromedp.Submit calls form.submit(), which skips it).
func requestSubmit(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`document.getElementById(` + jsString(id) + `).requestSubmit()`)
}
