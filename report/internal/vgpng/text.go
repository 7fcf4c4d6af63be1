package vgpng

import (
	"image"
	imgdraw "image/draw"
	"math"
	"sync"

	stdfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// FillString implements vg.Canvas: text from the glyph cache, upright or running
// upwards on whole pixels, and turned any other way through fillStringTurned.
func (c *Canvas) FillString(f font.Face, pt vg.Point, str string) {
	if f.Font.Size == 0 || f.Face == nil {
		return
	}
	up := false // the text runs upwards: rotated a quarter turn, as a y axis label
	x, y, ok := c.pixel(pt)
	if !ok {
		m := c.top().m
		const eps = 1e-9
		if up = math.Abs(m.xx) < eps && math.Abs(m.yy) < eps && math.Abs(m.xy+1) < eps && math.Abs(m.yx-1) < eps; up {
			s := c.dpi / 72
			x = (m.xy*float64(pt.Y) + m.x0) * s
			y = float64(c.pic.h) - (m.yx*float64(pt.X)+m.y0)*s
		}
	}
	if !ok && !up {
		c.fillStringTurned(f, pt, str)
		return
	}
	face := faceFor(f, c.dpi)
	t := c.pic.table(c.top().clr)
	// dot runs along the text, base across it; both in pixels on the picture.
	dot, base, dir := fixed.Int26_6(math.Round(x*64)), int(math.Round(y)), fixed.Int26_6(1)
	if up {
		dot, base, dir = fixed.Int26_6(math.Round(y*64)), int(math.Round(x)), -1
	}
	prev := rune(-1)
	for _, r := range str {
		if prev >= 0 && !Tabular(prev, r) {
			dot += dir * face.kern(prev, r)
		}
		g := face.glyph(r)
		switch {
		case g.mask == nil:
		case up:
			c.pic.mask(t, g.up, base, dot.Round())
		default:
			c.pic.mask(t, g.mask, dot.Round(), base)
		}
		dot += dir * g.advance
		prev = r
	}
}

// fillStringTurned draws text under any other transform: set upright in a mask, and
// each pixel of the picture it falls on takes the coverage of the nearest pixel of
// the mask.
func (c *Canvas) fillStringTurned(f font.Face, pt vg.Point, str string) {
	face := faceFor(f, c.dpi)
	// The upright text, with the dot at (0, 0) and y downwards, in pixels.
	var box image.Rectangle
	type placed struct {
		g  *cachedGlyph
		at int
	}
	var gs []placed
	dot, prev := fixed.Int26_6(0), rune(-1)
	for _, r := range str {
		if prev >= 0 && !Tabular(prev, r) {
			dot += face.kern(prev, r)
		}
		g := face.glyph(r)
		if g.mask != nil {
			gs = append(gs, placed{g, dot.Round()})
			box = box.Union(g.mask.Rect.Add(image.Pt(dot.Round(), 0)))
		}
		dot += g.advance
		prev = r
	}
	if box.Empty() || box.Dx()*box.Dy() > 1<<22 {
		return
	}
	text := image.NewAlpha(box)
	for _, p := range gs {
		imgdraw.Draw(text, p.g.mask.Rect.Add(image.Pt(p.at, 0)), p.g.mask, p.g.mask.Rect.Min, imgdraw.Over)
	}
	// A pixel (u, v) of the text is at o + u*eu + v*ev on the picture.
	px := vg.Length(72 / c.dpi)
	o := c.device(pt)
	eu, ev := c.device(vg.Point{X: pt.X + px, Y: pt.Y}), c.device(vg.Point{X: pt.X, Y: pt.Y - px})
	eu, ev = point{eu.x - o.x, eu.y - o.y}, point{ev.x - o.x, ev.y - o.y}
	det := eu.x*ev.y - eu.y*ev.x
	if !(math.Abs(det) > 1e-9) {
		return
	}
	lo, hi := point{math.Inf(1), math.Inf(1)}, point{math.Inf(-1), math.Inf(-1)}
	for _, corner := range [4]image.Point{box.Min, {box.Max.X, box.Min.Y}, {box.Min.X, box.Max.Y}, box.Max} {
		u, v := float64(corner.X), float64(corner.Y)
		q := point{o.x + u*eu.x + v*ev.x, o.y + u*eu.y + v*ev.y}
		lo, hi = point{math.Min(lo.x, q.x), math.Min(lo.y, q.y)}, point{math.Max(hi.x, q.x), math.Max(hi.y, q.y)}
	}
	t := c.pic.table(c.top().clr)
	for py := max(int(math.Floor(lo.y)), 0); py < min(int(math.Ceil(hi.y)), c.pic.h); py++ {
		row := c.pic.row(py)
		for px := max(int(math.Floor(lo.x)), 0); px < min(int(math.Ceil(hi.x)), c.pic.w); px++ {
			dx, dy := float64(px)+0.5-o.x, float64(py)+0.5-o.y
			u := int(math.Floor((dx*ev.y - dy*ev.x) / det))
			v := int(math.Floor((eu.x*dy - eu.y*dx) / det))
			if a := text.AlphaAt(u, v).A; a != 0 {
				row[px] = t.blend(levelOf(a), row[px])
			}
		}
	}
}

// glyphFace is a font face at one size with its glyphs rasterised once, at whole-pixel
// positions, for every dashboard of the program.
type glyphFace struct {
	mu     sync.RWMutex
	face   stdfont.Face // guarded by mu, for writing: a face is not safe to share
	glyphs map[rune]*cachedGlyph
	kerns  map[[2]rune]fixed.Int26_6
}

// cachedGlyph is one rasterised glyph: its mask (nil when it draws nothing), with
// bounds relative to the dot, the same turned a quarter turn anticlockwise for text
// that runs upwards, and the advance to the next glyph.
type cachedGlyph struct {
	mask, up *image.Alpha
	advance  fixed.Int26_6
}

type faceKey struct {
	font any // the parsed font, *opentype.Font
	size vg.Length
	dpi  float64
}

var (
	facesMu sync.Mutex
	faces   = map[faceKey]*glyphFace{}
)

// faceFor returns the cached face of f at dpi.
func faceFor(f font.Face, dpi float64) *glyphFace {
	key := faceKey{f.Face, f.Font.Size, dpi}
	facesMu.Lock()
	defer facesMu.Unlock()
	pf := faces[key]
	if pf == nil {
		pf = &glyphFace{face: f.FontFace(dpi), glyphs: map[rune]*cachedGlyph{}, kerns: map[[2]rune]fixed.Int26_6{}}
		faces[key] = pf
	}
	return pf
}

// faceMax is the most glyphs, and pairs' kernings, a face keeps: past it the cache
// starts again, so that text from files cannot grow it without bound.
const faceMax = 1 << 13

// glyph returns the glyph of r, rasterising it on first use.
func (f *glyphFace) glyph(r rune) *cachedGlyph {
	f.mu.RLock()
	g := f.glyphs[r]
	f.mu.RUnlock()
	if g != nil {
		return g
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if g = f.glyphs[r]; g != nil {
		return g
	}
	g = &cachedGlyph{}
	dr, mask, mp, adv, ok := f.face.Glyph(fixed.Point26_6{}, r)
	if ok {
		g.advance = adv
		if !dr.Empty() {
			// The face reuses its mask: keep a copy.
			m := image.NewAlpha(image.Rectangle{Min: dr.Min, Max: dr.Max})
			imgdraw.Draw(m, dr, mask, mp, imgdraw.Src)
			// Coverage in blendSteps steps: text in a drawing colour on white
			// is then in the palette exactly, and the same few shades repeat,
			// which makes text (half the bytes of a dashboard) a sixth cheaper.
			for i, a := range m.Pix {
				m.Pix[i] = levelStep(a)
			}
			// Turned, the pixel right of the dot by gx and below it by gy goes
			// above it by gx+1 and right of it by gy.
			up := image.NewAlpha(image.Rect(dr.Min.Y, -dr.Max.X, dr.Max.Y, -dr.Min.X))
			for gy := dr.Min.Y; gy < dr.Max.Y; gy++ {
				for gx := dr.Min.X; gx < dr.Max.X; gx++ {
					up.Pix[up.PixOffset(gy, -gx-1)] = m.Pix[m.PixOffset(gx, gy)]
				}
			}
			g.mask, g.up = m, up
		}
	} else if adv, ok := f.face.GlyphAdvance(r); ok {
		g.advance = adv
	}
	if len(f.glyphs) >= faceMax {
		clear(f.glyphs) // text from files can hold any of a million runes
	}
	f.glyphs[r] = g
	return g
}

// Tabular reports whether a and b are two digits, which are set without kerning
// between them: Liberation Sans pulls "11" 2 px together at the dashboards' size, so
// that 115 read as "11 5" on an axis; numbers in columns and on axes want even figures.
func Tabular(a, b rune) bool {
	return '0' <= a && a <= '9' && '0' <= b && b <= '9'
}

// kern returns the kerning between a and b.
func (f *glyphFace) kern(a, b rune) fixed.Int26_6 {
	k := [2]rune{a, b}
	f.mu.RLock()
	v, ok := f.kerns[k]
	f.mu.RUnlock()
	if ok {
		return v
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v = f.face.Kern(a, b)
	if len(f.kerns) >= faceMax {
		clear(f.kerns)
	}
	f.kerns[k] = v
	return v
}

// levelStep rounds a coverage to the nearest of blendSteps+1 levels from 0 to 255.
func levelStep(a uint8) uint8 {
	q := (int(a)*blendSteps + 127) / 255
	return uint8((q*255 + blendSteps/2) / blendSteps)
}
