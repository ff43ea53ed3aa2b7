package desk

import (
	"archive/zip"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

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
	// A page that has just loaded may replace its JavaScript context
	// under the first poll (-32000); poll again then.
	for i := 0; i < 5; i++ {
		if _, err = chromedp.Run(ctx, chromedp.Poll[bool]("!!("+cond+")", chromedp.WithPollingTimeout(60*time.Second))); err == nil || !strings.Contains(err.Error(), "-32000") {
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

	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#files"), files), chromedp.Click(chromedp.CSS("#import"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the imported speeches", `document.querySelectorAll("#sources tbody tr").length === 2 && document.querySelectorAll("#import-report li").length === 2`)
	report, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("#import-report")))
	if !strings.Contains(report, "written as truman-doctrine-1947") || !strings.Contains(report, "check:") {
		t.Errorf("import report: %q", report)
	}
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
	const headnote = "Truman asked Congress for aid to Greece and Turkey."
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#headnote"), headnote), requestSubmit("headnote-form")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the headnote saved", `currentItem() && currentItem().headnote === `+jsString(headnote+"\n"))

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
	waitFor(t, ctx, "the preview", `document.getElementById("preview-web").getAttribute("src") && /doc-truman-doctrine-1947\.html/.test(document.getElementById("preview-web").src)`)
	axe(t, ctx, script, "reader with a document open")

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
	for _, want := range []string{"Cold War Speeches", headnote, "The royalist government in Athens", question, "the Greek Government an urgent appeal"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
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
	var rs []importer.Result
	for _, f := range files[:1] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := importer.Import(f, data)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r...)
	}
	if _, err := importer.WriteAll(filepath.Join(dir, "sources"), rs, false); err != nil {
		t.Fatal(err)
	}
	_, url := start(t, dir)
	ctx := browse(t, t.TempDir())
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the desk", `state !== null && !document.getElementById("create").hidden`)

	// tab presses Tab until the focused element matches sel.
	tab := func(sel string) {
		t.Helper()
		for i := 0; i < 200; i++ {
			if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
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
	waitFor(t, ctx, "the document in the reader", `document.querySelectorAll("#parts li").length === 1`)
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
