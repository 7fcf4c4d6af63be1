package vgpng

import (
	"image"
	"image/color"
	"math"
	"sync"

	"gonum.org/v1/plot/vg"
)

// strokeStraight strokes p if it is a lone horizontal or vertical segment under a
// translation, dashed or not, as the rectangles of its dashes, and reports whether
// it did.
func (c *Canvas) strokeStraight(p vg.Path) bool {
	st := c.top()
	if len(p) != 2 || p[0].Type != vg.MoveComp || p[1].Type != vg.LineComp || st.offs != 0 {
		return false
	}
	x0, y0, ok0 := c.pixel(p[0].Pos)
	x1, y1, ok1 := c.pixel(p[1].Pos)
	horiz, vert := y0 == y1, x0 == x1
	if !ok0 || !ok1 || !horiz && !vert {
		return false
	}
	s := c.dpi / 72
	dashes := st.dashes
	if len(dashes) == 1 {
		dashes = []vg.Length{dashes[0], dashes[0]}
	}
	var period vg.Length
	for _, d := range dashes {
		if !(d >= 0) {
			return false
		}
		period += d
	}
	length := math.Abs(x1-x0) + math.Abs(y1-y0)
	if len(dashes) > 0 && (period == 0 || length/(float64(period)*s)*float64(len(dashes)) > dashLimit) {
		return false
	}
	hw := float64(st.width) * s / 2
	// Walk the dash pattern from the start of the segment, in pixels along it.
	dir := 1.0
	if x1 < x0 || y1 < y0 {
		dir = -1
	}
	seg := func(from, to float64) {
		if horiz {
			c.fillRect(pxRect{x0 + dir*from, y0 - hw, x0 + dir*to, y0 + hw})
		} else {
			c.fillRect(pxRect{x0 - hw, y0 + dir*from, x0 + hw, y0 + dir*to})
		}
	}
	if len(dashes) == 0 {
		seg(0, length)
		return true
	}
	for k, at := 0, 0.0; at < length; k = (k + 1) % len(dashes) {
		d := float64(dashes[k]) * s
		if k%2 == 0 && d > 0 {
			seg(at, math.Min(at+d, length))
		}
		at += d
	}
	return true
}

// pxRect is a rectangle in pixels from the top left of the picture.
type pxRect struct{ x0, y0, x1, y1 float64 }

// rect returns the rectangle that path p outlines, if it is an upright rectangle
// under a translation: a move and three or four lines along the axes, closed or not.
func (c *Canvas) rect(p vg.Path) (pxRect, bool) {
	if n := len(p); n > 0 && p[n-1].Type == vg.CloseComp {
		p = p[:n-1]
	}
	if len(p) == 5 && p[4].Type == vg.LineComp && p[4].Pos == p[0].Pos {
		p = p[:4]
	}
	if len(p) != 4 || p[0].Type != vg.MoveComp {
		return pxRect{}, false
	}
	var xs, ys [4]float64
	for i, comp := range p {
		if i > 0 && comp.Type != vg.LineComp {
			return pxRect{}, false
		}
		x, y, ok := c.pixel(comp.Pos)
		if !ok {
			return pxRect{}, false
		}
		xs[i], ys[i] = x, y
	}
	// Either the first side is horizontal and the second vertical, or the reverse.
	if !(ys[0] == ys[1] && xs[1] == xs[2] && ys[2] == ys[3] && xs[3] == xs[0] ||
		xs[0] == xs[1] && ys[1] == ys[2] && xs[2] == xs[3] && ys[3] == ys[0]) {
		return pxRect{}, false
	}
	return pxRect{xs[0], ys[0], xs[2], ys[2]}, true
}

// translated reports whether the current transform is a plain translation, which
// Dots needs.
func (c *Canvas) translated() bool {
	_, _, ok := c.pixel(vg.Point{})
	return ok
}

// fillRect fills r in the current colour, each pixel at the level of the part of it
// that r covers.
func (c *Canvas) fillRect(r pxRect) {
	if r.x0 > r.x1 {
		r.x0, r.x1 = r.x1, r.x0
	}
	if r.y0 > r.y1 {
		r.y0, r.y1 = r.y1, r.y0
	}
	r.x0, r.x1 = math.Max(r.x0, 0), math.Min(r.x1, float64(c.pic.w))
	r.y0, r.y1 = math.Max(r.y0, 0), math.Min(r.y1, float64(c.pic.h))
	if !(r.x0 < r.x1 && r.y0 < r.y1) {
		return
	}
	t := c.pic.table(c.top().clr)
	// Columns i0..i1-1 are touched; fa..fb-1 are covered across their width.
	i0, i1 := int(math.Floor(r.x0)), int(math.Ceil(r.x1))
	fa, fb := int(math.Ceil(r.x0)), int(math.Floor(r.x1))
	if fa >= fb {
		fa, fb = i1, i1 // no whole column: all are edges
	}
	cover := func(lo, hi float64, i int) float64 { return math.Min(hi, float64(i+1)) - math.Max(lo, float64(i)) }
	level := func(f float64) int { return int(f*blendSteps + 0.5) }
	edge := func(row []uint8, i int, cy float64) {
		if q := level(cover(r.x0, r.x1, i) * cy); q > 0 {
			row[i] = t.blend(q, row[i])
		}
	}
	for j := int(math.Floor(r.y0)); j < int(math.Ceil(r.y1)); j++ {
		cy := cover(r.y0, r.y1, j)
		row := c.pic.row(j)
		for i := i0; i < min(fa, i1); i++ {
			edge(row, i, cy)
		}
		if q := level(cy); q > 0 && fa < fb {
			if fb-fa <= 4 {
				// A narrow column (a bar of the raw band, a dash of a vertical
				// line): pixel by pixel.
				tq := &t.idx[q]
				for i := fa; i < fb; i++ {
					if e := tq[row[i]]; e != 0 {
						row[i] = uint8(e - 1)
					} else {
						row[i] = t.learn(q, row[i])
					}
				}
			} else {
				c.pic.span(t, q, j, fa, fb)
			}
		}
		for i := max(fb, fa); i < i1; i++ {
			edge(row, i, cy)
		}
	}
}

// Dots draws a filled circle of radius r points in clr at each point, and reports
// whether it could: it cannot under a rotation or scaling.
func (c *Canvas) Dots(pts []vg.Point, r vg.Length, clr color.Color) bool {
	if !c.translated() {
		return false
	}
	rad := float64(r) * c.dpi / 72
	t := c.pic.table(clr)
	for _, pt := range pts {
		x, y, _ := c.pixel(pt)
		ix, iy := math.Floor(x), math.Floor(y)
		sx, sy := int((x-ix)*dotSub), int((y-iy)*dotSub)
		if !(math.Abs(ix) < fixLimit && math.Abs(iy) < fixLimit) {
			continue
		}
		c.pic.mask(t, dotMask(rad, sx, sy), int(ix), int(iy))
	}
	return true
}

// dotSub is the number of sub-pixel positions of a dot along each axis.
const dotSub = 4

var dotMasks sync.Map // dotKey -> *image.Alpha

type dotKey struct {
	rad    float64
	sx, sy int
}

// dotMask returns the coverage of a disc of radius rad pixels whose centre is
// (sx+0.5, sy+0.5)/dotSub pixels right of and below the origin pixel's corner,
// as a mask whose bounds are relative to that pixel. Each pixel's coverage is
// estimated on a 16 x 16 grid of points in it.
func dotMask(rad float64, sx, sy int) *image.Alpha {
	key := dotKey{rad, sx, sy}
	if m, ok := dotMasks.Load(key); ok {
		return m.(*image.Alpha)
	}
	cx := (float64(sx) + 0.5) / dotSub
	cy := (float64(sy) + 0.5) / dotSub
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
	v, _ := dotMasks.LoadOrStore(key, m)
	return v.(*image.Alpha)
}
