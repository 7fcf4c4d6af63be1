package vgpng

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
// drawing the picture. Every shape is drawn at coverages of blendSteps levels, so
// that a colour drawn on white is one of the base palette whatever its shape, and a blend of
// a colour over what is underneath is looked up, once per colour, level and index
// underneath, in a table (inkTable). The palette takes the colours as they come,
// up to maxColours (index says which may take the last places); a colour that comes
// after is drawn in the nearest.

// Picture is a paletted picture being drawn: at most maxColours (128) colours, a
// colour that comes when the palette is full drawn in the nearest.
type Picture struct {
	w, h int
	// pix is the PNG image data at 8 bits an index: h rows of 1+w bytes, each a
	// filter byte (0, none) and then the row's palette indices.
	pix  []uint8
	pal  []color.RGBA     // at most maxColours colours
	keys map[uint32]uint8 // colour key (colourKey) -> index in pal
	// approx maps a colour left out of pal to the index of the nearest in it.
	approx map[uint32]uint8
	inks   map[inkKey]*inkTable
	ras    *raster.Rasterizer // of w x h, kept with the picture for reuse
	near   *nearest           // the nearest colour of pal, made when first needed
}

// inkKey is a drawing colour, premultiplied, 16 bits a channel, as color.Color's
// RGBA method gives it.
type inkKey struct{ r, g, b, a uint32 }

// inkTable is an ink and, for each coverage level and index underneath, the
// index of the blend of the ink over it: 0 is not yet known, otherwise the index
// plus 1.
type inkTable struct {
	pic *Picture // whose palette the indices are of
	ink inkKey
	idx [blendSteps + 1][256]uint16
}

// levelAlpha is the coverage, out of 255, of each level from 0 to blendSteps:
// the values levelStep rounds to.
var levelAlpha = func() (a [blendSteps + 1]uint32) {
	for q := range a {
		a[q] = uint32((q*255 + blendSteps/2) / blendSteps)
	}
	return a
}()

// levelOf returns the level of a coverage out of 255.
func levelOf(a uint8) int { return int(levels[a]) }

// levels holds levelOf of each coverage.
var levels = func() (l [256]uint8) {
	for a := range l {
		l[a] = uint8((a*blendSteps + 127) / 255)
	}
	return l
}()

// levelOf16 returns the level of a coverage out of 0xFFFF.
func levelOf16(a uint32) int { return int((a*blendSteps + 0x7FFF) / 0xFFFF) }

// colourKey is the key of an opaque colour in Picture.keys.
func colourKey(c color.RGBA) uint32 { return uint32(c.B)<<16 | uint32(c.G)<<8 | uint32(c.R) }

var pictures = sync.Pool{New: func() any { return new(Picture) }}

// NewPicture returns a white picture of w x h pixels, its palette begun with white
// and then base, as BasePalette makes it; Free gives it back for reuse.
func NewPicture(w, h int, base []color.RGBA) *Picture {
	p := pictures.Get().(*Picture)
	if p.w != w || p.h != h {
		p.ras = nil
	}
	p.w, p.h = w, h
	n := h * (w + 1)
	if cap(p.pix) < n {
		p.pix = make([]uint8, n)
	}
	p.pix = p.pix[:n]
	clear(p.pix) // filter bytes 0, and every pixel index 0: white
	p.pal = p.pal[:0]
	if p.keys == nil {
		p.keys = make(map[uint32]uint8, 256)
	}
	clear(p.keys)
	if p.approx == nil || len(p.approx) > 4096 {
		p.approx = map[uint32]uint8{} // clear would keep a big map's memory
	}
	clear(p.approx)
	for _, c := range append([]color.RGBA{white}, base...) {
		if _, ok := p.keys[colourKey(c)]; !ok {
			p.keys[colourKey(c)] = uint8(len(p.pal))
			p.pal = append(p.pal, c)
		}
	}
	if p.inks == nil || len(p.inks) > 64 {
		p.inks = map[inkKey]*inkTable{}
	}
	for _, t := range p.inks {
		clear(t.idx[:])
	}
	p.near = nil
	return p
}

// Free gives p back for reuse; p must not be used after.
func (p *Picture) Free() { pictures.Put(p) }

// row returns the indices of row y.
func (p *Picture) row(y int) []uint8 { return p.pix[y*(p.w+1)+1:][:p.w] }

// table returns the blend table of the colour c.
func (p *Picture) table(c color.Color) *inkTable {
	r, g, b, a := c.RGBA()
	k := inkKey{r, g, b, a}
	t := p.inks[k]
	if t == nil {
		t = &inkTable{pic: p, ink: k}
		p.inks[k] = t
	}
	return t
}

// blend returns the index of t's ink drawn at level q over the colour of index d.
// The loops that draw most pixels read t.idx themselves and call learn for a
// blend not yet there: blend is a little too big to be inlined.
func (t *inkTable) blend(q int, d uint8) uint8 {
	if e := t.idx[q][d]; e != 0 {
		return uint8(e - 1)
	}
	return t.learn(q, d)
}

// learn makes the blend of t's ink at level q over index d and puts it in t.
func (t *inkTable) learn(q int, d uint8) uint8 {
	i := t.pic.index(mix(t.ink, q, t.pic.pal[d]), q == blendSteps)
	t.idx[q][d] = uint16(i) + 1
	return i
}

// mix returns ink k drawn at level q over the colour under, as image/draw draws a
// glyph.
func mix(k inkKey, q int, under color.RGBA) color.RGBA {
	const m = 1<<16 - 1
	ma := levelAlpha[q] * 0x101
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
// of a shape, may take the last insideReserve places; an anti-aliased edge may
// not, so that the edges of the first shapes drawn never leave a later shape's
// inside in a colour not its own.
func (p *Picture) index(c color.RGBA, full bool) uint8 {
	k := colourKey(c)
	if i, ok := p.keys[k]; ok {
		return i
	}
	if room := maxColours - len(p.pal); room > insideReserve || full && room > 0 {
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
		p.near = newNearest(p.pal)
	}
	i := uint8(p.near.find(c))
	p.approx[k] = i
	return i
}

// insideReserve is how many places of a Picture's palette only the insides
// of shapes may take.
const insideReserve = 32

// span draws t's ink at level q over the pixels x0 to x1-1 of row y, which must be
// within the picture.
func (p *Picture) span(t *inkTable, q, y, x0, x1 int) {
	if q <= 0 || x0 >= x1 {
		return
	}
	row := p.row(y)[x0:x1]
	if q == blendSteps && t.ink.a == 0xFFFF {
		fillBytes(row, t.blend(q, 0))
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
func (p *Picture) mask(t *inkTable, m *image.Alpha, x, y int) {
	r := m.Rect.Add(image.Pt(x, y)).Intersect(image.Rect(0, 0, p.w, p.h))
	for py := r.Min.Y; py < r.Max.Y; py++ {
		row := p.row(py)
		mrow := m.Pix[m.PixOffset(r.Min.X-x, py-y):][:r.Dx()]
		row = row[r.Min.X:][:len(mrow)]
		for i, a := range mrow {
			if a == 0 {
				continue
			}
			q, d := levelOf(a), row[i]
			if e := t.idx[q][d]; e != 0 {
				row[i] = uint8(e - 1)
			} else {
				row[i] = t.learn(q, d)
			}
		}
	}
}

// WritePNG writes the picture as an 8-bit paletted PNG, its rows unfiltered and
// compressed by klauspost/compress's zlib at its fastest (zlibLevel). It is safe
// to call on different pictures at once.
func (p *Picture) WritePNG(w io.Writer) error {
	if p.w <= 0 || p.h <= 0 {
		return fmt.Errorf("vgpng: a PNG of %d x %d pixels", p.w, p.h)
	}
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	idat, err := s.compress(p.pix)
	if err != nil {
		return err
	}
	return writeFile(w, p.w, p.h, 8, p.pal, idat)
}
