package input

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// SVG namespaces.
const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
	xmlNS   = "http://www.w3.org/XML/1998/namespace"
)

// svgElements are the SVG elements an image may use: shapes, text,
// paint servers, filters and declarative animation. Anything else
// (script, foreignObject, iframe, an HTML element, a future element) is
// refused: an allow-list stays safe when browsers add features.
var svgElements = set(`svg g defs desc title metadata symbol use image switch view
	path rect circle ellipse line polyline polygon text tspan textPath tref
	clipPath mask pattern marker linearGradient radialGradient stop style a
	filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
	feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA
	feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology
	feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
	animate animateTransform animateMotion animateColor set mpath`)

// svgAnimations are the elements that change another attribute over
// time; which attribute they change is checked.
var svgAnimations = set(`animate animateTransform animateMotion animateColor set`)

// svgAttributes are the attributes without a namespace an SVG element may
// carry: geometry, presentation and animation timing. Event handlers
// (on…) are not among them.
var svgAttributes = set(`id class style lang tabindex role focusable target
	x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength
	viewBox preserveAspectRatio version baseProfile zoomAndPan href
	gradientUnits gradientTransform spreadMethod offset patternUnits
	patternContentUnits patternTransform clipPathUnits maskUnits
	maskContentUnits markerUnits markerWidth markerHeight refX refY orient
	dx dy rotate textLength lengthAdjust startOffset method spacing side
	filterUnits primitiveUnits filterRes in in2 result stdDeviation edgeMode mode
	operator k1 k2 k3 k4 values type tableValues slope intercept amplitude
	exponent order kernelMatrix divisor bias targetX targetY kernelUnitLength
	preserveAlpha surfaceScale diffuseConstant specularConstant
	specularExponent scale xChannelSelector yChannelSelector azimuth
	elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle
	baseFrequency numOctaves seed stitchTiles radius requiredFeatures
	requiredExtensions systemLanguage externalResourcesRequired
	attributeName attributeType begin dur end min max restart repeatCount
	repeatDur calcMode keyTimes keySplines from to by additive accumulate
	path keyPoints
	alignment-baseline baseline-shift clip clip-path clip-rule color
	color-interpolation color-interpolation-filters color-profile
	color-rendering direction display dominant-baseline enable-background
	fill fill-opacity fill-rule filter flood-color flood-opacity font
	font-family font-size font-size-adjust font-stretch font-style
	font-variant font-weight glyph-orientation-horizontal
	glyph-orientation-vertical image-rendering kerning letter-spacing
	lighting-color marker marker-end marker-mid marker-start mask opacity
	overflow paint-order pointer-events shape-rendering stop-color
	stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap
	stroke-linejoin stroke-miterlimit stroke-opacity stroke-width text-anchor
	text-decoration text-rendering transform transform-origin unicode-bidi
	vector-effect visibility word-spacing writing-mode mix-blend-mode
	isolation`)

// editorNamespaces are the vocabularies drawing programs write into their
// SVG files (Inkscape, Illustrator, Sketch, RDF metadata): reading
// systems ignore them, so their elements and attributes are allowed.
var editorNamespaces = []string{
	"http://www.inkscape.org/namespaces/inkscape",
	"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"http://creativecommons.org/ns#",
	"http://web.resource.org/cc/",
	"http://purl.org/dc/elements/1.1/",
	"http://purl.org/dc/terms/",
	"http://www.bohemiancoding.com/sketch/ns",
	"http://www.serif.com/",
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func editorNS(ns string) bool {
	if strings.HasPrefix(ns, "http://ns.adobe.com/") || strings.HasPrefix(ns, "&ns_") {
		return true
	}
	for _, e := range editorNamespaces {
		if ns == e {
			return true
		}
	}
	return false
}

// CheckSVG refuses an SVG that could run code or load anything when an
// e-reader displays it. Elements and attributes are checked against an
// allow-list; animation may not change a link or an event handler;
// references may only point into the image itself, or be a PNG, JPEG or
// GIF carried inside it as a data: URL, which is held to the same pixel
// cap as any image. encoding/xml expands no external entities, so reading
// it is safe; a DOCTYPE declaring entities is refused.
func CheckSVG(data []byte, src string, lim Limits) error {
	lim = lim.OrDefault()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Entity = xml.HTMLEntity
	bad := func(format string, args ...any) error {
		return fmt.Errorf("the SVG image %q %s; remove it or export the image as PNG", src, fmt.Sprintf(format, args...))
	}
	var stack []string
	sawRoot := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !sawRoot {
				return fmt.Errorf("the SVG image %q has no <svg> element", src)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("the SVG image %q is not well-formed XML (%v); export it again", src, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			switch {
			case t.Name.Space == "" || t.Name.Space == svgNS:
				if !svgElements[name] {
					return bad("contains <%s>, which e-books must not run or embed", name)
				}
			case editorNS(t.Name.Space):
			default:
				return bad("contains <%s> from the vocabulary %q, which e-books may run or embed", name, t.Name.Space)
			}
			if !sawRoot && name != "svg" {
				return fmt.Errorf("the SVG image %q does not start with an <svg> element", src)
			}
			sawRoot = true
			stack = append(stack, name)
			if err := checkSVGAttrs(t, src, lim, bad); err != nil {
				return err
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "style" {
				if msg := unsafeCSS(string(t)); msg != "" {
					return bad("has a style sheet that %s", msg)
				}
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				return bad("has the instruction <?%s?>, which may load a style sheet", t.Target)
			}
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				return fmt.Errorf("the SVG image %q declares entities; export it again without a DOCTYPE", src)
			}
		}
	}
}

func checkSVGAttrs(t xml.StartElement, src string, lim Limits, bad func(string, ...any) error) error {
	animation := (t.Name.Space == "" || t.Name.Space == svgNS) && svgAnimations[t.Name.Local]
	for _, a := range t.Attr {
		name, space := a.Name.Local, a.Name.Space
		switch {
		case space == "xmlns" || space == "" && name == "xmlns":
			continue // a namespace declaration
		case space == "" || space == svgNS:
			if strings.HasPrefix(strings.ToLower(name), "on") {
				return bad("has an event handler (%s=)", name)
			}
			if !svgAttributes[name] && !strings.HasPrefix(name, "data-") && !strings.HasPrefix(name, "aria-") {
				return bad("has the attribute %s=, which is not a drawing attribute", name)
			}
		case space == xlinkNS || space == "xlink":
			switch name {
			case "href", "title", "type", "role", "arcrole":
			default:
				return bad("has the attribute xlink:%s=", name)
			}
		case space == xmlNS || space == "xml":
			if name != "space" && name != "lang" {
				return bad("has the attribute xml:%s=", name)
			}
		case editorNS(space):
			if l := strings.ToLower(name); strings.HasPrefix(l, "on") || l == "href" || l == "src" {
				return bad("has the attribute %s=", name)
			}
			continue
		default:
			return bad("has the attribute %s= from the vocabulary %q", name, space)
		}
		v := a.Value
		if name == "href" {
			if err := checkSVGRef(v, src, lim, bad); err != nil {
				return err
			}
			continue
		}
		if animation && name == "attributeName" {
			// Both the name as written and its local part: whatever a
			// browser takes it to mean, it must not be a link, a style or
			// an event handler.
			full := squeeze(v)
			_, local, _ := strings.Cut(full, ":")
			for _, target := range []string{full, local} {
				if target == "href" || target == "src" || target == "style" || strings.HasPrefix(target, "on") || strings.HasSuffix(target, ":href") {
					return bad("animates the attribute %q, which could make it a link or a script", v)
				}
			}
		}
		if name == "style" {
			if msg := unsafeCSS(v); msg != "" {
				return bad("has a style that %s", msg)
			}
			continue
		}
		if msg := unsafeValue(v); msg != "" {
			return bad("has %s=%q, which %s", name, v, msg)
		}
	}
	return nil
}

// squeeze lower-cases s and drops white space and control characters,
// which browsers ignore inside a URL scheme.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// unsafeValue says why an attribute value could load or run something,
// or returns "".
func unsafeValue(v string) string {
	s := squeeze(v)
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.Contains(s, scheme) {
			return "names a " + strings.TrimSuffix(scheme, ":") + " URL"
		}
	}
	for rest := s; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return ""
		}
		rest = strings.TrimLeft(rest[i+4:], `"'`)
		if !strings.HasPrefix(rest, "#") {
			return "loads a resource from outside the image"
		}
	}
}

// unsafeCSS says why CSS could load something, or returns "".
func unsafeCSS(css string) string {
	if strings.Contains(css, `\`) {
		return "uses escapes, which could hide a reference"
	}
	s := squeeze(css)
	switch {
	case strings.Contains(s, "@import"):
		return "imports another style sheet"
	case strings.Contains(s, "expression("), strings.Contains(s, "behavior:"), strings.Contains(s, "-moz-binding"):
		return "runs code"
	}
	if msg := unsafeValue(s); msg != "" {
		return msg
	}
	return ""
}

// checkSVGRef allows a reference to a fragment of the image itself or a
// raster image carried inside it, which is checked like any image.
func checkSVGRef(v, src string, lim Limits, bad func(string, ...any) error) error {
	s := strings.TrimSpace(v)
	if s == "" || strings.HasPrefix(s, "#") {
		return nil
	}
	head, payload, ok := strings.Cut(s, ",")
	h := squeeze(head)
	if ok && strings.HasSuffix(h, ";base64") {
		switch strings.TrimSuffix(h, ";base64") {
		case "data:image/png", "data:image/jpeg", "data:image/jpg", "data:image/gif":
			if int64(len(payload)) > lim.ImageBytes*4/3+4 {
				return fmt.Errorf("the SVG image %q carries a picture larger than %s (Limits.ImageBytes); save it at a smaller size", src, Megabytes(lim.ImageBytes))
			}
			raw, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, payload))
			if err != nil {
				return bad("carries a picture that cannot be decoded (%v)", err)
			}
			return checkRaster(raw, src+" (a picture inside it)", lim)
		}
	}
	short := s
	if len(short) > 60 {
		short = short[:60] + "…"
	}
	return fmt.Errorf("the SVG image %q refers to %q; an image must be self-contained, so embed the picture or export the image as PNG", src, short)
}
