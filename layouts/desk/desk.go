// Package desk is the teacher's desk: a local web app (sourcebook serve)
// that browses a source library, imports files, edits reader.yaml in forms
// and builds the editions. The files stay the truth: every request reads
// them afresh, and edits go through yaml.v3's node tree so that comments
// and key order survive.
package desk

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"sourcebook/book"
	"sourcebook/book/importer"
	"sourcebook/layouts"
	"sourcebook/layouts/epub"
	"sourcebook/layouts/pdf"
	"sourcebook/layouts/presets"
	"sourcebook/layouts/publish"

	"gopkg.in/yaml.v3"
)

//go:embed assets
var assets embed.FS

// MaxUpload bounds one import request (all its files together).
const MaxUpload = 16 << 20

// Server serves one reader folder.
type Server struct {
	dir       string // the reader folder
	manifest  string // its reader.yaml
	csrf      string
	token     string // required on every request when not empty
	mu        sync.Mutex
	hosts     map[string]bool
	anyIP     bool // Host may be any IP literal (listening beyond loopback)
	mux       *http.ServeMux
	preview   string         // folder the previews are built in
	cache     *publish.Cache // kept between previews, for speed
	pdfCache  *pdf.Cache
	epubCache *epub.Cache
	page      *template.Template
}

// New serves the reader at path: a folder (its reader.yaml need not exist
// yet) or a reader.yaml file.
func New(path string) (*Server, error) {
	if path == "" {
		path = "."
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	s := &Server{dir: abs, manifest: filepath.Join(abs, "reader.yaml")}
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		s.dir, s.manifest = filepath.Dir(abs), abs
	} else if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, errors.Unwrap(err))
	}
	s.csrf = randomHex()
	s.cache = publish.NewCache()
	s.pdfCache, s.epubCache = pdf.NewCache(), epub.NewCache()
	s.page = template.Must(template.ParseFS(assets, "assets/index.html"))
	s.mux = http.NewServeMux()
	static, _ := fs.Sub(assets, "assets")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.FS(static))))
	s.mux.HandleFunc("GET /{$}", s.index)
	s.mux.HandleFunc("GET /api/state", s.state)
	s.mux.HandleFunc("GET /api/source", s.source)
	s.mux.HandleFunc("POST /api/import", s.importFiles)
	s.mux.HandleFunc("POST /api/create", s.create)
	s.mux.HandleFunc("POST /api/edit", s.edit)
	s.mux.HandleFunc("POST /api/build", s.build)
	s.mux.HandleFunc("GET /download/{name}", s.download)
	s.mux.HandleFunc("POST /api/preview", s.previewBuild)
	s.mux.HandleFunc("GET /preview/", s.previewFile)
	return s, nil
}

func randomHex() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b)
}

// Listen opens addr ("" is 127.0.0.1:0) and tells the server which Host
// names to accept. Beyond loopback it makes a token that every request
// must carry; the URL returned includes it.
func (s *Server) Listen(addr string) (net.Listener, string, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	ta := ln.Addr().(*net.TCPAddr)
	port := fmt.Sprint(ta.Port)
	s.hosts = map[string]bool{"127.0.0.1:" + port: true, "localhost:" + port: true, "[::1]:" + port: true}
	url := "http://127.0.0.1:" + port + "/"
	if !ta.IP.IsLoopback() {
		s.token = randomHex()
		s.anyIP = true
		host := ta.IP.String()
		if ta.IP.IsUnspecified() {
			host = "127.0.0.1"
		}
		url = "http://" + net.JoinHostPort(host, port) + "/?token=" + s.token
	}
	return ln, url, nil
}

func (s *Server) hostOK(h string) bool {
	if s.hosts[strings.ToLower(h)] {
		return true
	}
	if !s.anyIP {
		return false
	}
	host, _, err := net.SplitHostPort(h)
	return err == nil && net.ParseIP(strings.Trim(host, "[]")) != nil
}

// ServeHTTP checks every request before it reaches a handler: the Host
// (against DNS rebinding), the token, traversal in the path, and for
// changes the Origin and the CSRF token.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; object-src 'self'; frame-src 'self'; frame-ancestors 'self'")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if !s.hostOK(r.Host) {
		http.Error(w, "refused: this app answers only to the address it printed (Host "+r.Host+" is not it)", http.StatusMisdirectedRequest)
		return
	}
	if badPath(r.URL.EscapedPath()) || badPath(r.URL.Path) {
		http.Error(w, "refused: the path leaves the reader folder", http.StatusBadRequest)
		return
	}
	if s.token != "" {
		if t := r.URL.Query().Get("token"); t != "" && same(t, s.token) {
			http.SetCookie(w, &http.Cookie{Name: "desk-token", Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		} else if c, err := r.Cookie("desk-token"); err != nil || !same(c.Value, s.token) {
			http.Error(w, "refused: open the address with the token that sourcebook serve printed", http.StatusForbidden)
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
			http.Error(w, "refused: a change from another site (Origin "+o+")", http.StatusForbidden)
			return
		}
		if !same(r.Header.Get("X-CSRF-Token"), s.csrf) {
			http.Error(w, "refused: a change without this page's token; reload the page", http.StatusForbidden)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

func same(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// badPath catches .. segments however they were written (%2e%2e, %2f)
// and backslashes, before the mux cleans or redirects.
func badPath(p string) bool {
	l := strings.ToLower(p)
	if strings.Contains(l, "%2e") || strings.Contains(l, "%2f") || strings.Contains(l, "%5c") || strings.ContainsAny(p, "\\\x00") {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return true
		}
	}
	return false
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	s.page.Execute(w, map[string]string{"CSRF": s.csrf})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}

// readManifest returns reader.yaml's bytes and digest; nil data when it
// does not exist yet.
func (s *Server) readManifest() ([]byte, string, error) {
	data, err := book.ReadFile(s.manifest, 4<<20, "", "reader.yaml")
	if err != nil {
		if _, serr := os.Stat(s.manifest); errors.Is(serr, fs.ErrNotExist) {
			return nil, "", nil
		}
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:]), nil
}

// libraryDirs are the folders the reader reads sources from; the first
// is where imports go.
func (s *Server) libraryDirs() []string {
	if m, err := book.ReadManifest(s.manifest); err == nil {
		if dirs, err := book.LibraryDirs(m); err == nil && len(dirs) > 0 {
			return dirs
		}
	}
	return []string{filepath.Join(s.dir, "sources")}
}

func (s *Server) library() (*book.Library, error) {
	var dirs []string
	for _, d := range s.libraryDirs() {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 {
		return &book.Library{Sources: map[string]*book.Source{}}, nil
	}
	return book.LoadLibrary(dirs...)
}

type viewItem struct {
	ID          string `yaml:"id" json:"id"`
	Excerpt     []int  `yaml:"-" json:"excerpt"`
	Title       string `yaml:"title" json:"title"`
	Headnote    string `yaml:"headnote" json:"headnote"`
	Annotations []struct {
		Anchor     string `yaml:"anchor" json:"anchor"`
		Occurrence int    `yaml:"occurrence" json:"occurrence"`
		Note       string `yaml:"note" json:"note"`
	} `yaml:"annotations" json:"annotations"`
	Vocabulary []glossEntry `yaml:"vocabulary" json:"vocabulary"`
	Questions  []struct {
		Text       string `yaml:"text" json:"text"`
		Stage      string `yaml:"stage" json:"stage"`
		Anchor     string `yaml:"anchor" json:"anchor"`
		Occurrence int    `yaml:"occurrence" json:"occurrence"`
		Answer     string `yaml:"answer" json:"answer"`
		Lines      int    `yaml:"lines" json:"lines"`
	} `yaml:"questions" json:"questions"`
}

type glossEntry struct {
	Term       string `yaml:"term" json:"term"`
	Definition string `yaml:"definition" json:"definition"`
}

type viewPart struct {
	Title        string     `json:"title"`
	Introduction string     `json:"introduction"`
	Question     string     `json:"question"`
	Items        []viewItem `json:"items"`
}

type problem struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Target  string `json:"target,omitempty"` // the form field it concerns (see targets)
	Message string `json:"message"`
	Note    string `json:"note,omitempty"` // the message without its file and line, for beside the field
	Warning bool   `json:"warning"`
}

func (s *Server) state(w http.ResponseWriter, r *http.Request) {
	data, digest, err := s.readManifest()
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	out := map[string]any{"exists": data != nil, "digest": digest, "folder": s.dir,
		"layouts": presets.Layouts(), "page_sizes": presets.PageSizes(), "formats": publish.FormatNames()}
	if data != nil {
		d, err := parseDoc(data)
		if err != nil {
			out["problems"] = []problem{{Message: "reader.yaml: " + err.Error()}}
		} else {
			t := d.top()
			out["title"] = scalar(get(t, "title"))
			out["introduction"] = scalar(get(t, "introduction"))
			var gl []glossEntry
			if g := get(t, "glossary"); g != nil {
				for _, e := range g.Content {
					gl = append(gl, glossEntry{scalar(get(e, "term")), scalar(get(e, "definition"))})
				}
			}
			out["glossary"] = gl
			var parts []viewPart
			for _, p := range d.parts().Content {
				vp := viewPart{Title: scalar(get(p, "title")), Introduction: scalar(get(p, "introduction")), Question: scalar(get(p, "question"))}
				if items := get(p, "items"); items != nil {
					for _, it := range items.Content {
						var vi viewItem
						if it.Decode(&vi) != nil {
							vi = viewItem{ID: scalar(get(it, "id"))}
						}
						if it.Kind == yaml.MappingNode {
							vi.Excerpt = excerptParagraphs(it)
						}
						vp.Items = append(vp.Items, vi)
					}
				}
				parts = append(parts, vp)
			}
			out["parts"] = parts
			out["problems"] = s.check(d)
		}
	}
	q := r.URL.Query()
	if q.Get("library") == "no" {
		// After an edit the page keeps the library it has: reading and
		// measuring every source again would delay the form.
		writeJSON(w, http.StatusOK, out)
		return
	}
	lib, err := s.library()
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	f := book.Filter{Query: q.Get("q"), Subject: q.Get("subject"), Type: q.Get("type")}
	for _, d := range []struct {
		key, name string
		to        *book.Date
	}{{"from", "From", &f.From}, {"to", "To", &f.To}} {
		if v := strings.TrimSpace(q.Get(d.key)); v != "" {
			if *d.to, err = book.ParseDate(v); err != nil {
				out["filter_problem"] = map[string]string{"field": d.key, "message": d.name + ": " + v + " is not a date; write a year (1947), a month (1947-03) or a day (1947-03-12)"}
				*d.to = book.Date{}
			}
		}
	}
	types, subjects := map[string]bool{}, map[string]bool{}
	for _, src := range lib.Sources {
		if src.Type != "" {
			types[src.Type] = true
		}
		for _, sj := range src.Subjects {
			subjects[sj] = true
		}
	}
	out["types"], out["subjects"] = sortedKeys(types), sortedKeys(subjects)
	out["library"] = book.Catalog(lib, f)
	writeJSON(w, http.StatusOK, out)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// check loads the reader as a build does and lists its problems, each
// with the form field it concerns where its line in reader.yaml says.
func (s *Server) check(d *doc) []problem {
	ps := []problem{}
	b, err := book.Load(s.manifest, book.Options{Cache: s.cache.Book})
	var errs book.Errors
	var one *book.Error
	switch {
	case errors.As(err, &errs):
	case errors.As(err, &one):
		errs = book.Errors{one}
	case err != nil:
		ps = append(ps, problem{Message: err.Error()})
	}
	spans := d.targets()
	where := func(e *book.Error) string {
		if e.Line == 0 || filepath.Clean(e.File) != filepath.Clean(s.manifest) {
			return ""
		}
		return targetAt(spans, e.Line)
	}
	for _, e := range errs {
		ps = append(ps, problem{Line: e.Line, Field: e.Field, Message: e.Error(), Note: e.Msg, Target: where(e)})
	}
	if b != nil {
		for _, wn := range b.Warnings {
			ps = append(ps, problem{Line: wn.Line, Field: wn.Field, Message: wn.Error(), Note: wn.Msg, Warning: true, Target: where(wn)})
		}
	}
	return ps
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func (s *Server) source(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	if !idPattern.MatchString(id) || strings.Contains(id, "..") {
		fail(w, http.StatusBadRequest, "refused: not a source id")
		return
	}
	lib, err := s.library()
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	src := lib.Sources[id]
	if src == nil {
		fail(w, http.StatusNotFound, "no source "+id+" in the library")
		return
	}
	blocks, err := src.NumberedBlocks()
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "title": src.Title, "date": src.DateText(), "blocks": blocks})
}

func (s *Server) importFiles(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxUpload)
	if err := r.ParseMultipartForm(MaxUpload); err != nil {
		fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("cannot read the upload (at most %d MB at a time): %v", MaxUpload>>20, err))
		return
	}
	type report struct {
		File, ID, Status, Error string
		Notes, Missing          []string
	}
	var reports []report
	var results []importer.Result
	for _, fh := range r.MultipartForm.File["files"] {
		name := filepath.Base(filepath.Clean("/" + strings.ReplaceAll(fh.Filename, "\\", "/")))
		f, err := fh.Open()
		if err != nil {
			reports = append(reports, report{File: name, Status: "failed", Error: err.Error()})
			continue
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			reports = append(reports, report{File: name, Status: "failed", Error: err.Error()})
			continue
		}
		rs, err := importer.Import(name, data)
		if err != nil {
			reports = append(reports, report{File: name, Status: "failed", Error: err.Error()})
			continue
		}
		results = append(results, rs...)
	}
	dir := s.libraryDirs()[0]
	outs, _ := importer.WriteAll(dir, results, false)
	for i, o := range outs {
		rep := report{File: filepath.Base(o.From), ID: o.ID, Status: string(o.Status), Notes: results[i].Notes, Missing: results[i].Missing}
		if o.Err != nil {
			rep.Error = o.Err.Error()
		}
		reports = append(reports, rep)
	}
	writeJSON(w, http.StatusOK, map[string]any{"imported": reports})
}

// create writes a new reader.yaml; it never replaces one.
func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var req struct{ Title string }
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil || strings.TrimSpace(req.Title) == "" || strings.ContainsAny(req.Title, "\r\n") {
		fail(w, http.StatusBadRequest, "give the reader a title of one line")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := os.Stat(s.manifest); err == nil {
		fail(w, http.StatusConflict, "reader.yaml already exists in this folder; it is left as it is")
		return
	}
	d, _ := parseDoc(nil)
	t := d.top()
	set(t, "title", text(req.Title))
	t.Content[0].HeadComment = "# Made by sourcebook serve; edit it in the app or in a text editor.\n# Every key is explained in docs/readers.md."
	set(t, "language", text("en"))
	set(t, "sources", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{text("sources")}})
	set(t, "parts", &yaml.Node{Kind: yaml.SequenceNode})
	data, err := d.bytes()
	if err == nil {
		err = os.MkdirAll(filepath.Join(s.dir, "sources"), 0o755)
	}
	if err == nil {
		err = publish.WriteFile(s.manifest, data)
	}
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"ok": "created reader.yaml"})
}

// editReq is one change to reader.yaml. Digest is the file's digest when
// the page last read it: a file changed underneath is not overwritten.
type editReq struct {
	Digest     string `json:"digest"`
	Op         string `json:"op"`
	Part       int    `json:"part"`
	Item       int    `json:"item"`
	Index      int    `json:"index"`
	Delta      int    `json:"delta"`
	ID         string `json:"id"`
	Title      string `json:"title"`
	Text       string `json:"text"`
	Anchor     string `json:"anchor"`
	Occurrence int    `json:"occurrence"`
	Note       string `json:"note"`
	Stage      string `json:"stage"`
	Answer     string `json:"answer"`
	Lines      int    `json:"lines"`
	Term       string `json:"term"`
	Definition string `json:"definition"`
	Question   string `json:"question"`   // a part's central question
	Paragraphs []int  `json:"paragraphs"` // an excerpt's paragraphs; none for the whole text
}

func (s *Server) edit(w http.ResponseWriter, r *http.Request) {
	var req editReq
	if err := json.NewDecoder(io.LimitReader(r.Body, 4<<20)).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "cannot read the change: "+err.Error())
		return
	}
	s.rewrite(w, req.Digest, func(d *doc) error { return apply(d, req) })
}

// rewrite is every change's load, edit and save: reader.yaml is read,
// refused if it changed since the page read it (digest), edited in its
// node tree by fn, checked again and written atomically. It answers the
// request with the new digest or the reason nothing was written.
func (s *Server) rewrite(w http.ResponseWriter, digest string, fn func(*doc) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, now, err := s.readManifest()
	if err != nil || data == nil {
		fail(w, http.StatusConflict, "there is no reader.yaml to change; create the reader first")
		return
	}
	if digest != now {
		fail(w, http.StatusConflict, "reader.yaml was changed in another program since this page read it; your change was not saved. The page now shows the file as it is: make the change again")
		return
	}
	d, err := parseDoc(data)
	if err != nil {
		fail(w, http.StatusConflict, "reader.yaml cannot be read ("+err.Error()+"); fix it in a text editor first")
		return
	}
	if err := fn(d); err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	out, err := d.bytes()
	if err == nil {
		// Checked again just before the write, for an editor that saved
		// while this change was being made.
		if _, again, _ := s.readManifest(); again != digest {
			fail(w, http.StatusConflict, "reader.yaml was changed in another program just now; your change was not saved")
			return
		}
		err = publish.WriteFile(s.manifest, out)
	}
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	sum := sha256.Sum256(out)
	writeJSON(w, http.StatusOK, map[string]string{"digest": hex.EncodeToString(sum[:])})
}

func apply(d *doc, q editReq) error {
	t := d.top()
	oneLine := func(s, what string) error {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "\r\n") {
			return fmt.Errorf("the %s must be one line of text", what)
		}
		return nil
	}
	switch q.Op {
	case "title":
		if err := oneLine(q.Text, "title"); err != nil {
			return err
		}
		set(t, "title", text(q.Text))
	case "introduction":
		set(t, "introduction", text(q.Text))
	case "gloss":
		return addTerm(seq(t, "glossary"), q, "term", "definition")
	case "remove-gloss":
		return remove(seq(t, "glossary"), q.Index)
	case "add-part":
		if err := oneLine(q.Title, "part's title"); err != nil {
			return err
		}
		ps := d.parts()
		ps.Content = append(ps.Content, mapping("title", q.Title, "items", &yaml.Node{Kind: yaml.SequenceNode}))
	case "move-part":
		return move(d.parts(), q.Part, q.Delta)
	case "remove-part":
		return remove(d.parts(), q.Part)
	case "part":
		ps := d.parts()
		if q.Part < 0 || q.Part >= len(ps.Content) {
			return fmt.Errorf("there is no part %d", q.Part+1)
		}
		p := ps.Content[q.Part]
		if strings.ContainsAny(q.Title, "\r\n") {
			return fmt.Errorf("the part's title must be one line of text")
		}
		for _, kv := range [][2]string{{"title", q.Title}, {"introduction", q.Text}, {"question", q.Question}} {
			if err := setText(p, kv[0], kv[1]); err != nil {
				return err
			}
		}
	case "add-doc":
		if !idPattern.MatchString(q.ID) {
			return fmt.Errorf("choose a source from the library")
		}
		ps := d.parts()
		if len(ps.Content) == 0 {
			ps.Content = append(ps.Content, mapping("title", "Documents", "items", &yaml.Node{Kind: yaml.SequenceNode}))
		}
		if q.Part < 0 || q.Part >= len(ps.Content) {
			return fmt.Errorf("there is no part %d", q.Part+1)
		}
		items := seq(ps.Content[q.Part], "items")
		items.Content = append(items.Content, mapping("id", q.ID))
	case "move-doc", "remove-doc", "headnote", "excerpt", "annotate", "update-annotation", "remove-annotation",
		"question", "update-question", "remove-question", "vocab", "remove-vocab":
		ps := d.parts()
		if q.Part < 0 || q.Part >= len(ps.Content) {
			return fmt.Errorf("there is no part %d", q.Part+1)
		}
		items := seq(ps.Content[q.Part], "items")
		switch q.Op {
		case "move-doc":
			return move(items, q.Item, q.Delta)
		case "remove-doc":
			return remove(items, q.Item)
		}
		it, err := d.item(q.Part, q.Item)
		if err != nil {
			return err
		}
		return applyItem(it, q)
	default:
		return fmt.Errorf("unknown change %q", q.Op)
	}
	return nil
}

// addTerm adds a glossary or word-bank entry; word and meaning name its
// parts as the form does.
func addTerm(list *yaml.Node, q editReq, word, meaning string) error {
	if strings.TrimSpace(q.Term) == "" || strings.ContainsAny(q.Term, "\r\n") {
		return fmt.Errorf("the %s must be one line of text", word)
	}
	if strings.TrimSpace(q.Definition) == "" {
		return fmt.Errorf("write the %s's %s", word, meaning)
	}
	list.Content = append(list.Content, mapping("term", q.Term, "definition", q.Definition))
	return nil
}

// applyItem makes a change to one document of the reader.
func applyItem(it *yaml.Node, q editReq) error {
	switch q.Op {
	case "headnote":
		// Always a block, as a teacher writing in a file would.
		return setText(it, "headnote", strings.TrimRight(q.Text, "\n")+"\n")
	case "excerpt":
		if len(q.Paragraphs) == 0 {
			del(it, "excerpt")
			return nil
		}
		ranges, err := excerptNode(q.Paragraphs)
		if err != nil {
			return err
		}
		set(it, "excerpt", ranges)
	case "annotate", "update-annotation":
		if strings.TrimSpace(q.Anchor) == "" || strings.TrimSpace(q.Note) == "" {
			return fmt.Errorf("select a phrase in the document and write a note")
		}
		a := mapping("anchor", q.Anchor)
		if q.Occurrence > 1 {
			set(a, "occurrence", intNode(q.Occurrence))
		}
		set(a, "note", text(q.Note))
		return addOrReplace(seq(it, "annotations"), q.Op == "update-annotation", q.Index, a)
	case "remove-annotation":
		return remove(seq(it, "annotations"), q.Index)
	case "question", "update-question":
		if strings.TrimSpace(q.Text) == "" {
			return fmt.Errorf("write the question")
		}
		switch q.Stage {
		case "", "before", "during", "after":
		default:
			return fmt.Errorf("the stage is before, during or after")
		}
		qn := mapping("text", q.Text)
		if q.Stage != "" {
			set(qn, "stage", text(q.Stage))
		}
		if q.Stage == "during" && q.Anchor != "" {
			set(qn, "anchor", text(q.Anchor))
			if q.Occurrence > 1 {
				set(qn, "occurrence", intNode(q.Occurrence))
			}
		}
		if q.Answer != "" {
			set(qn, "answer", text(q.Answer))
		}
		if q.Lines > 0 {
			set(qn, "lines", intNode(q.Lines))
		}
		qs := seq(it, "questions")
		if q.Op == "update-question" && q.Index >= 0 && q.Index < len(qs.Content) {
			// Keys the form does not show (a teaching note, a paragraph)
			// stay as they were.
			old := qs.Content[q.Index]
			for i := 0; i+1 < len(old.Content); i += 2 {
				switch k := old.Content[i].Value; k {
				case "text", "stage", "anchor", "occurrence", "answer", "lines":
				default:
					set(qn, k, old.Content[i+1])
				}
			}
		}
		return addOrReplace(qs, q.Op == "update-question", q.Index, qn)
	case "remove-question":
		return remove(seq(it, "questions"), q.Index)
	case "vocab":
		return addTerm(seq(it, "vocabulary"), q, "word", "meaning")
	case "remove-vocab":
		return remove(seq(it, "vocabulary"), q.Index)
	}
	return nil
}

// build writes the chosen editions into the reader folder's out/.
func (s *Server) build(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Edition, PageSize, Layout, Format string
		Handouts                          bool
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "cannot read the build request")
		return
	}
	var opt publish.Options
	var err error
	if opt.Formats, err = publish.ParseFormats(req.Format); err == nil {
		opt.Edition, err = publish.ParseEdition(req.Edition)
	}
	if err == nil && req.PageSize != "" {
		opt.PageSize, err = presets.ParsePageSize(req.PageSize)
	}
	if err == nil && req.Layout != "" {
		opt.Layout, err = presets.ParseLayout(req.Layout)
	}
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	opt.Handouts = req.Handouts
	opt.OutDir = filepath.Join(s.dir, "out")
	var warns []string
	opt.Warn = func(wn *book.Warning) { warns = append(warns, wn.Error()) }
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := book.Load(s.manifest, book.Options{})
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	for _, wn := range b.Warnings {
		opt.Warn(wn)
	}
	res, err := publish.Build(b, opt)
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	seen := map[string]bool{}
	var files []string
	for _, f := range res.Files {
		rel, err := filepath.Rel(opt.OutDir, f)
		if err != nil {
			continue
		}
		first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		if !seen[first] {
			seen[first] = true
			files = append(files, first)
		}
	}
	sort.Strings(files)
	writeJSON(w, http.StatusOK, map[string]any{"files": files, "pages": res.Pages, "warnings": warns})
}

// download sends a built file from out/, or a built folder (the web
// edition) as a zip.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if name == "" || strings.ContainsAny(name, "/\\\x00") || strings.HasPrefix(name, ".") {
		http.Error(w, "refused: not a built file", http.StatusBadRequest)
		return
	}
	out := filepath.Join(s.dir, "out")
	p := filepath.Join(out, name)
	st, err := os.Lstat(p)
	if err != nil || st.Mode()&fs.ModeSymlink != 0 {
		http.Error(w, "no built file of that name; build first", http.StatusNotFound)
		return
	}
	if !st.IsDir() {
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
		http.ServeFile(w, r, p)
		return
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		data, err := book.ReadFile(path, 256<<20, "", "a built file")
		if err != nil {
			return err
		}
		f, err := zw.Create(filepath.ToSlash(rel))
		if err == nil {
			_, err = f.Write(data)
		}
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name+".zip"))
	w.Write(buf.Bytes())
}

// Close removes the previews.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.preview == "" {
		return nil
	}
	return os.RemoveAll(s.preview)
}

// previewBuild builds the teacher edition of the document being edited
// (?id=) as print and as a web page, into a temporary folder: only that
// document is laid out, from sources the cache keeps parsed, so that the
// preview follows typing. Without an id, or if the document cannot be
// set alone, the whole reader is built.
func (s *Server) previewBuild(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	if id != "" && !idPattern.MatchString(id) {
		fail(w, http.StatusBadRequest, "refused: not a source id")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	if s.preview == "" {
		d, err := os.MkdirTemp("", "sourcebook-preview-")
		if err != nil {
			fail(w, http.StatusInternalServerError, err.Error())
			return
		}
		s.preview = d
	}
	b, err := book.Load(s.manifest, book.Options{Cache: s.cache.Book})
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	out := map[string]any{}
	use, _ := strconv.Atoi(r.URL.Query().Get("use"))
	if it := findItem(b, id, use); it != nil {
		if err := s.previewOne(b, it, out); err != nil {
			fail(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
	} else {
		opt := publish.Options{OutDir: filepath.Join(s.preview, "book"), Edition: publish.Teacher, Formats: []publish.Format{"pdf", "web"}, Cache: s.cache}
		res, err := publish.Build(b, opt)
		if err != nil {
			fail(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		out["pages"] = res.Pages
		for _, f := range res.Files {
			rel, err := filepath.Rel(s.preview, f)
			if err != nil {
				continue
			}
			rel = filepath.ToSlash(rel)
			switch {
			case strings.HasSuffix(rel, ".pdf"):
				out["pdf"] = "/preview/" + rel
			case strings.HasSuffix(rel, "/index.html"):
				out["web"] = "/preview/" + rel
			}
		}
	}
	out["ms"] = time.Since(start).Milliseconds()
	writeJSON(w, http.StatusOK, out)
}

// findItem is the use-th use (from 0) of source id in the reader, or
// the first if there are fewer.
func findItem(b *book.Book, id string, use int) *book.Item {
	var found []*book.Item
	for _, it := range b.Items {
		if id != "" && it.Source.ID == id {
			found = append(found, it)
		}
	}
	switch {
	case len(found) == 0:
		return nil
	case use > 0 && use < len(found):
		return found[use]
	}
	return found[0]
}

// previewOne lays out one document as the reader prints it (its label,
// headnote, text, notes and questions, without the front matter and the
// other documents) and writes its PDF and web page.
func (s *Server) previewOne(b *book.Book, it *book.Item, out map[string]any) error {
	sub := *b
	sub.Intro, sub.Timeline = nil, false
	sub.Items, sub.Sources = []*book.Item{it}, []*book.Source{it.Source}
	sub.Parts = []*book.Part{{ID: "part1", Number: 1, Items: sub.Items}}
	preset, err := layouts.Get(b.Layout, b.PageSize)
	if err != nil {
		return err
	}
	preset.FrontMatter = false
	preset.TwoSided = false
	doc, err := pdf.Layout(&sub, preset, pdf.Options{Edition: "teacher", Cache: s.pdfCache, Workers: 1})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return err
	}
	site, err := epub.Site(&sub, epub.Options{Edition: "teacher", Pages: doc.PageMap(), Cache: s.epubCache, Workers: 1})
	if err != nil {
		return err
	}
	dir := filepath.Join(s.preview, "doc")
	files := map[string][]byte{"document.pdf": buf.Bytes()}
	for _, f := range site {
		files[filepath.FromSlash("web/"+f.Name)] = f.Data
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	out["pages"] = doc.PageCount()
	out["pdf"] = "/preview/doc/document.pdf"
	out["web"] = "/preview/doc/web/" + it.ID + ".html"
	return nil
}

func (s *Server) previewFile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	dir := s.preview
	s.mu.Unlock()
	if dir == "" {
		http.NotFound(w, r)
		return
	}
	http.StripPrefix("/preview/", http.FileServer(http.Dir(dir))).ServeHTTP(w, r)
}
