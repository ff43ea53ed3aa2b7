package epub

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"sourcebook/book"
)

// image is a figure's picture, copied into the EPUB.
type image struct {
	file, id, mediaType string
	data                []byte
}

// imageSet holds the figures' images, each file once, named in order of
// first use so that the output does not depend on the input's paths.
type imageSet struct {
	byPath map[string]*image
	list   []*image
}

// add copies the image at src into the set and returns its path in the
// EPUB. book.Assemble has already resolved src to a usable path; a
// relative path that does not exist as given is also looked for beside
// the reader's manifest and the source that uses it.
func (s *imageSet) add(b *book.Book, srcDir, src string) (string, error) {
	src = strings.TrimSpace(src)
	if src == "" {
		return "", fmt.Errorf("a figure names no image file")
	}
	if strings.Contains(src, "://") || strings.HasPrefix(src, "data:") {
		return "", fmt.Errorf("the image %q is not a local file; e-books cannot load images from the web, so save it beside the reader and give its path", src)
	}
	p := filepath.FromSlash(src)
	candidates := []string{p}
	if !filepath.IsAbs(p) {
		if len(b.Inputs) > 0 && b.Inputs[0] != "" {
			candidates = append(candidates, filepath.Join(filepath.Dir(b.Inputs[0]), p))
		}
		if srcDir != "" {
			candidates = append(candidates, filepath.Join(srcDir, p))
		}
	}
	var path string
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
			path = c
			break
		}
	}
	if path == "" {
		return "", fmt.Errorf("the image %q was not found (looked for %s)", src, strings.Join(candidates, " and "))
	}
	key, err := filepath.Abs(path)
	if err != nil {
		key = filepath.Clean(path)
	}
	if im, ok := s.byPath[key]; ok {
		return im.file, nil
	}
	lim := b.Limits
	if lim.ImageBytes <= 0 {
		lim.ImageBytes = book.DefaultLimits().ImageBytes
	}
	data, err := book.ReadFile(path, lim.ImageBytes, "Limits.ImageBytes", "the image")
	if err != nil {
		return "", err
	}
	mt, ext := sniffImage(data)
	if mt == "" {
		return "", fmt.Errorf("the image %q is not a PNG, JPEG, GIF or SVG file (it looks like %s); e-book readers only display those, so convert it", src, http.DetectContentType(data))
	}
	// The same checks as book.Assemble's, for a book built in code: a
	// decompression bomb or an SVG that is not inert never reaches a
	// reading system.
	if err := book.CheckImage(data, src, lim); err != nil {
		return "", err
	}
	n := strconv.Itoa(len(s.list) + 1)
	im := &image{file: "images/fig-" + n + ext, id: "img-fig-" + n, mediaType: mt, data: data}
	s.byPath[key] = im
	s.list = append(s.list, im)
	return im.file, nil
}

// sniffImage finds an image's media type from its content, not its
// name: EPUB's core image types.
func sniffImage(data []byte) (mediaType, ext string) {
	switch http.DetectContentType(data) {
	case "image/png":
		return "image/png", ".png"
	case "image/jpeg":
		return "image/jpeg", ".jpg"
	case "image/gif":
		return "image/gif", ".gif"
	}
	head := data[:min(len(data), 1024)]
	if bytes.Contains(head, []byte("<svg")) {
		return "image/svg+xml", ".svg"
	}
	return "", ""
}
