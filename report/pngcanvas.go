package report

import (
	"encoding/binary"
	"image"
	"image/color"
	imgdraw "image/draw"
	"math"
	"sync"

	stdfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// pngCanvas is the vgimg canvas of a dashboard with the common shapes drawn
// straight on its picture rather than through gg, which rasterises every glyph's
// outline afresh and resamples it through the transform, and fills every rectangle
// and dot as a general path: text upright or turned a quarter turn (a y axis label),
// from glyph masks cached for the whole program; the dots of the scatter, from one
// cached mask per sub-pixel position; and upright rectangles and horizontal or
// vertical lines, dashed or not, with each edge pixel covered in proportion. These
// were more than half the drawing time of a dashboard. A glyph sits on whole pixels
// with its coverage in pngBlendSteps steps, so that the same letter is the same
// pixels wherever it is, in colours of the palette: text is half the bytes of a
// dashboard's PNG. Everything else goes to vgimg.
type pngCanvas struct {
	*vgimg.Canvas
	img   *image.RGBA
	dpi   float64
	state []pngState // the current state last; Push copies it, Pop drops it
}

// pngState is what Push saves of the canvas that pngCanvas itself uses.
type pngState struct {
	m      pngAffine
	clr    color.Color
	width  vg.Length
	dashes []vg.Length
	offs   vg.Length
}

// pngAffine maps a point p of the current coordinates (in points, y upwards) to the
// canvas: (xx*p.X + xy*p.Y + x0, yx*p.X + yy*p.Y + y0).
type pngAffine struct{ xx, xy, x0, yx, yy, y0 float64 }

// newPNGCanvas wraps cv, which draws on img at dpi.
func newPNGCanvas(cv *vgimg.Canvas, img *image.RGBA, dpi float64) *pngCanvas {
	return &pngCanvas{Canvas: cv, img: img, dpi: dpi,
		state: []pngState{{m: pngAffine{xx: 1, yy: 1}, clr: color.Black, width: 1}}}
}

// pngCanvasOf returns the pngCanvas that c draws on, or nil if none: the canvases of
// a plot are draw.Canvas values nested around the one the picture was made with.
func pngCanvasOf(c vg.Canvas) *pngCanvas {
	for {
		switch v := c.(type) {
		case *pngCanvas:
			return v
		case draw.Canvas:
			c = v.Canvas
		case *draw.Canvas:
			c = v.Canvas
		default:
			return nil
		}
	}
}

func (c *pngCanvas) top() *pngState { return &c.state[len(c.state)-1] }

// SetColor implements vg.Canvas.
func (c *pngCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	c.top().clr = clr
	c.Canvas.SetColor(clr)
}

// SetLineWidth implements vg.Canvas.
func (c *pngCanvas) SetLineWidth(w vg.Length) {
	c.top().width = w
	c.Canvas.SetLineWidth(w)
}

// SetLineDash implements vg.Canvas.
func (c *pngCanvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	c.top().dashes, c.top().offs = dashes, offs
	c.Canvas.SetLineDash(dashes, offs)
}

// Push implements vg.Canvas.
func (c *pngCanvas) Push() {
	c.state = append(c.state, *c.top())
	c.Canvas.Push()
}

// Pop implements vg.Canvas.
func (c *pngCanvas) Pop() {
	if len(c.state) > 1 {
		c.state = c.state[:len(c.state)-1]
	}
	c.Canvas.Pop()
}

// Translate implements vg.Canvas.
func (c *pngCanvas) Translate(pt vg.Point) {
	m := &c.top().m
	x, y := float64(pt.X), float64(pt.Y)
	m.x0 += m.xx*x + m.xy*y
	m.y0 += m.yx*x + m.yy*y
	c.Canvas.Translate(pt)
}

// Rotate implements vg.Canvas.
func (c *pngCanvas) Rotate(rad float64) {
	m := &c.top().m
	sin, cos := math.Sincos(rad)
	m.xx, m.xy = m.xx*cos+m.xy*sin, -m.xx*sin+m.xy*cos
	m.yx, m.yy = m.yx*cos+m.yy*sin, -m.yx*sin+m.yy*cos
	c.Canvas.Rotate(rad)
}

// Scale implements vg.Canvas.
func (c *pngCanvas) Scale(x, y float64) {
	m := &c.top().m
	m.xx, m.yx = m.xx*x, m.yx*x
	m.xy, m.yy = m.xy*y, m.yy*y
	c.Canvas.Scale(x, y)
}

// pixel returns where pt falls on the picture, in pixels from its top left, and
// whether the current transform is a plain translation that the fast paths handle.
func (c *pngCanvas) pixel(pt vg.Point) (x, y float64, ok bool) {
	m := c.top().m
	if m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 {
		return 0, 0, false
	}
	s := c.dpi / 72
	x = (float64(pt.X) + m.x0) * s
	y = float64(c.img.Bounds().Dy()) - (float64(pt.Y)+m.y0)*s
	return x, y, true
}

// Fill implements vg.Canvas: an upright rectangle straight on the picture, with
// each pixel covered in proportion to its area inside, anything else by vgimg.
func (c *pngCanvas) Fill(p vg.Path) {
	if r, ok := c.rect(p); ok {
		c.fillRect(r)
		return
	}
	c.Canvas.Fill(p)
}

// Stroke implements vg.Canvas: a lone horizontal or vertical segment, dashed or
// not, as the rectangles of its dashes, anything else by vgimg. The ends are butt
// ends, as vgimg draws them for the dashboard.
func (c *pngCanvas) Stroke(p vg.Path) {
	st := c.top()
	if st.width <= 0 {
		return
	}
	if len(p) != 2 || p[0].Type != vg.MoveComp || p[1].Type != vg.LineComp || st.offs != 0 {
		c.Canvas.Stroke(p)
		return
	}
	x0, y0, ok0 := c.pixel(p[0].Pos)
	x1, y1, ok1 := c.pixel(p[1].Pos)
	horiz, vert := y0 == y1, x0 == x1
	if !ok0 || !ok1 || !horiz && !vert {
		c.Canvas.Stroke(p)
		return
	}
	s := c.dpi / 72
	hw := float64(st.width) * s / 2
	// Walk the dash pattern from the start of the segment, in pixels along it.
	length := math.Abs(x1-x0) + math.Abs(y1-y0)
	dir := 1.0
	if x1 < x0 || y1 < y0 {
		dir = -1
	}
	seg := func(from, to float64) {
		if horiz {
			c.fillRect(pngRect{x0 + dir*from, y0 - hw, x0 + dir*to, y0 + hw})
		} else {
			c.fillRect(pngRect{x0 - hw, y0 + dir*from, x0 + hw, y0 + dir*to})
		}
	}
	if len(st.dashes) == 0 {
		seg(0, length)
		return
	}
	dashes := st.dashes
	if len(dashes) == 1 {
		dashes = []vg.Length{dashes[0], dashes[0]}
	}
	var period vg.Length
	for _, d := range dashes {
		if d < 0 {
			c.Canvas.Stroke(p)
			return
		}
		period += d
	}
	if period == 0 {
		c.Canvas.Stroke(p)
		return
	}
	for k, at := 0, 0.0; at < length; k = (k + 1) % len(dashes) {
		d := float64(dashes[k]) * s
		if k%2 == 0 && d > 0 {
			seg(at, math.Min(at+d, length))
		}
		at += d
	}
}

// pngRect is a rectangle in pixels from the top left of the picture.
type pngRect struct{ x0, y0, x1, y1 float64 }

// rect returns the rectangle that path p outlines, if it is an upright rectangle
// under a translation: a move and three or four lines along the axes, closed or not.
func (c *pngCanvas) rect(p vg.Path) (pngRect, bool) {
	if n := len(p); n > 0 && p[n-1].Type == vg.CloseComp {
		p = p[:n-1]
	}
	if len(p) == 5 && p[4].Pos == p[0].Pos {
		p = p[:4]
	}
	if len(p) != 4 || p[0].Type != vg.MoveComp {
		return pngRect{}, false
	}
	var xs, ys [4]float64
	for i, comp := range p {
		if i > 0 && comp.Type != vg.LineComp {
			return pngRect{}, false
		}
		x, y, ok := c.pixel(comp.Pos)
		if !ok {
			return pngRect{}, false
		}
		xs[i], ys[i] = x, y
	}
	// Either the first side is horizontal and the second vertical, or the reverse.
	if !(ys[0] == ys[1] && xs[1] == xs[2] && ys[2] == ys[3] && xs[3] == xs[0] ||
		xs[0] == xs[1] && ys[1] == ys[2] && xs[2] == xs[3] && ys[3] == ys[0]) {
		return pngRect{}, false
	}
	return pngRect{xs[0], ys[0], xs[2], ys[2]}, true
}

// fillRect fills r in the current colour, blending each pixel with what is under it
// in proportion to the part of it that r covers, as image/draw blends a glyph.
func (c *pngCanvas) fillRect(r pngRect) {
	if r.x0 > r.x1 {
		r.x0, r.x1 = r.x1, r.x0
	}
	if r.y0 > r.y1 {
		r.y0, r.y1 = r.y1, r.y0
	}
	b := c.img.Bounds()
	r.x0, r.x1 = math.Max(r.x0, float64(b.Min.X)), math.Min(r.x1, float64(b.Max.X))
	r.y0, r.y1 = math.Max(r.y0, float64(b.Min.Y)), math.Min(r.y1, float64(b.Max.Y))
	if !(r.x0 < r.x1 && r.y0 < r.y1) {
		return
	}
	sr, sg, sb, sa := c.top().clr.RGBA()
	// Columns i0..i1-1 are touched; fa..fb-1 are covered across their width.
	i0, i1 := int(math.Floor(r.x0)), int(math.Ceil(r.x1))
	fa, fb := int(math.Ceil(r.x0)), int(math.Floor(r.x1))
	if fa >= fb {
		fa, fb = i1, i1 // no whole column: all are edges
	}
	cover := func(lo, hi float64, i int) float64 { return math.Min(hi, float64(i+1)) - math.Max(lo, float64(i)) }
	const m = 1<<16 - 1
	// blend draws the colour over the pixels of p at coverage ma (of m), with the
	// arithmetic of image/draw's glyph drawing.
	blend := func(p []byte, ma uint32) {
		p = p[:len(p)&^3]
		if len(p) == 0 {
			return
		}
		if ma == m && sa == m {
			// Opaque: one pixel, then copies doubling in length.
			p[0], p[1], p[2], p[3] = uint8(sr>>8), uint8(sg>>8), uint8(sb>>8), 0xFF
			for n := 4; n < len(p); n *= 2 {
				copy(p[n:], p[:n])
			}
			return
		}
		a := (m - (sa * ma / m)) * 0x101
		cr, cg, cb, ca := sr*ma, sg*ma, sb*ma, sa*ma
		// Runs of one colour underneath (a plain background) blend alike: reuse the
		// last pixel's result while the pixel underneath repeats.
		var in, out uint32
		have := false
		for k := 0; k+4 <= len(p); k += 4 {
			d := p[k : k+4 : k+4]
			if v := binary.LittleEndian.Uint32(d); have && v == in {
				binary.LittleEndian.PutUint32(d, out)
				continue
			} else {
				in, have = v, true
			}
			d[0] = uint8((uint32(d[0])*a + cr) / m >> 8)
			d[1] = uint8((uint32(d[1])*a + cg) / m >> 8)
			d[2] = uint8((uint32(d[2])*a + cb) / m >> 8)
			d[3] = uint8((uint32(d[3])*a + ca) / m >> 8)
			out = binary.LittleEndian.Uint32(d)
		}
	}
	for j := int(math.Floor(r.y0)); j < int(math.Ceil(r.y1)); j++ {
		cy := cover(r.y0, r.y1, j)
		row := c.img.Pix[c.img.PixOffset(0, j):]
		for i := i0; i < i1; i++ {
			if i == fa {
				blend(row[4*fa:4*fb], uint32(cy*m+0.5))
				i = fb - 1
				continue
			}
			blend(row[4*i:4*i+4], uint32(cover(r.x0, r.x1, i)*cy*m+0.5))
		}
	}
}

// FillString implements vg.Canvas: upright text, or text running upwards, from the
// glyph cache; anything else by vgimg.
func (c *pngCanvas) FillString(f font.Face, pt vg.Point, str string) {
	up := false // the text runs upwards: rotated a quarter turn, as a y axis label
	x, y, ok := c.pixel(pt)
	if !ok {
		m := c.top().m
		const eps = 1e-9
		if up = math.Abs(m.xx) < eps && math.Abs(m.yy) < eps && math.Abs(m.xy+1) < eps && math.Abs(m.yx-1) < eps; up {
			s := c.dpi / 72
			x = (m.xy*float64(pt.Y) + m.x0) * s
			y = float64(c.img.Bounds().Dy()) - (m.yx*float64(pt.X)+m.y0)*s
		}
	}
	if !ok && !up || f.Font.Size == 0 || f.Face == nil {
		c.Canvas.FillString(f, pt, str)
		return
	}
	face := pngFaceFor(f, c.dpi)
	src := image.NewUniform(c.top().clr)
	// dot runs along the text, base across it; both in pixels on the picture.
	dot, base, dir := fixed.Int26_6(math.Round(x*64)), int(math.Round(y)), fixed.Int26_6(1)
	if up {
		dot, base, dir = fixed.Int26_6(math.Round(y*64)), int(math.Round(x)), -1
	}
	prev := rune(-1)
	for _, r := range str {
		if prev >= 0 && !tabular(prev, r) {
			dot += dir * face.kern(prev, r)
		}
		g := face.glyph(r)
		switch {
		case g.mask == nil:
		case up:
			at := image.Pt(base, dot.Round())
			imgdraw.DrawMask(c.img, g.up.Rect.Add(at), src, image.Point{}, g.up, g.up.Rect.Min, imgdraw.Over)
		default:
			at := image.Pt(dot.Round(), base)
			imgdraw.DrawMask(c.img, g.mask.Rect.Add(at), src, image.Point{}, g.mask, g.mask.Rect.Min, imgdraw.Over)
		}
		dot += dir * g.advance
		prev = r
	}
}

// dots draws a filled circle of radius r points in clr at each point, and reports
// whether it could: it cannot under a rotation or scaling.
func (c *pngCanvas) dots(pts []vg.Point, r vg.Length, clr color.Color) bool {
	if _, _, ok := c.pixel(vg.Point{}); !ok {
		return false
	}
	rad := float64(r) * c.dpi / 72
	src := image.NewUniform(clr)
	for _, pt := range pts {
		x, y, _ := c.pixel(pt)
		ix, iy := math.Floor(x), math.Floor(y)
		sx, sy := int((x-ix)*pngDotSub), int((y-iy)*pngDotSub)
		m := pngDotMask(rad, sx, sy)
		at := image.Pt(int(ix), int(iy))
		imgdraw.DrawMask(c.img, m.Rect.Add(at), src, image.Point{}, m, m.Rect.Min, imgdraw.Over)
	}
	return true
}

// pngDotSub is the number of sub-pixel positions of a dot along each axis.
const pngDotSub = 4

var pngDots sync.Map // pngDotKey -> *image.Alpha

type pngDotKey struct {
	rad    float64
	sx, sy int
}

// pngDotMask returns the coverage of a disc of radius rad pixels whose centre is
// (sx+0.5, sy+0.5)/pngDotSub pixels right of and below the origin pixel's corner,
// as a mask whose bounds are relative to that pixel. Each pixel's coverage is
// estimated on a 16 x 16 grid of points in it.
func pngDotMask(rad float64, sx, sy int) *image.Alpha {
	key := pngDotKey{rad, sx, sy}
	if m, ok := pngDots.Load(key); ok {
		return m.(*image.Alpha)
	}
	cx := (float64(sx) + 0.5) / pngDotSub
	cy := (float64(sy) + 0.5) / pngDotSub
	n := int(math.Ceil(rad)) + 1
	m := image.NewAlpha(image.Rect(-n, -n, n+1, n+1))
	const grid = 16
	for py := -n; py <= n; py++ {
		for px := -n; px <= n; px++ {
			in := 0
			for j := 0; j < grid; j++ {
				dy := float64(py) + (float64(j)+0.5)/grid - cy
				for i := 0; i < grid; i++ {
					dx := float64(px) + (float64(i)+0.5)/grid - cx
					if dx*dx+dy*dy <= rad*rad {
						in++
					}
				}
			}
			m.SetAlpha(px, py, color.Alpha{A: uint8((in*255 + grid*grid/2) / (grid * grid))})
		}
	}
	v, _ := pngDots.LoadOrStore(key, m)
	return v.(*image.Alpha)
}

// pngFace is a font face at one size with its glyphs rasterised once, at whole-pixel
// positions, for every dashboard of the program.
type pngFace struct {
	mu     sync.RWMutex
	face   stdfont.Face // guarded by mu, for writing: a face is not safe to share
	glyphs map[rune]*pngGlyph
	kerns  map[[2]rune]fixed.Int26_6
}

// pngGlyph is one rasterised glyph: its mask (nil when it draws nothing), with
// bounds relative to the dot, the same turned a quarter turn anticlockwise for text
// that runs upwards, and the advance to the next glyph.
type pngGlyph struct {
	mask, up *image.Alpha
	advance  fixed.Int26_6
}

type pngFaceKey struct {
	font any // the parsed font, *opentype.Font
	size vg.Length
	dpi  float64
}

var (
	pngFacesMu sync.Mutex
	pngFaces   = map[pngFaceKey]*pngFace{}
)

// pngFaceFor returns the cached face of f at dpi.
func pngFaceFor(f font.Face, dpi float64) *pngFace {
	key := pngFaceKey{f.Face, f.Font.Size, dpi}
	pngFacesMu.Lock()
	defer pngFacesMu.Unlock()
	pf := pngFaces[key]
	if pf == nil {
		pf = &pngFace{face: f.FontFace(dpi), glyphs: map[rune]*pngGlyph{}, kerns: map[[2]rune]fixed.Int26_6{}}
		pngFaces[key] = pf
	}
	return pf
}

// glyph returns the glyph of r, rasterising it on first use.
func (f *pngFace) glyph(r rune) *pngGlyph {
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
	g = &pngGlyph{}
	dr, mask, mp, adv, ok := f.face.Glyph(fixed.Point26_6{}, r)
	if ok {
		g.advance = adv
		if !dr.Empty() {
			// The face reuses its mask: keep a copy.
			m := image.NewAlpha(image.Rectangle{Min: dr.Min, Max: dr.Max})
			imgdraw.Draw(m, dr, mask, mp, imgdraw.Src)
			// Coverage in pngBlendSteps steps: text in a drawing colour on white
			// is then in the palette exactly, and the same few shades repeat,
			// which makes text (half the bytes of a dashboard) a sixth cheaper.
			for i, a := range m.Pix {
				m.Pix[i] = pngStep(a)
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
	f.glyphs[r] = g
	return g
}

// tabular reports whether a and b are two digits, which are set without kerning
// between them: Liberation Sans pulls "11" 2 px together at the dashboards' size, so
// that 115 read as "11 5" on an axis; numbers in columns and on axes want even figures.
func tabular(a, b rune) bool {
	return '0' <= a && a <= '9' && '0' <= b && b <= '9'
}

// kern returns the kerning between a and b.
func (f *pngFace) kern(a, b rune) fixed.Int26_6 {
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
	f.kerns[k] = v
	return v
}

// pngStep rounds a coverage to the nearest of pngBlendSteps+1 levels from 0 to 255.
func pngStep(a uint8) uint8 {
	q := (int(a)*pngBlendSteps + 127) / 255
	return uint8((q*255 + pngBlendSteps/2) / pngBlendSteps)
}
