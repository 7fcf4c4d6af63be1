package report

import (
	"image"
	"image/color"
	imgdraw "image/draw"
	"math"
	"sync"

	"github.com/golang/freetype/raster"
	stdfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pngCanvas is the vg.Canvas of a dashboard. It draws on a pngPicture, in palette
// indices, and never through gg, which would rasterise every glyph's outline afresh
// and fill every rectangle and dot as a general path:
//   - text upright or turned a quarter turn (a y axis label) from glyph masks cached
//     for the whole program, each glyph on whole pixels, so that the same letter is
//     the same pixels wherever it is;
//   - the dots of the scatter from one cached mask per sub-pixel position;
//   - upright rectangles, and horizontal or vertical lines, dashed or not, with each
//     edge pixel covered in proportion;
//   - every other path through freetype's rasteriser, stroked and dashed as vgimg
//     strokes it through gg: butt caps, round joins, non-zero winding.
//
// Coverage is in pngBlendSteps levels throughout (see pngPicture).
type pngCanvas struct {
	pic   *pngPicture
	dpi   float64
	state []pngState   // the current state last; Push copies it, Pop drops it
	path  raster.Path  // the path being rasterised, kept for reuse
	subs  [][]pngPoint // the subpaths of the path being drawn, kept for reuse
}

// pngState is what Push saves of the canvas.
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

// pngPoint is a point on the picture, in pixels from its top left.
type pngPoint struct{ x, y float64 }

// newPNGCanvas returns a canvas that draws on pic at dpi.
func newPNGCanvas(pic *pngPicture, dpi float64) *pngCanvas {
	return &pngCanvas{pic: pic, dpi: dpi,
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

// Size implements vg.CanvasSizer.
func (c *pngCanvas) Size() (w, h vg.Length) {
	return vg.Length(float64(c.pic.w) * 72 / c.dpi), vg.Length(float64(c.pic.h) * 72 / c.dpi)
}

// SetColor implements vg.Canvas.
func (c *pngCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	c.top().clr = clr
}

// SetLineWidth implements vg.Canvas.
func (c *pngCanvas) SetLineWidth(w vg.Length) { c.top().width = w }

// SetLineDash implements vg.Canvas.
func (c *pngCanvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	c.top().dashes, c.top().offs = dashes, offs
}

// Push implements vg.Canvas.
func (c *pngCanvas) Push() { c.state = append(c.state, *c.top()) }

// Pop implements vg.Canvas.
func (c *pngCanvas) Pop() {
	if len(c.state) > 1 {
		c.state = c.state[:len(c.state)-1]
	}
}

// Translate implements vg.Canvas.
func (c *pngCanvas) Translate(pt vg.Point) {
	m := &c.top().m
	x, y := float64(pt.X), float64(pt.Y)
	m.x0 += m.xx*x + m.xy*y
	m.y0 += m.yx*x + m.yy*y
}

// Rotate implements vg.Canvas.
func (c *pngCanvas) Rotate(rad float64) {
	m := &c.top().m
	sin, cos := math.Sincos(rad)
	m.xx, m.xy = m.xx*cos+m.xy*sin, -m.xx*sin+m.xy*cos
	m.yx, m.yy = m.yx*cos+m.yy*sin, -m.yx*sin+m.yy*cos
}

// Scale implements vg.Canvas.
func (c *pngCanvas) Scale(x, y float64) {
	m := &c.top().m
	m.xx, m.yx = m.xx*x, m.yx*x
	m.xy, m.yy = m.xy*y, m.yy*y
}

// device returns where pt falls on the picture, in pixels from its top left.
func (c *pngCanvas) device(pt vg.Point) pngPoint {
	m, s := c.top().m, c.dpi/72
	x, y := float64(pt.X), float64(pt.Y)
	return pngPoint{(m.xx*x + m.xy*y + m.x0) * s, float64(c.pic.h) - (m.yx*x+m.yy*y+m.y0)*s}
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
	y = float64(c.pic.h) - (float64(pt.Y)+m.y0)*s
	return x, y, true
}

// Fill implements vg.Canvas: an upright rectangle straight on the picture, with
// each pixel covered in proportion to its area inside; anything else through the
// rasteriser, every subpath closed, by the non-zero winding rule.
func (c *pngCanvas) Fill(p vg.Path) {
	if r, ok := c.rect(p); ok {
		c.fillRect(r)
		return
	}
	subs := c.flatten(p)
	c.path = c.path[:0]
	for _, sp := range subs {
		sp = pngClipPolygon(sp, -2, -2, float64(c.pic.w)+2, float64(c.pic.h)+2)
		if len(sp) < 3 {
			continue
		}
		for i, q := range sp {
			if i == 0 {
				c.path.Start(pngFix26(q))
			} else {
				c.path.Add1(pngFix26(q))
			}
		}
		c.path.Add1(pngFix26(sp[0]))
	}
	r := c.rasteriser()
	r.UseNonZeroWinding = true
	r.AddPath(c.path)
	c.rasterise(r)
}

// Stroke implements vg.Canvas: a lone horizontal or vertical segment, dashed or
// not, as the rectangles of its dashes; anything else through the rasteriser. The
// ends are butt ends, as vgimg draws them for the dashboard, and the joins round.
func (c *pngCanvas) Stroke(p vg.Path) {
	st := c.top()
	if !(st.width > 0) {
		return
	}
	if c.strokeStraight(p) {
		return
	}
	s := c.dpi / 72
	// A line wider than twice the picture's perimeter covers as much of it as one
	// of that width; wider still would overflow the rasteriser.
	width := math.Min(float64(st.width)*s, float64(2*(c.pic.w+c.pic.h)+4))
	subs := c.flatten(p)
	// Far outside the picture a line only costs time: the lines are cut at a margin
	// wider than the line, so that the cut ends do not show. A dash pattern then
	// starts where a line is cut: a dashed line that comes from beyond the margin
	// is out of phase with where its dashes would be. The dashboards' lines never
	// do: gonum cuts them to the plot before they reach the canvas.
	pad := width + 2
	subs = pngClipLines(subs, -pad, -pad, float64(c.pic.w)+pad, float64(c.pic.h)+pad)
	if len(st.dashes) > 0 {
		subs = pngDash(subs, st.dashes, st.offs, s)
	}
	// Points within 1/16 pixel of the last one kept are dropped, as gg drops them:
	// they upset the rasteriser's joins.
	c.path = c.path[:0]
	for _, sp := range subs {
		if len(sp) < 2 {
			continue
		}
		prev := pngFix26(sp[0])
		c.path.Start(prev)
		for _, q := range sp[1:] {
			f := pngFix26(q)
			if dx, dy := f.X-prev.X, f.Y-prev.Y; max(dx, -dx)+max(dy, -dy) > 4 {
				c.path.Add1(f)
				prev = f
			}
		}
	}
	r := c.rasteriser()
	r.UseNonZeroWinding = true
	r.AddStroke(c.path, fixed.Int26_6(math.Round(width*64)), raster.ButtCapper, raster.RoundJoiner)
	c.rasterise(r)
}

// rasteriser returns the picture's rasteriser, cleared.
func (c *pngCanvas) rasteriser() *raster.Rasterizer {
	if c.pic.ras == nil {
		c.pic.ras = raster.NewRasterizer(c.pic.w, c.pic.h)
	}
	c.pic.ras.Clear()
	return c.pic.ras
}

// rasterise paints what r holds in the current colour.
func (c *pngCanvas) rasterise(r *raster.Rasterizer) {
	t := c.pic.table(c.top().clr)
	r.Rasterize(pngPainter(func(spans []raster.Span) {
		for _, sp := range spans {
			if sp.Y < 0 || sp.Y >= c.pic.h {
				continue
			}
			c.pic.span(t, pngLevel16(sp.Alpha), sp.Y, max(sp.X0, 0), min(sp.X1, c.pic.w))
		}
	}))
}

// pngPainter is a raster.Painter of a function.
type pngPainter func(spans []raster.Span)

// Paint implements raster.Painter.
func (f pngPainter) Paint(spans []raster.Span, done bool) { f(spans) }

// pngLimit is how far from the picture, in pixels, a point is kept as it is: the
// rasteriser's fixed-point arithmetic overflows, and can then loop for ever, not
// much beyond. Paths are cut to a margin around the picture before they get here.
const pngLimit = 1 << 18

// pngFar is how far from the picture, in pixels, a point may be at all: farther, it
// is taken as not finite. Cutting lines to the picture in float64 stays exact to a
// small fraction of a pixel within it, and overflows to infinity far beyond.
const pngFar = 1e12

// pngFix26 returns q in the rasteriser's fixed point, within pngLimit (0 for NaN).
func pngFix26(q pngPoint) fixed.Point26_6 {
	clamp := func(v float64) fixed.Int26_6 {
		if v != v {
			return 0
		}
		return fixed.Int26_6(math.Round(math.Max(-pngLimit, math.Min(pngLimit, v)) * 64))
	}
	return fixed.Point26_6{X: clamp(q.x), Y: clamp(q.y)}
}

// flatten returns the subpaths of p on the picture as polylines, in c.subs: arcs and
// curves become lines less than a tenth of a pixel from them, a close returns to the
// subpath's start, and a point that is not finite, or farther than pngFar, ends its
// subpath.
func (c *pngCanvas) flatten(p vg.Path) [][]pngPoint {
	subs := c.subs[:0]
	open := false // the last subpath of subs is the current one
	var start pngPoint
	add := func(q pngPoint, move bool) {
		if !(math.Abs(q.x) <= pngFar && math.Abs(q.y) <= pngFar) { // NaN too
			open = false
			return
		}
		if move || !open {
			if n := len(subs); n < cap(subs) {
				subs = subs[:n+1]
				subs[n] = subs[n][:0]
			} else {
				subs = append(subs, nil)
			}
			start, open = q, true
		}
		subs[len(subs)-1] = append(subs[len(subs)-1], q)
	}
	m := c.top().m
	// scale is how many pixels a point of the current coordinates spans, at most.
	scale := c.dpi / 72 * math.Max(math.Hypot(m.xx, m.yx), math.Hypot(m.xy, m.yy))
	const tol = 0.1 // pixels
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			add(c.device(comp.Pos), true)
		case vg.LineComp:
			add(c.device(comp.Pos), false)
		case vg.ArcComp:
			r := float64(comp.Radius)
			n := 1
			if rp := r * scale; rp > tol {
				n = int(math.Ceil(math.Abs(comp.Angle) / (2 * math.Acos(1-tol/rp))))
			}
			n = min(max(n, 1), 4096)
			for i := 0; i <= n; i++ {
				a := comp.Start + comp.Angle*float64(i)/float64(n)
				add(c.device(vg.Point{X: comp.Pos.X + vg.Length(r*math.Cos(a)), Y: comp.Pos.Y + vg.Length(r*math.Sin(a))}), false)
			}
		case vg.CurveComp:
			if !open || len(comp.Control) == 0 || len(comp.Control) > 2 {
				add(c.device(comp.Pos), false)
				continue
			}
			sp := subs[len(subs)-1]
			p0 := sp[len(sp)-1]
			ctl := []pngPoint{p0}
			for _, q := range comp.Control {
				ctl = append(ctl, c.device(q))
			}
			ctl = append(ctl, c.device(comp.Pos))
			long := 0.0
			for i := 1; i < len(ctl); i++ {
				long += math.Hypot(ctl[i].x-ctl[i-1].x, ctl[i].y-ctl[i-1].y)
			}
			n := min(max(int(math.Ceil(math.Sqrt(long/tol))), 1), 4096)
			for i := 1; i <= n; i++ {
				add(pngBezier(ctl, float64(i)/float64(n)), false)
			}
		case vg.CloseComp:
			if open {
				add(start, false)
			}
		}
	}
	c.subs = subs
	return subs
}

// pngClipLines returns the parts of the polylines inside the rectangle from (x0,
// y0) to (x1, y1): a segment that leaves it ends its polyline there, and one that
// comes back starts another.
func pngClipLines(subs [][]pngPoint, x0, y0, x1, y1 float64) [][]pngPoint {
	inside := func(q pngPoint) bool { return q.x >= x0 && q.x <= x1 && q.y >= y0 && q.y <= y1 }
	all := true
	for _, sp := range subs {
		for _, q := range sp {
			all = all && inside(q)
		}
	}
	if all {
		return subs
	}
	var out [][]pngPoint
	for _, sp := range subs {
		var cur []pngPoint
		for i := 1; i < len(sp); i++ {
			a, b := sp[i-1], sp[i]
			// Liang-Barsky: the part of a-b with t in [t0, t1] is inside.
			t0, t1 := 0.0, 1.0
			dx, dy := b.x-a.x, b.y-a.y
			for _, e := range [4][2]float64{{-dx, a.x - x0}, {dx, x1 - a.x}, {-dy, a.y - y0}, {dy, y1 - a.y}} {
				pe, qe := e[0], e[1]
				if pe == 0 {
					if qe < 0 {
						t0, t1 = 1, 0
					}
					continue
				}
				if r := qe / pe; pe < 0 {
					t0 = math.Max(t0, r)
				} else {
					t1 = math.Min(t1, r)
				}
			}
			if !(t0 <= t1) {
				if len(cur) > 1 {
					out = append(out, cur)
				}
				cur = nil
				continue
			}
			from, to := pngPoint{a.x + t0*dx, a.y + t0*dy}, pngPoint{a.x + t1*dx, a.y + t1*dy}
			if len(cur) == 0 || t0 > 0 {
				if len(cur) > 1 {
					out = append(out, cur)
				}
				cur = []pngPoint{from}
			}
			cur = append(cur, to)
			if t1 < 1 {
				out = append(out, cur)
				cur = nil
			}
		}
		if len(cur) > 1 {
			out = append(out, cur)
		}
	}
	return out
}

// pngClipPolygon returns the polygon sp (closed implicitly) cut to the rectangle
// from (x0, y0) to (x1, y1), by Sutherland and Hodgman's method: what it covers
// inside the rectangle is unchanged.
func pngClipPolygon(sp []pngPoint, x0, y0, x1, y1 float64) []pngPoint {
	inside := true
	for _, q := range sp {
		inside = inside && q.x >= x0 && q.x <= x1 && q.y >= y0 && q.y <= y1
	}
	if inside {
		return sp
	}
	type edge struct {
		in  func(pngPoint) bool
		cut func(a, b pngPoint) pngPoint
	}
	atX := func(x float64) func(a, b pngPoint) pngPoint {
		return func(a, b pngPoint) pngPoint { return pngPoint{x, a.y + (b.y-a.y)*(x-a.x)/(b.x-a.x)} }
	}
	atY := func(y float64) func(a, b pngPoint) pngPoint {
		return func(a, b pngPoint) pngPoint { return pngPoint{a.x + (b.x-a.x)*(y-a.y)/(b.y-a.y), y} }
	}
	edges := [4]edge{
		{func(q pngPoint) bool { return q.x >= x0 }, atX(x0)},
		{func(q pngPoint) bool { return q.x <= x1 }, atX(x1)},
		{func(q pngPoint) bool { return q.y >= y0 }, atY(y0)},
		{func(q pngPoint) bool { return q.y <= y1 }, atY(y1)},
	}
	in := sp
	for _, e := range edges {
		var out []pngPoint
		for i, b := range in {
			a := in[(i+len(in)-1)%len(in)]
			switch ain, bin := e.in(a), e.in(b); {
			case ain && bin:
				out = append(out, b)
			case ain:
				out = append(out, e.cut(a, b))
			case bin:
				out = append(out, e.cut(a, b), b)
			}
		}
		if in = out; len(in) == 0 {
			break
		}
	}
	return in
}

// pngBezier returns the point at t of the Bézier curve of control points ctl.
func pngBezier(ctl []pngPoint, t float64) pngPoint {
	var buf [4]pngPoint
	q := append(buf[:0], ctl...)
	for n := len(q) - 1; n > 0; n-- {
		for i := range n {
			q[i] = pngPoint{q[i].x + t*(q[i+1].x-q[i].x), q[i].y + t*(q[i+1].y-q[i].y)}
		}
	}
	return q[0]
}

// pngDashLimit is the most dashes a path is cut into; a longer pattern is drawn
// whole, as a line far longer than the picture would otherwise take as long.
const pngDashLimit = 100_000

// pngDash cuts the polylines into the dashes of the pattern, given in points at
// scale pixels a point, from offset offs: the even entries are drawn, the odd ones
// are gaps, and one entry is both. A pattern with a negative entry or of no length
// draws the lines whole.
func pngDash(subs [][]pngPoint, pattern []vg.Length, offs vg.Length, scale float64) [][]pngPoint {
	dashes := make([]float64, 0, 2*len(pattern))
	period := 0.0
	for _, d := range pattern {
		if !(d >= 0) {
			return subs
		}
		dashes = append(dashes, float64(d)*scale)
		period += float64(d) * scale
	}
	if len(dashes) == 1 {
		dashes = append(dashes, dashes[0])
		period *= 2
	}
	length := 0.0
	for _, sp := range subs {
		for i := 1; i < len(sp); i++ {
			length += math.Hypot(sp[i].x-sp[i-1].x, sp[i].y-sp[i-1].y)
		}
	}
	if !(period > 0) || length/period*float64(len(dashes)) > pngDashLimit {
		return subs
	}
	var out [][]pngPoint
	for _, sp := range subs {
		if len(sp) < 2 {
			continue
		}
		// k is the dash we are in and done how far along it.
		k, done := 0, 0.0
		if off := math.Mod(float64(offs)*scale, period); off != 0 {
			if off < 0 {
				off += period
			}
			for k = 0; off >= dashes[k]; k = (k + 1) % len(dashes) {
				off -= dashes[k]
			}
			done = off
		}
		prev := sp[0]
		cur := []pngPoint{prev}
		for i := 1; i < len(sp); {
			q := sp[i]
			d := math.Hypot(q.x-prev.x, q.y-prev.y)
			if left := dashes[k] - done; d > left {
				t := left / d
				at := pngPoint{prev.x + t*(q.x-prev.x), prev.y + t*(q.y-prev.y)}
				if k%2 == 0 {
					out = append(out, append(cur, at))
				}
				cur = []pngPoint{at}
				prev, done, k = at, 0, (k+1)%len(dashes)
				continue
			}
			cur = append(cur, q)
			prev, done = q, done+d
			i++
		}
		if k%2 == 0 && len(cur) > 1 {
			out = append(out, cur)
		}
	}
	return out
}

// strokeStraight strokes p if it is a lone horizontal or vertical segment under a
// translation, dashed or not, as the rectangles of its dashes, and reports whether
// it did.
func (c *pngCanvas) strokeStraight(p vg.Path) bool {
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
	if len(dashes) > 0 && (period == 0 || length/(float64(period)*s)*float64(len(dashes)) > pngDashLimit) {
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
			c.fillRect(pngRect{x0 + dir*from, y0 - hw, x0 + dir*to, y0 + hw})
		} else {
			c.fillRect(pngRect{x0 - hw, y0 + dir*from, x0 + hw, y0 + dir*to})
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

// pngRect is a rectangle in pixels from the top left of the picture.
type pngRect struct{ x0, y0, x1, y1 float64 }

// rect returns the rectangle that path p outlines, if it is an upright rectangle
// under a translation: a move and three or four lines along the axes, closed or not.
func (c *pngCanvas) rect(p vg.Path) (pngRect, bool) {
	if n := len(p); n > 0 && p[n-1].Type == vg.CloseComp {
		p = p[:n-1]
	}
	if len(p) == 5 && p[4].Type == vg.LineComp && p[4].Pos == p[0].Pos {
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

// translated reports whether the current transform is a plain translation, which
// dots needs.
func (c *pngCanvas) translated() bool {
	_, _, ok := c.pixel(vg.Point{})
	return ok
}

// fillRect fills r in the current colour, each pixel at the level of the part of it
// that r covers.
func (c *pngCanvas) fillRect(r pngRect) {
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
	level := func(f float64) int { return int(f*pngBlendSteps + 0.5) }
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

// FillString implements vg.Canvas: text from the glyph cache, upright or running
// upwards on whole pixels, and turned any other way through fillStringTurned.
func (c *pngCanvas) FillString(f font.Face, pt vg.Point, str string) {
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
	face := pngFaceFor(f, c.dpi)
	t := c.pic.table(c.top().clr)
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
func (c *pngCanvas) fillStringTurned(f font.Face, pt vg.Point, str string) {
	face := pngFaceFor(f, c.dpi)
	// The upright text, with the dot at (0, 0) and y downwards, in pixels.
	var box image.Rectangle
	type placed struct {
		g  *pngGlyph
		at int
	}
	var gs []placed
	dot, prev := fixed.Int26_6(0), rune(-1)
	for _, r := range str {
		if prev >= 0 && !tabular(prev, r) {
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
	eu, ev = pngPoint{eu.x - o.x, eu.y - o.y}, pngPoint{ev.x - o.x, ev.y - o.y}
	det := eu.x*ev.y - eu.y*ev.x
	if !(math.Abs(det) > 1e-9) {
		return
	}
	lo, hi := pngPoint{math.Inf(1), math.Inf(1)}, pngPoint{math.Inf(-1), math.Inf(-1)}
	for _, corner := range [4]image.Point{box.Min, {box.Max.X, box.Min.Y}, {box.Min.X, box.Max.Y}, box.Max} {
		u, v := float64(corner.X), float64(corner.Y)
		q := pngPoint{o.x + u*eu.x + v*ev.x, o.y + u*eu.y + v*ev.y}
		lo, hi = pngPoint{math.Min(lo.x, q.x), math.Min(lo.y, q.y)}, pngPoint{math.Max(hi.x, q.x), math.Max(hi.y, q.y)}
	}
	t := c.pic.table(c.top().clr)
	for py := max(int(math.Floor(lo.y)), 0); py < min(int(math.Ceil(hi.y)), c.pic.h); py++ {
		row := c.pic.row(py)
		for px := max(int(math.Floor(lo.x)), 0); px < min(int(math.Ceil(hi.x)), c.pic.w); px++ {
			dx, dy := float64(px)+0.5-o.x, float64(py)+0.5-o.y
			u := int(math.Floor((dx*ev.y - dy*ev.x) / det))
			v := int(math.Floor((eu.x*dy - eu.y*dx) / det))
			if a := text.AlphaAt(u, v).A; a != 0 {
				row[px] = t.blend(pngLevel(a), row[px])
			}
		}
	}
}

// DrawImage implements vg.Canvas: img scaled to rect, each pixel of the picture in
// the colour of the nearest pixel of img, drawn over what is there. It is drawn
// upright in the box that rect's corners span on the picture, whatever the
// rotation: no picture of ours draws an image.
func (c *pngCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	b := img.Bounds()
	p0, p1 := c.device(rect.Min), c.device(rect.Max)
	x0, x1 := math.Min(p0.x, p1.x), math.Max(p0.x, p1.x)
	y0, y1 := math.Min(p0.y, p1.y), math.Max(p0.y, p1.y)
	if b.Empty() || !(x1 > x0 && y1 > y0) {
		return
	}
	for py := max(int(math.Floor(y0)), 0); py < min(int(math.Ceil(y1)), c.pic.h); py++ {
		row := c.pic.row(py)
		sy := b.Min.Y + min(int((float64(py)+0.5-y0)/(y1-y0)*float64(b.Dy())), b.Dy()-1)
		for px := max(int(math.Floor(x0)), 0); px < min(int(math.Ceil(x1)), c.pic.w); px++ {
			sx := b.Min.X + min(int((float64(px)+0.5-x0)/(x1-x0)*float64(b.Dx())), b.Dx()-1)
			// No blend table: an image has too many colours to keep one for each.
			r, g, bl, a := img.At(max(sx, b.Min.X), max(sy, b.Min.Y)).RGBA()
			row[px] = c.pic.index(pngMix(pngInk{r, g, bl, a}, pngBlendSteps, c.pic.pal[row[px]]), true)
		}
	}
}

// dots draws a filled circle of radius r points in clr at each point, and reports
// whether it could: it cannot under a rotation or scaling.
func (c *pngCanvas) dots(pts []vg.Point, r vg.Length, clr color.Color) bool {
	if !c.translated() {
		return false
	}
	rad := float64(r) * c.dpi / 72
	t := c.pic.table(clr)
	for _, pt := range pts {
		x, y, _ := c.pixel(pt)
		ix, iy := math.Floor(x), math.Floor(y)
		sx, sy := int((x-ix)*pngDotSub), int((y-iy)*pngDotSub)
		if !(math.Abs(ix) < pngLimit && math.Abs(iy) < pngLimit) {
			continue
		}
		c.pic.mask(t, pngDotMask(rad, sx, sy), int(ix), int(iy))
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

// pngFaceMax is the most glyphs, and pairs' kernings, a face keeps: past it the cache
// starts again, so that text from files cannot grow it without bound.
const pngFaceMax = 1 << 13

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
	if len(f.glyphs) >= pngFaceMax {
		clear(f.glyphs) // text from files can hold any of a million runes
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
	if len(f.kerns) >= pngFaceMax {
		clear(f.kerns)
	}
	f.kerns[k] = v
	return v
}

// pngStep rounds a coverage to the nearest of pngBlendSteps+1 levels from 0 to 255.
func pngStep(a uint8) uint8 {
	q := (int(a)*pngBlendSteps + 127) / 255
	return uint8((q*255 + pngBlendSteps/2) / pngBlendSteps)
}
