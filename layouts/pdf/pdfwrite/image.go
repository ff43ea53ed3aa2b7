package pdfwrite

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // GIF (first frame), decoded like PNG
	"image/jpeg"
	_ "image/png"
	"io"
	"strconv"
)

// Image is an image XObject. Grey and colour JPEG files are passed
// through (DCTDecode, baseline or progressive); CMYK JPEGs are decoded
// (Adobe's inverted samples included) and written as RGB; PNG files of
// every kind (palette, grey, 16-bit, interlaced, with alpha) and GIFs are
// decoded and written as 8-bit samples, their alpha as a soft mask.
type Image struct {
	Name          string // resource name, e.g. "Im2"
	Width, Height int    // pixels
	jpeg          []byte
	cs            string
	pix           []byte // samples, one row after another
	alpha         []byte // nil when opaque
}

// AddImage reads a PNG, JPEG or GIF file and adds it to the resources.
func (d *Document) AddImage(data []byte) (*Image, error) {
	im, err := NewImage(data)
	if err != nil {
		return nil, err
	}
	return d.UseImage(im), nil
}

// UseImage adds an image read earlier (NewImage) to the resources, under
// a resource name of this document's, and returns its copy.
func (d *Document) UseImage(im *Image) *Image {
	c := *im
	c.Name = "Im" + strconv.Itoa(len(d.images)+1)
	d.images = append(d.images, &c)
	return &c
}

// NewImage reads a PNG or JPEG file.
func NewImage(data []byte) (*Image, error) {
	if bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		switch cfg.ColorModel {
		case color.GrayModel:
			return &Image{Width: cfg.Width, Height: cfg.Height, jpeg: data, cs: "/DeviceGray"}, nil
		case color.CMYKModel:
			// CMYK and YCCK JPEGs (Adobe's, stored inverted) are decoded
			// and written as RGB: viewers convert DeviceCMYK each their
			// own way (poppler's differs from browsers' by a visible
			// shade), and the EPUB shows the RGB a browser computes.
		default:
			return &Image{Width: cfg.Width, Height: cfg.Height, jpeg: data, cs: "/DeviceRGB"}, nil
		}
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	im := &Image{Width: b.Dx(), Height: b.Dy()}
	gray := false
	switch src.(type) {
	case *image.Gray, *image.Gray16:
		gray = true
	}
	n := im.Width * im.Height
	alpha := make([]byte, n)
	opaque := true
	if gray {
		im.cs = "/DeviceGray"
		im.pix = make([]byte, 0, n)
	} else {
		im.cs = "/DeviceRGB"
		im.pix = make([]byte, 0, 3*n)
	}
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			// Non-premultiplied colour, so that the soft mask does the
			// blending.
			c := color.NRGBA64Model.Convert(src.At(x, y)).(color.NRGBA64)
			if gray {
				im.pix = append(im.pix, byte(c.R>>8))
			} else {
				im.pix = append(im.pix, byte(c.R>>8), byte(c.G>>8), byte(c.B>>8))
			}
			alpha[i] = byte(c.A >> 8)
			if c.A != 0xffff {
				opaque = false
			}
			i++
		}
	}
	if !opaque {
		im.alpha = alpha
	}
	return im, nil
}

func (im *Image) write(w *Writer) Ref {
	ref := w.Alloc()
	dict := fmt.Sprintf("<</Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8", im.Width, im.Height, im.cs)
	if im.jpeg != nil {
		w.RawStream(ref, dict+">>", im.jpeg, "DCTDecode")
		return ref
	}
	if im.alpha != nil {
		mask := w.Alloc()
		a := im.alpha
		w.Stream(mask, fmt.Sprintf("<</Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8>>", im.Width, im.Height),
			func(o io.Writer) { o.Write(a) })
		dict += " /SMask " + mask.String()
	}
	pix := im.pix
	w.Stream(ref, dict+">>", func(o io.Writer) { o.Write(pix) })
	return ref
}
