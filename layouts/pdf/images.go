package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // register decoders for DecodeConfig
	_ "image/jpeg"
	"image/png"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"sourcebook/book"
)

// needsReencode reports whether fpdf cannot embed the image as it is:
// PNGs other than 8-bit non-interlaced grey, RGB or RGBA without a
// transparency chunk, CMYK JPEGs, and GIFs (set as their first frame).
func needsReencode(data []byte, format string, cfg image.Config) bool {
	if format == "jpeg" {
		return cfg.ColorModel == color.CMYKModel
	}
	if format != "png" || len(data) < 29 {
		return true
	}
	depth, ct, interlace := data[24], data[25], data[28]
	if depth != 8 || interlace != 0 || (ct != 0 && ct != 2 && ct != 6) {
		return true
	}
	return bytes.Contains(data, []byte("tRNS"))
}

// reencode writes decoded pixels as an 8-bit PNG: grey when the image is
// grey without alpha, RGB or RGBA otherwise.
func reencode(img image.Image) ([]byte, error) {
	b := img.Bounds()
	var out image.Image
	switch img.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		g := image.NewGray(b)
		draw.Draw(g, b, img, b.Min, draw.Src)
		out = g
	default:
		n := image.NewNRGBA(b)
		draw.Draw(n, b, img, b.Min, draw.Src)
		out = n
	}
	var buf bytes.Buffer
	err := png.Encode(&buf, out)
	return buf.Bytes(), err
}

// MaxImagePixels caps an image's size, so that a small file that decodes
// to a huge bitmap (a decompression bomb) is refused before it is read.
const MaxImagePixels = 50_000_000

type imageInfo struct {
	data  []byte
	kind  string // "PNG" or "JPG"
	w, h  float64
	added bool
}

// imageCache reads each image once and checks it before fpdf sees it.
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
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
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
	// Decode fully once to catch truncated files before fpdf does.
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the image is damaged or truncated (%v)", err)
	}
	kind := "PNG"
	if format == "jpeg" {
		kind = "JPG"
	}
	if needsReencode(data, format, cfg) {
		// fpdf takes only 8-bit, non-interlaced PNGs (and draws 16-bit
		// ones with alpha blank) and inverts some CMYK JPEGs: give it the
		// decoded pixels as a plain 8-bit PNG, alpha kept. The encoder is
		// deterministic, so the output stays reproducible.
		if data, err = reencode(img); err != nil {
			return nil, fmt.Errorf("the image cannot be converted for print (%v)", err)
		}
		kind = "PNG"
	}
	// fpdf's own reader must accept it too; failing here names the
	// image and its line, where failing in Write could not.
	trial := fpdf.New("P", "pt", "A4", "")
	trial.RegisterImageOptionsReader("x", fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(data))
	if err := trial.Error(); err != nil {
		return nil, fmt.Errorf("the image cannot be embedded in a PDF (%v)", err)
	}
	// Images are set at 150 dpi unless that makes them larger than the
	// space available, where they are scaled down.
	info := &imageInfo{data: data, kind: kind, w: float64(cfg.Width) * 72 / 150, h: float64(cfg.Height) * 72 / 150}
	c.m[path] = info
	return info, nil
}

func (c *imageCache) register(f *fpdf.Fpdf, name string) {
	info := c.m[name]
	if _, seen := c.m[name]; !seen {
		// Drawn by a chunk kept from an earlier build (see Cache).
		info, _ = c.get(name)
	}
	if info == nil || info.added {
		return
	}
	f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: info.kind}, bytes.NewReader(info.data))
	info.added = true
}
