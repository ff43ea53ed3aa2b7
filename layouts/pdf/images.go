package pdf

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // register decoders for DecodeConfig
	_ "image/png"
	"os"
	"sync"
)

// MaxImagePixels caps an image's size, so that a small file that decodes
// to a huge bitmap (a decompression bomb) is refused before it is read.
const MaxImagePixels = 50_000_000

type imageInfo struct {
	data []byte
	kind string // "PNG" or "JPG"
	w, h float64
}

// imageCache reads each image once and checks it before it is embedded.
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
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the image: %v", err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the image is not a readable PNG or JPEG (%v)", err)
	}
	limit := c.maxPixels
	if limit <= 0 {
		limit = MaxImagePixels
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > limit {
		return nil, fmt.Errorf("the image is %d×%d pixels, more than the limit of %d pixels (Limits.ImagePixels); scale it down", cfg.Width, cfg.Height, limit)
	}
	// Decode fully once to catch truncated files before writing.
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("the image is damaged or truncated (%v)", err)
	}
	kind := "PNG"
	if format == "jpeg" {
		kind = "JPG"
	}
	// Images are set at 150 dpi unless that makes them larger than the
	// space available, where they are scaled down.
	info := &imageInfo{data: data, kind: kind, w: float64(cfg.Width) * 72 / 150, h: float64(cfg.Height) * 72 / 150}
	c.m[path] = info
	return info, nil
}
