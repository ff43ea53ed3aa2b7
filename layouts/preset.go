// Package layouts holds how a reader looks: named presets (page size,
// margins, type sizes, leading) as data, and the page map that the print
// renderer shares with the e-book renderer. The renderers themselves live
// in layouts/pdf and layouts/epub.
package layouts

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"sourcebook/layouts/presets"
)

// Preset is a named set of layout values. All lengths are in PostScript
// points (1/72 inch).
type Preset struct {
	Name        string  `yaml:"name"`
	Description string  `yaml:"description"`
	Margins     Margins `yaml:"margins"`
	// Body text.
	BodySize    float64 `yaml:"body_size"`
	Leading     float64 `yaml:"leading"`
	ParIndent   float64 `yaml:"par_indent"`
	ParSkip     float64 `yaml:"par_skip"`
	Justify     bool    `yaml:"justify"`
	Hyphenate   bool    `yaml:"hyphenate"`
	LineNumbers bool    `yaml:"line_numbers"`
	// Apparatus and display type.
	HeadnoteSize    float64 `yaml:"headnote_size"`
	HeadnoteLeading float64 `yaml:"headnote_leading"`
	NoteSize        float64 `yaml:"note_size"`
	NoteLeading     float64 `yaml:"note_leading"`
	TitleSize       float64 `yaml:"title_size"`
	H1Size          float64 `yaml:"h1_size"`
	H2Size          float64 `yaml:"h2_size"`
	H3Size          float64 `yaml:"h3_size"`
	HeadSize        float64 `yaml:"head_size"` // running head and folio
	FrontMatter     bool    `yaml:"front_matter"`
	TwoSided        bool    `yaml:"two_sided"`
	// NameLine prints a Name / Date / Class line at the top of a handout.
	NameLine bool `yaml:"name_line"`
	// Page sizes this preset supports, by name, as [width, height].
	Pages map[string][2]float64 `yaml:"pages"`

	// Chosen page size.
	PageName              string  `yaml:"-"`
	PageWidth, PageHeight float64 `yaml:"-"`
}

// Margins of a page; Inner is the binding side in two-sided printing.
type Margins struct {
	Top    float64 `yaml:"top"`
	Bottom float64 `yaml:"bottom"`
	Inner  float64 `yaml:"inner"`
	Outer  float64 `yaml:"outer"`
}

var presetsByName = map[string]Preset{}

// The presets are decoded from the files that package presets finds.
func init() {
	entries, err := fs.Glob(presets.FS, "*.yaml")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(presets.FS, e)
		if err != nil {
			panic(err)
		}
		var p Preset
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&p); err != nil {
			panic(fmt.Sprintf("layouts: preset %s: %v", e, err))
		}
		presetsByName[strings.ToLower(p.Name)] = p
	}
}

// Names lists the presets.
func Names() []string { return presets.Layouts() }

// Get returns the named preset for a page size ("letter" or "a4"); names
// are matched in any case.
func Get(name, page string) (Preset, error) {
	name, page = strings.ToLower(strings.TrimSpace(name)), strings.ToLower(strings.TrimSpace(page))
	p, ok := presetsByName[name]
	if !ok {
		return Preset{}, fmt.Errorf("no layout %q; choose one of %s", name, strings.Join(Names(), ", "))
	}
	if page == "" {
		page = "letter"
	}
	size, ok := p.Pages[page]
	if !ok {
		var sizes []string
		for s := range p.Pages {
			sizes = append(sizes, s)
		}
		sort.Strings(sizes)
		return Preset{}, fmt.Errorf("the layout %q has no page size %q; choose one of %s", name, page, strings.Join(sizes, ", "))
	}
	p.PageName, p.PageWidth, p.PageHeight = page, size[0], size[1]
	return p, nil
}

// Measure is the width of the text block.
func (p Preset) Measure() float64 { return p.PageWidth - p.Margins.Inner - p.Margins.Outer }
