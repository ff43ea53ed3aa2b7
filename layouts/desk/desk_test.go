package desk

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// start serves dir on loopback and returns the server and its base URL.
func start(t *testing.T, dir string) (*Server, string) {
	t.Helper()
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	ln, url, err := s.Listen("")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s, url
}

func do(t testing.TB, s *Server, method, target, host string, body []byte, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, bytes.NewReader(body))
	r.Host = host
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// TestDefaultListenIsLoopback: with no --addr the app listens on
// 127.0.0.1 only, prints that address first, and needs no token.
func TestDefaultListenIsLoopback(t *testing.T) {
	s, url := start(t, t.TempDir())
	if !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*/$`).MatchString(url) {
		t.Errorf("url %q", url)
	}
	if s.token != "" {
		t.Error("a loopback server asks for a token")
	}
	host := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	h, _, _ := net.SplitHostPort(host)
	if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
		t.Errorf("listening on %s", h)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET / = %d", resp.StatusCode)
	}
}

// TestTokenBeyondLoopback: listening on every address needs the printed
// token, once, after which a cookie carries it.
func TestTokenBeyondLoopback(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ln, url, err := s.Listen("0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if s.token == "" || !strings.Contains(url, "token="+s.token) {
		t.Fatalf("no token in %q", url)
	}
	port := url[strings.LastIndex(url, ":")+1 : strings.Index(url, "/?")]
	host := "192.168.1.20:" + port
	if w := do(t, s, "GET", "/api/state", host, nil, nil); w.Code != http.StatusForbidden {
		t.Errorf("without the token: %d", w.Code)
	}
	if w := do(t, s, "GET", "/api/state?token=wrong", host, nil, nil); w.Code != http.StatusForbidden {
		t.Errorf("with a wrong token: %d", w.Code)
	}
	w := do(t, s, "GET", "/?token="+s.token, host, nil, nil)
	if w.Code != 200 {
		t.Fatalf("with the token: %d", w.Code)
	}
	c := w.Result().Cookies()
	if len(c) != 1 || c[0].Value != s.token || !c[0].HttpOnly {
		t.Fatalf("cookie %v", c)
	}
	if w := do(t, s, "GET", "/api/state", host, nil, map[string]string{"Cookie": "desk-token=" + s.token}); w.Code != 200 {
		t.Errorf("with the cookie: %d", w.Code)
	}
	if w := do(t, s, "GET", "/", "evil.example:"+port, nil, map[string]string{"Cookie": "desk-token=" + s.token}); w.Code != http.StatusMisdirectedRequest {
		t.Errorf("a host name beyond loopback: %d", w.Code)
	}
}

func loopback(t *testing.T, dir string) (*Server, string) {
	s, url := start(t, dir)
	return s, strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
}

// TestForeignHostRefused: a DNS-rebinding page reaches the app under its
// own host name; the app refuses it.
func TestForeignHostRefused(t *testing.T) {
	s, host := loopback(t, t.TempDir())
	_, port, _ := net.SplitHostPort(host)
	for _, h := range []string{"evil.example:" + port, "evil.example", "127.0.0.1:1", "127.0.0.1.nip.io:" + port, ""} {
		if w := do(t, s, "GET", "/api/state", h, nil, nil); w.Code != http.StatusMisdirectedRequest {
			t.Errorf("Host %q: %d", h, w.Code)
		}
	}
	for _, h := range []string{host, "localhost:" + port, "[::1]:" + port} {
		if w := do(t, s, "GET", "/api/state", h, nil, nil); w.Code != 200 {
			t.Errorf("Host %q: %d %s", h, w.Code, w.Body)
		}
	}
}

// TestChangesNeedCSRFAndOrigin: a change without the page's token, or
// from another origin, is refused and writes nothing.
func TestChangesNeedCSRFAndOrigin(t *testing.T) {
	dir := t.TempDir()
	s, host := loopback(t, dir)
	body := []byte(`{"title":"A"}`)
	for name, hdr := range map[string]map[string]string{
		"no token":     nil,
		"wrong token":  {"X-CSRF-Token": "x"},
		"other origin": {"X-CSRF-Token": s.csrf, "Origin": "http://evil.example"},
	} {
		if w := do(t, s, "POST", "/api/create", host, body, hdr); w.Code != http.StatusForbidden {
			t.Errorf("%s: %d", name, w.Code)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "reader.yaml")); err == nil {
		t.Fatal("a refused change wrote reader.yaml")
	}
	if w := do(t, s, "POST", "/api/create", host, body, map[string]string{"X-CSRF-Token": s.csrf, "Origin": "http://" + host}); w.Code != 200 {
		t.Fatalf("a good change: %d %s", w.Code, w.Body)
	}
}

// TestTraversalRefused: ../ in any spelling never reaches a file
// outside the reader's out/ folder or library.
func TestTraversalRefused(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "reader")
	os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("secret"), 0o644)
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte("title: T\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "out", "ok.pdf"), []byte("%PDF"), 0o644)
	s, host := loopback(t, dir)
	for _, p := range []string{
		"/download/../reader.yaml", "/download/..%2freader.yaml", "/download/%2e%2e%2freader.yaml",
		"/download/%2e%2e/%2e%2e/secret.txt", "/download/..%5c..%5csecret.txt", "/download/%252e%252e%252fsecret.txt",
		"/static/../desk.go", "/download/.%2e/secret.txt", "/api/source?id=../secret", "/api/source?id=..%2Fsecret",
		"/api/source?id=%2e%2e%2fsecret", "/download/%00",
	} {
		w := do(t, s, "GET", p, host, nil, nil)
		if w.Code == 200 || strings.Contains(w.Body.String(), "secret") && !strings.Contains(w.Body.String(), "refused") || strings.Contains(w.Body.String(), "title: T") {
			t.Errorf("%s: %d %q", p, w.Code, w.Body)
		}
	}
	if w := do(t, s, "GET", "/download/ok.pdf", host, nil, nil); w.Code != 200 || w.Body.String() != "%PDF" {
		t.Errorf("a built file: %d", w.Code)
	}
}

// TestUploadLimited: an upload over MaxUpload is refused and writes
// nothing.
func TestUploadLimited(t *testing.T) {
	dir := t.TempDir()
	s, host := loopback(t, dir)
	var b bytes.Buffer
	b.WriteString("--X\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n")
	b.Write(bytes.Repeat([]byte("word "), MaxUpload/4))
	b.WriteString("\r\n--X--\r\n")
	w := do(t, s, "POST", "/api/import", host, b.Bytes(), map[string]string{"X-CSRF-Token": s.csrf, "Content-Type": "multipart/form-data; boundary=X"})
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "sources")); len(entries) != 0 {
		t.Errorf("wrote %v", entries)
	}
}

const commented = `# A reader kept by hand.
title: Old title # the working title
language: en
# Where the sources are.
sources: [../../sources]
parts:
  # The first week.
  - title: Week one
    items:
      - id: masoud-vorontsov-1989 # the letter
        time: 45 min
`

func edit(t *testing.T, s *Server, host string, req editReq) (int, string) {
	t.Helper()
	body, _ := json.Marshal(req)
	w := do(t, s, "POST", "/api/edit", host, body, map[string]string{"X-CSRF-Token": s.csrf})
	var out map[string]string
	json.Unmarshal(w.Body.Bytes(), &out)
	if w.Code != 200 {
		return w.Code, out["error"]
	}
	return w.Code, out["digest"]
}

// applyAll makes the changes one after the other, as the page does.
func applyAll(t *testing.T, s *Server, host string, steps []editReq) {
	t.Helper()
	for _, st := range steps {
		st.Digest = digest(t, s)
		if code, msg := edit(t, s, host, st); code != 200 {
			t.Fatalf("%s: %d %s", st.Op, code, msg)
		}
	}
}

func digest(t *testing.T, s *Server) string {
	_, d, err := s.readManifest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestEditKeepsCommentsAndOrder: edits through the app keep the file's
// comments and key order, and write what the form said.
func TestEditKeepsCommentsAndOrder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "examples", "r")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(commented), 0o644)
	s, host := loopback(t, dir)
	steps := []editReq{
		{Op: "title", Text: "New title"},
		{Op: "headnote", Part: 0, Item: 0, Text: "Masoud writes to Vorontsov.\n\nA second paragraph."},
		{Op: "annotate", Part: 0, Item: 0, Anchor: "Soviet Union", Occurrence: 2, Note: "The USSR."},
		{Op: "question", Part: 0, Item: 0, Text: "Whom does Masoud blame?", Stage: "after", Answer: "The Soviet leaders.", Lines: 4},
		{Op: "vocab", Part: 0, Item: 0, Term: "culprit", Definition: "the one to blame"},
		{Op: "gloss", Term: "PDPA", Definition: "The People's Democratic Party of Afghanistan."},
		{Op: "add-part", Title: "Week two"},
		{Op: "move-part", Part: 1, Delta: -1},
	}
	applyAll(t, s, host, steps)
	data, _ := os.ReadFile(filepath.Join(dir, "reader.yaml"))
	got := string(data)
	for _, c := range []string{"# A reader kept by hand.", "# the working title", "# Where the sources are.", "# The first week.", "# the letter"} {
		if !strings.Contains(got, c) {
			t.Errorf("lost comment %q:\n%s", c, got)
		}
	}
	var m yaml.Node
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for i := 0; i < len(m.Content[0].Content); i += 2 {
		keys = append(keys, m.Content[0].Content[i].Value)
	}
	if strings.Join(keys, " ") != "title language sources parts glossary" {
		t.Errorf("key order %v", keys)
	}
	var r struct {
		Title string
		Parts []struct {
			Title string
			Items []struct {
				ID          string
				Time        string
				Headnote    string
				Annotations []struct {
					Anchor     string
					Occurrence int
					Note       string
				}
				Questions []struct {
					Text, Stage, Answer string
					Lines               int
				}
				Vocabulary []glossEntry
			}
		}
		Glossary []glossEntry
	}
	if err := yaml.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Title != "New title" || len(r.Parts) != 2 || r.Parts[0].Title != "Week two" || r.Parts[1].Title != "Week one" {
		t.Fatalf("%+v", r)
	}
	it := r.Parts[1].Items[0]
	if it.ID != "masoud-vorontsov-1989" || it.Time != "45 min" || it.Headnote != "Masoud writes to Vorontsov.\n\nA second paragraph.\n" {
		t.Errorf("%+v", it)
	}
	if len(it.Annotations) != 1 || it.Annotations[0].Anchor != "Soviet Union" || it.Annotations[0].Occurrence != 2 || it.Annotations[0].Note != "The USSR." {
		t.Errorf("%+v", it.Annotations)
	}
	if len(it.Vocabulary) != 1 || it.Vocabulary[0] != (glossEntry{"culprit", "the one to blame"}) {
		t.Errorf("word bank %+v", it.Vocabulary)
	}
	if len(r.Glossary) != 1 || r.Glossary[0].Term != "PDPA" {
		t.Errorf("glossary %+v", r.Glossary)
	}
	if len(it.Questions) != 1 || it.Questions[0].Stage != "after" || it.Questions[0].Lines != 4 || it.Questions[0].Answer != "The Soviet leaders." {
		t.Errorf("%+v", it.Questions)
	}
}

// TestChangedUnderneathNotOverwritten: a file saved in a text editor
// after the page read it is not overwritten, and the app then shows it.
func TestChangedUnderneathNotOverwritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reader.yaml")
	os.WriteFile(path, []byte(commented), 0o644)
	s, host := loopback(t, dir)
	seen := digest(t, s)
	edited := strings.Replace(commented, "Old title", "Title from the editor", 1)
	os.WriteFile(path, []byte(edited), 0o644)
	code, msg := edit(t, s, host, editReq{Digest: seen, Op: "title", Text: "From the app"})
	if code != http.StatusConflict || !strings.Contains(msg, "changed in another program") {
		t.Errorf("%d %s", code, msg)
	}
	if data, _ := os.ReadFile(path); string(data) != edited {
		t.Errorf("the editor's change was overwritten:\n%s", data)
	}
	w := do(t, s, "GET", "/api/state", host, nil, nil)
	var st struct{ Title string }
	json.Unmarshal(w.Body.Bytes(), &st)
	if st.Title != "Title from the editor" {
		t.Errorf("the app shows %q", st.Title)
	}
}

func yamlUnmarshal(data []byte, v any) error { return yaml.Unmarshal(data, v) }
