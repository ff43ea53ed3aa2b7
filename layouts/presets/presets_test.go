package presets

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The layouts are exactly the preset files in this folder, by their
// names: a new file is a new layout with no Go change.
func TestLayoutsAreTheFiles(t *testing.T) {
	files, _ := filepath.Glob("*.yaml")
	var names []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var h head
		if err := yaml.Unmarshal(data, &h); err != nil {
			t.Fatal(err)
		}
		if h.Name+".yaml" != f {
			t.Errorf("%s is named %q inside; name the file after its preset", f, h.Name)
		}
		names = append(names, h.Name)
	}
	sort.Strings(names)
	if !reflect.DeepEqual(Layouts(), names) {
		t.Errorf("Layouts() = %v, files %v", Layouts(), names)
	}
	for _, s := range []string{"Large-Print", " reader ", "HANDOUT"} {
		if l, err := ParseLayout(s); err != nil || string(l) != strings.ToLower(strings.TrimSpace(s)) {
			t.Errorf("ParseLayout(%q) = %q, %v", s, l, err)
		}
	}
	if _, err := ParseLayout("poster"); err == nil || !strings.Contains(err.Error(), strings.Join(names, ", ")) {
		t.Errorf("an unknown layout: %v", err)
	}
	if p, err := ParsePageSize("A4"); err != nil || p != "a4" {
		t.Errorf("ParsePageSize(A4) = %q, %v", p, err)
	}
}
