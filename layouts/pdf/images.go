package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // register decoders for DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"sync"

	"sourcebook/book"
	"sourcebook/layouts/pdf/pdfwrite"
)

// MaxImagePixels caps an image's size, so that a small file that decodes
// to a huge bitmap (a decompression bomb) is refused before it is read.
const MaxImagePixels = 50_000_000

type imageInfo struct {
	img  *pdfwrite.Image
	w, h float64
}

// imageCache reads each image once and checks it while the book is laid
// out, so that a bad image names itself and its line.
type imageCache struct {
	mu        sync.Mutex // chunks are set in parallel
	m         map[string]*imageInfo
	maxPixels int64 // book.Limits.ImagePixels; MaxImagePixels when 0
}

func (c *imageCache) get(path string) (*imageInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*imageInfo{}
	}
	if info, ok := c.m[path]; ok {
		if info == nil {
			return nil, fmt.Errorf("the image cannot be used")
		}
		return info, nil
	}
	c.m[path] = nil
	// Through book's reader: a regular file within the size cap.
	data, err := book.ReadFile(path, book.DefaultLimits().ImageBytes, "Limits.ImageBytes", "the image")
	if err != nil {
		if e, ok := err.(*book.Error); ok {
			return nil, errors.New(e.Msg)
		}
		return nil, err
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the image is not a readable PNG, JPEG or GIF (%v)", err)
	}
	limit := c.maxPixels
	if limit <= 0 {
		limit = MaxImagePixels
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > limit {
		return nil, fmt.Errorf("the image is %d×%d pixels, more than the limit of %d pixels (Limits.ImagePixels); scale it down", cfg.Width, cfg.Height, limit)
	}
	// Decode fully once to catch truncated files now: every PNG kind
	// (16-bit, interlaced, palette with transparency), JPEG (passed
	// through, CMYK included) and GIF (its first frame).
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("the image is damaged or truncated (%v)", err)
	}
	img, err := pdfwrite.NewImage(data)
	if err != nil {
		return nil, fmt.Errorf("the image cannot be embedded in a PDF (%v)", err)
	}
	// Images are set at 150 dpi unless that makes them larger than the
	// space available, where they are scaled down.
	info := &imageInfo{img: img, w: float64(cfg.Width) * 72 / 150, h: float64(cfg.Height) * 72 / 150}
	c.m[path] = info
	return info, nil
}
