package input

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Resolve turns a path written in a manifest into a file path, refusing
// anything that would leave the allowed folders: absolute paths, "../"
// escapes and symbolic links that point outside. Readers are often shared
// between teachers, so a manifest must not be able to read arbitrary files.
func Resolve(base string, rel string, allowed ...string) (string, error) {
	if rel == "" {
		return "", fmt.Errorf("the path is empty")
	}
	if filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.HasPrefix(rel, `\`) || filepath.VolumeName(rel) != "" {
		return "", fmt.Errorf("%q is an absolute path; give a path relative to the reader's folder", rel)
	}
	if strings.Contains(rel, "://") {
		return "", fmt.Errorf("%q is a web address; Sourcebook never downloads at build time, so save the file in the reader's folder and give its name", rel)
	}
	if m := schemeRE.FindString(rel); m != "" {
		return "", fmt.Errorf("%q is a %s URL, not a file; save the file in the reader's folder and give its name", rel, strings.ToLower(m))
	}
	p := filepath.Join(base, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		if os.IsNotExist(err) {
			return "", fmt.Errorf("%q does not exist (looked for %s)", rel, p)
		}
		return "", fmt.Errorf("%q cannot be read: %v", rel, UnwrapPathError(err))
	}
	roots := append([]string{base}, allowed...)
	for _, root := range roots {
		r, err := filepath.EvalSymlinks(root)
		if err != nil {
			continue
		}
		if within(r, real) {
			return p, nil
		}
	}
	if real != filepath.Clean(p) {
		return "", fmt.Errorf("%q is a link to %s, outside the reader's folder and library; copy the file in instead", rel, real)
	}
	return "", fmt.Errorf("%q is outside the reader's folder and library; move the file into the reader's folder", rel)
}

// schemeRE matches a URL scheme such as data: or file: (two letters at
// least, so that a Windows drive letter is not one).
var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]+:`)

func within(root, p string) bool {
	root, _ = filepath.Abs(root)
	p, _ = filepath.Abs(p)
	if root == p {
		return true
	}
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
