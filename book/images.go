package book

import (
	"path/filepath"

	"sourcebook/book/input"
	"sourcebook/book/markup"
)

// resolveImages checks every figure in bs: the image must have alternative
// text (or be marked decorative), and its path must resolve inside the
// reader's folder or the library. Src is replaced by the resolved path so
// that the renderers read the same file.
func resolveImages(bs []markup.Block, file string, base string, allowed []string, ic *imageChecker, errs *Errors) {
	for i := range bs {
		b := &bs[i]
		switch b.Kind {
		case markup.Figure:
			img := b.Image
			if img.Alt == "" && !img.Decorative {
				errs.Add(file, b.Line, 0, "image", "the image %q has no description; write one between the brackets, ![A map of Kabul in 1989](%s), or give the title \"decorative\" if it carries no information", img.Src, img.Src)
				continue
			}
			p, err := input.Resolve(base, img.Src, allowed...)
			if err != nil {
				errs.Add(file, b.Line, 0, "image", "%v", err)
				continue
			}
			if err := ic.check(p, img.Src); err != nil {
				errs.Add(file, b.Line, 0, "image", "%v", err)
				continue
			}
			img.Src = filepath.Clean(p)
		case markup.Quote:
			resolveImages(b.Blocks, file, base, allowed, ic, errs)
		case markup.List:
			for _, it := range b.Items {
				resolveImages(it, file, base, allowed, ic, errs)
			}
		case markup.Definitions:
			for _, d := range b.Defs {
				for _, dd := range d.Defs {
					resolveImages(dd, file, base, allowed, ic, errs)
				}
			}
		}
	}
}

// imageChecker checks each image file once per book (ReadImage) and
// records it as an input.
type imageChecker struct {
	lim  Limits
	seen map[string]error
	log  *input.Log
	// calls counts the images checked: an item with images is not
	// kept between builds, since an image may change on its own.
	calls int
}

func (c *imageChecker) check(path, src string) error {
	c.calls++
	key := filepath.Clean(path)
	if err, ok := c.seen[key]; ok {
		return err
	}
	data, err := input.ReadImage(path, src, c.lim)
	if data != nil {
		c.log.Record(key, input.Digest(data))
	}
	c.seen[key] = err
	return err
}
