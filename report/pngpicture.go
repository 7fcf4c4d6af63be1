package report

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"sync"

	"github.com/golang/freetype/raster"
)

// A dashboard is drawn straight in palette indices, a byte a pixel, rather than in
// RGBA to be reduced to a palette afterwards: finding the colours of 1.6 million
// RGBA pixels, choosing a palette and mapping every pixel to it cost as much as
// drawing the picture. Every shape is drawn at coverages of pngBlendSteps levels, so
// that a colour drawn on white is one of pngBase whatever its shape, and a blend of
// a colour over what is underneath is looked up, once per colour, level and index
// underneath, in a table (pngInkTable). The palette takes the colours as they come,
// up to pngColours (index says which may take the last places); a colour that comes
// after is drawn in the nearest.

// pngPicture is a paletted picture being drawn.
type pngPicture struct {
	w, h int
	// pix is the PNG image data at 8 bits an index: h rows of 1+w bytes, each a
	// filter byte (0, none) and then the row's palette indices.
	pix  []uint8
	pal  []color.RGBA     // at most pngColours colours
	keys map[uint32]uint8 // colour key (pngKey) -> index in pal
	// approx maps a colour left out of pal to the index of the nearest in it.
	approx map[uint32]uint8
	inks   map[pngInk]*pngInkTable
	ras    *raster.Rasterizer // of w x h, kept with the picture for reuse
	near   *pngNearest        // the nearest colour of pal, made when first needed
}

// pngInk is a drawing colour, premultiplied, 16 bits a channel, as color.Color's
// RGBA method gives it.
type pngInk struct{ r, g, b, a uint32 }

// pngInkTable is an ink and, for each coverage level and index underneath, the
// index of the blend of the ink over it: 0 is not yet known, otherwise the index
// plus 1.
type pngInkTable struct {
	pic *pngPicture // whose palette the indices are of
	ink pngInk
	idx [pngBlendSteps + 1][256]uint16
}

// pngLevelAlpha is the coverage, out of 255, of each level from 0 to pngBlendSteps:
// the values pngStep rounds to.
var pngLevelAlpha = func() (a [pngBlendSteps + 1]uint32) {
	for q := range a {
		a[q] = uint32((q*255 + pngBlendSteps/2) / pngBlendSteps)
	}
	return a
}()

// pngLevel returns the level of a coverage out of 255.
func pngLevel(a uint8) int { return int(pngLevels[a]) }

// pngLevels holds pngLevel of each coverage.
var pngLevels = func() (l [256]uint8) {
	for a := range l {
		l[a] = uint8((a*pngBlendSteps + 127) / 255)
	}
	return l
}()

// pngLevel16 returns the level of a coverage out of 0xFFFF.
func pngLevel16(a uint32) int { return int((a*pngBlendSteps + 0x7FFF) / 0xFFFF) }

// pngKey is the key of an opaque colour in pngPicture.keys.
func pngKey(c color.RGBA) uint32 { return uint32(c.B)<<16 | uint32(c.G)<<8 | uint32(c.R) }

var pngPictures = sync.Pool{New: func() any { return new(pngPicture) }}

// newPNGPicture returns a white picture of w x h pixels, its palette begun with
// pngBase; free gives it back for reuse.
func newPNGPicture(w, h int) *pngPicture {
	p := pngPictures.Get().(*pngPicture)
	if p.w != w || p.h != h {
		p.ras = nil
	}
	p.w, p.h = w, h
	n := h * (w + 1)
	if cap(p.pix) < n {
		p.pix = make([]uint8, n)
	}
	p.pix = p.pix[:n]
	clear(p.pix) // filter bytes 0, and every pixel index 0: white, pngBase's first
	p.pal = p.pal[:0]
	if p.keys == nil {
		p.keys = make(map[uint32]uint8, 256)
	}
	clear(p.keys)
	if p.approx == nil || len(p.approx) > 4096 {
		p.approx = map[uint32]uint8{} // clear would keep a big map's memory
	}
	clear(p.approx)
	for _, c := range pngBase {
		if _, ok := p.keys[pngKey(c)]; !ok {
			p.keys[pngKey(c)] = uint8(len(p.pal))
			p.pal = append(p.pal, c)
		}
	}
	if p.inks == nil || len(p.inks) > 64 {
		p.inks = map[pngInk]*pngInkTable{}
	}
	for _, t := range p.inks {
		clear(t.idx[:])
	}
	p.near = nil
	return p
}

// free gives p back for reuse; p must not be used after.
func (p *pngPicture) free() { pngPictures.Put(p) }

// row returns the indices of row y.
func (p *pngPicture) row(y int) []uint8 { return p.pix[y*(p.w+1)+1:][:p.w] }

// table returns the blend table of the colour c.
func (p *pngPicture) table(c color.Color) *pngInkTable {
	r, g, b, a := c.RGBA()
	k := pngInk{r, g, b, a}
	t := p.inks[k]
	if t == nil {
		t = &pngInkTable{pic: p, ink: k}
		p.inks[k] = t
	}
	return t
}

// blend returns the index of t's ink drawn at level q over the colour of index d.
// The loops that draw most pixels read t.idx themselves and call learn for a
// blend not yet there: blend is a little too big to be inlined.
func (t *pngInkTable) blend(q int, d uint8) uint8 {
	if e := t.idx[q][d]; e != 0 {
		return uint8(e - 1)
	}
	return t.learn(q, d)
}

// learn makes the blend of t's ink at level q over index d and puts it in t.
func (t *pngInkTable) learn(q int, d uint8) uint8 {
	i := t.pic.index(pngMix(t.ink, q, t.pic.pal[d]), q == pngBlendSteps)
	t.idx[q][d] = uint16(i) + 1
	return i
}

// pngMix returns ink k drawn at level q over the colour under, as image/draw draws a
// glyph.
func pngMix(k pngInk, q int, under color.RGBA) color.RGBA {
	const m = 1<<16 - 1
	ma := pngLevelAlpha[q] * 0x101
	a := (m - (k.a * ma / m)) * 0x101
	return color.RGBA{
		uint8((uint32(under.R)*a + k.r*ma) / m >> 8),
		uint8((uint32(under.G)*a + k.g*ma) / m >> 8),
		uint8((uint32(under.B)*a + k.b*ma) / m >> 8),
		0xFF,
	}
}

// index returns the palette index of c, adding c while there is room, else the
// index of the nearest colour. A colour that covers whole pixels (full), the inside
// of a shape, may take the last pngPictureReserve places; an anti-aliased edge may
// not, so that the edges of the first shapes drawn never leave a later shape's
// inside in a colour not its own.
func (p *pngPicture) index(c color.RGBA, full bool) uint8 {
	k := pngKey(c)
	if i, ok := p.keys[k]; ok {
		return i
	}
	if room := pngColours - len(p.pal); room > pngPictureReserve || full && room > 0 {
		i := uint8(len(p.pal))
		p.pal = append(p.pal, c)
		p.keys[k] = i
		delete(p.approx, k)
		return i
	}
	if i, ok := p.approx[k]; ok {
		return i
	}
	if p.near == nil || len(p.near.pal) != len(p.pal) {
		p.near = newPNGNearest(p.pal)
	}
	i := uint8(p.near.find(c))
	p.approx[k] = i
	return i
}

// pngPictureReserve is how many places of a pngPicture's palette only the insides
// of shapes may take.
const pngPictureReserve = 32

// span draws t's ink at level q over the pixels x0 to x1-1 of row y, which must be
// within the picture.
func (p *pngPicture) span(t *pngInkTable, q, y, x0, x1 int) {
	if q <= 0 || x0 >= x1 {
		return
	}
	row := p.row(y)[x0:x1]
	if q == pngBlendSteps && t.ink.a == 0xFFFF {
		pngFill(row, t.blend(q, 0))
		return
	}
	last, out := -1, uint8(0)
	for i, d := range row {
		if int(d) != last {
			last, out = int(d), t.blend(q, d)
		}
		row[i] = out
	}
}

// mask draws t's ink through the coverage mask m (out of 255) placed with its
// origin at (x, y), clipped to the picture.
func (p *pngPicture) mask(t *pngInkTable, m *image.Alpha, x, y int) {
	r := m.Rect.Add(image.Pt(x, y)).Intersect(image.Rect(0, 0, p.w, p.h))
	for py := r.Min.Y; py < r.Max.Y; py++ {
		row := p.row(py)
		mrow := m.Pix[m.PixOffset(r.Min.X-x, py-y):][:r.Dx()]
		row = row[r.Min.X:][:len(mrow)]
		for i, a := range mrow {
			if a == 0 {
				continue
			}
			q, d := pngLevel(a), row[i]
			if e := t.idx[q][d]; e != 0 {
				row[i] = uint8(e - 1)
			} else {
				row[i] = t.learn(q, d)
			}
		}
	}
}

// writePNG writes the picture as an 8-bit paletted PNG, its rows unfiltered and
// compressed by pngDeflater. It is safe to call on different pictures at once.
func (p *pngPicture) writePNG(w io.Writer) error {
	if p.w <= 0 || p.h <= 0 {
		return fmt.Errorf("report: a PNG of %d x %d pixels", p.w, p.h)
	}
	s := pngScratches.Get().(*pngScratch)
	defer pngScratches.Put(s)
	s.defl.begin(s.idat[:0], p.w+1)
	s.defl.feed(p.pix, true)
	s.idat = s.defl.out
	return pngWriteFile(w, p.w, p.h, 8, p.pal, s.idat)
}
