package vgpng

import (
	"math"

	"gonum.org/v1/plot/vg"
)

// flatten returns the subpaths of p on the picture as polylines, in c.subs: arcs and
// curves become lines less than a tenth of a pixel from them, a close returns to the
// subpath's start, and a point that is not finite, or farther than farLimit, ends its
// subpath.
func (c *Canvas) flatten(p vg.Path) [][]point {
	subs := c.subs[:0]
	open := false // the last subpath of subs is the current one
	var start point
	add := func(q point, move bool) {
		if !(math.Abs(q.x) <= farLimit && math.Abs(q.y) <= farLimit) { // NaN too
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
			ctl := []point{p0}
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
				add(bezier(ctl, float64(i)/float64(n)), false)
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

// clipLines returns the parts of the polylines inside the rectangle from (x0,
// y0) to (x1, y1): a segment that leaves it ends its polyline there, and one that
// comes back starts another.
func clipLines(subs [][]point, x0, y0, x1, y1 float64) [][]point {
	inside := func(q point) bool { return q.x >= x0 && q.x <= x1 && q.y >= y0 && q.y <= y1 }
	all := true
	for _, sp := range subs {
		for _, q := range sp {
			all = all && inside(q)
		}
	}
	if all {
		return subs
	}
	var out [][]point
	for _, sp := range subs {
		var cur []point
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
			from, to := point{a.x + t0*dx, a.y + t0*dy}, point{a.x + t1*dx, a.y + t1*dy}
			if len(cur) == 0 || t0 > 0 {
				if len(cur) > 1 {
					out = append(out, cur)
				}
				cur = []point{from}
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

// clipPolygon returns the polygon sp (closed implicitly) cut to the rectangle
// from (x0, y0) to (x1, y1), by Sutherland and Hodgman's method: what it covers
// inside the rectangle is unchanged.
func clipPolygon(sp []point, x0, y0, x1, y1 float64) []point {
	inside := true
	for _, q := range sp {
		inside = inside && q.x >= x0 && q.x <= x1 && q.y >= y0 && q.y <= y1
	}
	if inside {
		return sp
	}
	type edge struct {
		in  func(point) bool
		cut func(a, b point) point
	}
	atX := func(x float64) func(a, b point) point {
		return func(a, b point) point { return point{x, a.y + (b.y-a.y)*(x-a.x)/(b.x-a.x)} }
	}
	atY := func(y float64) func(a, b point) point {
		return func(a, b point) point { return point{a.x + (b.x-a.x)*(y-a.y)/(b.y-a.y), y} }
	}
	edges := [4]edge{
		{func(q point) bool { return q.x >= x0 }, atX(x0)},
		{func(q point) bool { return q.x <= x1 }, atX(x1)},
		{func(q point) bool { return q.y >= y0 }, atY(y0)},
		{func(q point) bool { return q.y <= y1 }, atY(y1)},
	}
	in := sp
	for _, e := range edges {
		var out []point
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

// bezier returns the point at t of the Bézier curve of control points ctl.
func bezier(ctl []point, t float64) point {
	var buf [4]point
	q := append(buf[:0], ctl...)
	for n := len(q) - 1; n > 0; n-- {
		for i := range n {
			q[i] = point{q[i].x + t*(q[i+1].x-q[i].x), q[i].y + t*(q[i+1].y-q[i].y)}
		}
	}
	return q[0]
}

// dashLimit is the most dashes a path is cut into; a longer pattern is drawn
// whole, as a line far longer than the picture would otherwise take as long.
const dashLimit = 100_000

// dashPath cuts the polylines into the dashes of the pattern, given in points at
// scale pixels a point, from offset offs: the even entries are drawn, the odd ones
// are gaps, and one entry is both. A pattern with a negative entry or of no length
// draws the lines whole.
func dashPath(subs [][]point, pattern []vg.Length, offs vg.Length, scale float64) [][]point {
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
	if !(period > 0) || length/period*float64(len(dashes)) > dashLimit {
		return subs
	}
	var out [][]point
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
		cur := []point{prev}
		for i := 1; i < len(sp); {
			q := sp[i]
			d := math.Hypot(q.x-prev.x, q.y-prev.y)
			if left := dashes[k] - done; d > left {
				t := left / d
				at := point{prev.x + t*(q.x-prev.x), prev.y + t*(q.y-prev.y)}
				if k%2 == 0 {
					out = append(out, append(cur, at))
				}
				cur = []point{at}
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
