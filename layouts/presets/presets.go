// Package presets holds the layout presets, one YAML file each, and is the
// one place that knows their names and page sizes: a new preset file is a
// new layout, with no Go change. It imports nothing of the program, so
// that the manifest's validation (book) and the renderers (layouts) can
// both use it.
package presets

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// FS is the preset files, named NAME.yaml.
var FS fs.FS = files

// Layout is the name of a layout preset, as parsed by ParseLayout.
type Layout string

// PageSize is a page size named by a preset, as parsed by ParsePageSize.
type PageSize string

// Default layout and page size when the manifest names none.
const (
	DefaultLayout   Layout   = "reader"
	DefaultPageSize PageSize = "letter"
)

type head struct {
	Name  string                `yaml:"name"`
	Pages map[string][2]float64 `yaml:"pages"`
}

var (
	layouts []string
	sizes   []string
)

func init() {
	entries, err := fs.Glob(files, "*.yaml")
	if err != nil {
		panic(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		data, err := files.ReadFile(e)
		if err != nil {
			panic(err)
		}
		var h head
		if err := yaml.Unmarshal(data, &h); err != nil {
			panic(fmt.Sprintf("presets: %s: %v", e, err))
		}
		layouts = append(layouts, strings.ToLower(h.Name))
		for s := range h.Pages {
			if !seen[strings.ToLower(s)] {
				seen[strings.ToLower(s)] = true
				sizes = append(sizes, strings.ToLower(s))
			}
		}
	}
	sort.Strings(layouts)
	sort.Strings(sizes)
}

// Layouts lists the presets' names, sorted.
func Layouts() []string { return append([]string(nil), layouts...) }

// PageSizes lists every page size some preset supports, sorted.
func PageSizes() []string { return append([]string(nil), sizes...) }

// ParseLayout checks a layout name, in any case.
func ParseLayout(s string) (Layout, error) {
	v, err := oneOf(s, layouts)
	return Layout(v), err
}

// ParsePageSize checks a page size name, in any case.
func ParsePageSize(s string) (PageSize, error) {
	v, err := oneOf(s, sizes)
	return PageSize(v), err
}

func oneOf(s string, allowed []string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	for _, a := range allowed {
		if a == v {
			return v, nil
		}
	}
	return "", fmt.Errorf("%q is not one of %s", s, strings.Join(allowed, ", "))
}
