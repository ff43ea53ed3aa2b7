package input

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"image"
	"io"
	"strings"
	"testing"

	"sourcebook/internal/fuzzcheck"
)

// inertSVG is an independent check that an SVG CheckSVG accepted can
// neither run nor load anything: it returns what it found, or "".
func inertSVG(data []byte, lim Limits) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	inStyle := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return ""
		}
		if err != nil {
			return "" // a browser shows nothing of a broken image
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := strings.ToLower(t.Name.Local)
			switch n {
			case "script", "foreignobject", "iframe", "object", "embed", "handler", "listener":
				return "element " + n
			}
			if t.Name.Space == "http://www.w3.org/1999/xhtml" {
				return "an XHTML element"
			}
			inStyle = n == "style"
			for _, a := range t.Attr {
				an := strings.ToLower(a.Name.Local)
				v := squeeze(a.Value)
				if strings.HasPrefix(an, "on") && a.Name.Space != "xmlns" {
					return "event attribute " + a.Name.Local
				}
				if strings.Contains(v, "javascript:") || strings.Contains(v, "vbscript:") {
					return "script URL in " + a.Name.Local
				}
				if an == "attributename" && (strings.HasSuffix(v, "href") || strings.HasPrefix(v, "on")) {
					return "animates " + v
				}
				if an == "href" || an == "src" {
					if v != "" && !strings.HasPrefix(v, "#") && !dataImageWithin(a.Value, lim) {
						return "reference " + a.Value
					}
				}
				if strings.Contains(strings.ReplaceAll(v, "url(#", ""), "url(") && !strings.Contains(v, `url("#`) && !strings.Contains(v, `url('#`) {
					return "url() in " + a.Name.Local
				}
			}
		case xml.CharData:
			if inStyle {
				v := squeeze(string(t))
				if strings.Contains(v, "@import") || strings.Contains(strings.ReplaceAll(v, "url(#", ""), "url(") {
					return "style sheet loads"
				}
			}
		case xml.EndElement:
			inStyle = false
		case xml.ProcInst:
			if t.Target != "xml" {
				return "processing instruction " + t.Target
			}
		}
	}
}

// dataImageWithin reports whether v is a base64 PNG, JPEG or GIF within
// the pixel cap.
func dataImageWithin(v string, lim Limits) bool {
	head, payload, ok := strings.Cut(strings.TrimSpace(v), ",")
	h := squeeze(head)
	if !ok || !strings.HasPrefix(h, "data:image/") || !strings.HasSuffix(h, ";base64") {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(payload), ""))
	if err != nil {
		return false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(raw))
	return err == nil && int64(cfg.Width)*int64(cfg.Height) <= lim.OrDefault().ImagePixels
}

// FuzzCheckSVG: CheckSVG never panics or hangs, and every SVG it accepts
// is inert by an independent check.
func FuzzCheckSVG(f *testing.F) {
	for _, s := range svgSeeds {
		f.Add([]byte(s))
	}
	lim := Limits{ImagePixels: 1_000_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.Count("FuzzCheckSVG")
		defer fuzzcheck.Watchdog(data)()
		if err := CheckSVG(data, "x.svg", lim); err != nil {
			return
		}
		if why := inertSVG(data, lim); why != "" {
			t.Fatalf("accepted an SVG that is not inert (%s):\n%s", why, data)
		}
	})
}

const tinyPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

var svgSeeds = []string{
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="url(#g)"/><defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs></svg>`,
	`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"><sodipodi:namedview inkscape:zoom="1"/><g inkscape:label="Layer 1"><use xlink:href="#p"/><path id="p" d="M0 0L1 1" style="stroke:#000"/></g></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="fill" from="red" to="blue" dur="1s"/></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,` + tinyPNG + `"/></svg>`,
	`<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:url(#g)}</style><text x="1">Hi &amp; bye</text></svg>`,
}
