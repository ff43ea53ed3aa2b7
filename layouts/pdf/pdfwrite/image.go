package pdfwrite

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strconv"
)

// Image is an image XObject. JPEG files are passed through (DCTDecode,
// baseline or progressive; grey, RGB or CMYK, with Adobe's inverted
// CMYK undone by a Decode array); PNG files of every kind (palette, grey,
// 16-bit, interlaced, with alpha) are decoded and written as 8-bit
// samples, their alpha as a soft mask.
type Image struct {
	Name          string // resource name, e.g. "Im2"
	Width, Height int    // pixels
	jpeg          []byte
	cs            string
	decode        string
	pix           []byte // samples, one row after another
	alpha         []byte // nil when opaque
}

// AddImage reads a PNG or JPEG file and adds it to the resources.
func (d *Document) AddImage(data []byte) (*Image, error) {
	im, err := NewImage(data)
	if err != nil {
		return nil, err
	}
	im.Name = "Im" + strconv.Itoa(len(d.images)+1)
	d.images = append(d.images, im)
	return im, nil
}

// NewImage reads a PNG or JPEG file.
func NewImage(data []byte) (*Image, error) {
	if bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		im := &Image{Width: cfg.Width, Height: cfg.Height, jpeg: data}
		switch cfg.ColorModel {
		case color.GrayModel:
			im.cs = "/DeviceGray"
		case color.CMYKModel:
			im.cs = "/DeviceCMYK"
			if adobeInverted(data) {
				im.decode = " /Decode [1 0 1 0 1 0 1 0]"
			}
		default:
			im.cs = "/DeviceRGB"
		}
		return im, nil
	}
	src, err := png.Decode(bytes.NewReader(data))
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

// adobeInverted reports an Adobe APP14 marker, whose CMYK JPEGs store
// inverted samples.
func adobeInverted(data []byte) bool {
	for p := 2; p+4 <= len(data); {
		if data[p] != 0xff {
			return false
		}
		m := data[p+1]
		l := int(data[p+2])<<8 | int(data[p+3])
		if m == 0xee && p+4+5 <= len(data) && string(data[p+4:p+9]) == "Adobe" {
			return true
		}
		if m == 0xda { // start of scan: no more markers of interest
			return false
		}
		p += 2 + l
	}
	return false
}

func (im *Image) write(w *Writer) Ref {
	ref := w.Alloc()
	dict := fmt.Sprintf("<</Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8%s", im.Width, im.Height, im.cs, im.decode)
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
