package importer

import (
	"bytes"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"sourcebook/book"
)

var (
	atxH1RE    = regexp.MustCompile(`^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	setextH1RE = regexp.MustCompile(`^ {0,3}=+[ \t]*$`)
	fenceRE    = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// importMarkdown reads a Markdown file. With front matter it is a source
// file already: it must pass book.ParseSource, except that fields still
// to be filled in (id, title, date, type, rights.status) may be missing;
// they are reported instead. Without front matter the first level-1
// heading is the title and the rest the text.
func importMarkdown(path, text string) (*Result, error) {
	if strings.HasPrefix(text, "---\n") {
		s, err := book.ParseSource(path, []byte(text))
		if err == nil {
			return &Result{Source: s}, nil
		}
		if ls := lenientSource(path, text); ls != nil && incomplete(ls) && valid(ls) {
			return &Result{Source: ls}, nil
		}
		return nil, err
	}
	s := &book.Source{File: path}
	lines := strings.Split(text, "\n")
	inFence := ""
	title := -1
	n := 1 // lines the heading takes
	for i, l := range lines {
		if m := fenceRE.FindStringSubmatch(l); m != nil {
			switch inFence {
			case "":
				inFence = m[1]
			case m[1]:
				inFence = ""
			}
			continue
		}
		if inFence != "" {
			continue
		}
		if m := atxH1RE.FindStringSubmatch(l); m != nil {
			s.Title, title = strings.TrimSpace(m[1]), i
			break
		}
		if i+1 < len(lines) && !blank(l) && setextH1RE.MatchString(lines[i+1]) && (i == 0 || blank(lines[i-1])) {
			s.Title, title, n = strings.TrimSpace(l), i, 2
			break
		}
	}
	if title >= 0 {
		lines = append(lines[:title:title], lines[title+n:]...)
	}
	body := strings.Join(lines, "\n")
	body = strings.TrimLeft(body, "\n")
	body = strings.TrimRight(body, " \t\n") + "\n"
	s.Body = body
	return &Result{Source: s}, nil
}

// lenientSource decodes front matter without book's validation, or
// returns nil if even that fails (unknown keys, a malformed date).
func lenientSource(path, text string) *book.Source {
	rest := text[len("---\n"):]
	var front, body string
	found := false
	for off := 0; off <= len(rest); {
		end := strings.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if end >= 0 {
			line = rest[off : off+end]
		}
		if t := strings.TrimRight(line, " \t"); t == "---" || t == "..." {
			front = rest[:off]
			if end >= 0 {
				body = rest[off+end+1:]
			}
			found = true
			break
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	if !found {
		return nil
	}
	s := &book.Source{}
	dec := yaml.NewDecoder(bytes.NewReader([]byte(front)))
	dec.KnownFields(true)
	if err := dec.Decode(s); err != nil {
		return nil
	}
	s.File, s.Body = path, body
	return s
}

// incomplete reports whether a required field is missing, the one kind of
// fault an import may leave for the teacher.
func incomplete(s *book.Source) bool {
	for _, f := range missing(s, nil) {
		if Required(f) {
			return true
		}
	}
	return false
}

// valid checks what is present the way book.ParseSource would.
func valid(s *book.Source) bool {
	if s.ID != "" && !idRE.MatchString(s.ID) {
		return false
	}
	for _, l := range []string{s.Language, s.OriginalLanguage} {
		if l != "" && !validLang(l) {
			return false
		}
	}
	if s.Rights.Status != "" {
		for _, st := range book.RightsStatuses {
			if s.Rights.Status == st {
				return true
			}
		}
		return false
	}
	return true
}
