package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cadence-run/cadence/analysis"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The first panel: cadence over time, with walks and pauses marked, the raw samples
// as a faint band and the smoothed line over them.

// timePanel draws cadence over the moving minutes of the activity: the raw moving
// samples as a faint band, a 30 s rolling median of the steps shown that starts
// afresh after every pause, and for a judged run the threshold at the pace of the
// moment and the target range. Pauses and gaps in the recording take no room.
func (d *dashboard) timePanel() *plot.Plot {
	p := d.newPlot("Cadence over time", "moving time (min)", "cadence (steps/min)")
	n := len(d.pts)
	xs, vs := make([]float64, 0, n), make([]float64, 0, n)
	for i, pt := range d.pts {
		if pt.Moving && dashFinite(pt.SPM) && dashFinite(pt.T) {
			xs = append(xs, d.xs[i])
			vs = append(vs, pt.SPM)
		}
	}
	if len(xs) == 0 {
		d.note(p, "no step cadence recorded")
		return p
	}
	p.X.Min, p.X.Max = 0, d.maxX
	p.Y.Min, p.Y.Max = d.ylo, d.yhi
	p.X.Tick.Marker = dashTicks(p.X.Min, p.X.Max, []float64{1, 2, 5, 10, 15, 20, 30, 60, 120}, 9, dashIntLabel)
	p.Y.Tick.Marker = dashTicks(d.ylo, d.yhi, []float64{5, 10, 20, 50}, 8, dashIntLabel)
	p.Add(d.grid())
	d.targetBand(p)
	walks, pauses := d.breaks()
	p.Add(d.walkSpans(walks, pauses))
	p.Add(d.rawColumns(xs, vs))
	// The line follows the steps shown only: a walking break or a stop ends it, and
	// so does every pause, so that the median never mixes them. The threshold line
	// follows the pace in the same stretches.
	ts, segs := make([]float64, len(d.shown)), make([]int, len(d.shown))
	for k, s := range d.shown {
		ts[k], segs[k] = s.t, s.seg
	}
	var smooth, thrs [][2][]float64
	for _, rn := range dashRuns(ts, segs, dashBreakS/60.0) {
		sub := d.shown[rn[0]:rn[1]]
		x, y, th := make([]float64, len(sub)), make([]float64, len(sub)), make([]float64, len(sub))
		for k, s := range sub {
			x[k], y[k], th[k] = s.x, s.spm, s.thr
		}
		smooth = append(smooth, [2][]float64{x, dashRollingMedian(ts[rn[0]:rn[1]], y, dashSmoothHalfS/60.0)})
		thrs = append(thrs, [2][]float64{x, th})
	}
	thrStyle := draw.LineStyle{Color: dashVermilion, Width: 1.5, Dashes: []vg.Length{6, 4}}
	var marks []dashMark
	if d.judged {
		last := d.thr
		if d.paced {
			p.Add(d.lines(thrs, thrStyle))
			for k := len(d.shown) - 1; k >= 0; k-- {
				if dashFinite(d.shown[k].thr) {
					last = d.shown[k].thr
					break
				}
			}
		} else {
			p.Add(d.hline(d.thr, thrStyle))
		}
		marks = append(marks, dashMark{last, d.thrName(), dashVermilion, false, false})
	}
	if d.opt.Target > 0 {
		marks = append(marks, dashMark{(d.opt.Target + d.later) / 2, d.targetName(), dashPurple, true, false})
	}
	p.Add(d.lines(smooth, draw.LineStyle{Color: dashBlue, Width: 2}))
	p.Add(d.rightLabels(marks))
	var legend []string
	if len(walks) > 0 {
		legend = append(legend, fmt.Sprintf("grey: walking breaks (below %d steps/min)", analysis.RunningMinSPM))
	}
	if len(pauses) > 0 {
		legend = append(legend, "dotted: pauses")
	}
	if len(legend) > 0 {
		p.Add(d.topLegend(strings.Join(legend, "  ·  ")))
	}
	return p
}

// breaks returns the walking breaks of a run that last at least dashBreakS seconds
// (moving steps below analysis.RunningMinSPM, which the cadence axis leaves out), as
// spans of the moving-time axis, and the places of the pauses and gaps, where the
// line breaks off.
func (d *dashboard) breaks() (walks [][2]float64, pauses []float64) {
	if d.walk {
		return nil, d.pauses()
	}
	from, last, seg, xFrom, xLast := math.NaN(), math.NaN(), -1, 0.0, 0.0
	end := func() {
		if !math.IsNaN(from) && last-from >= dashBreakS {
			walks = append(walks, [2]float64{xFrom, xLast})
		}
		from = math.NaN()
	}
	for i, pt := range d.pts {
		if !dashFinite(pt.T) {
			continue
		}
		walking := pt.Moving && dashFinite(pt.SPM) && !pt.Running
		switch {
		case walking && !math.IsNaN(from) && pt.Seg == seg && pt.T-last <= dashBreakS:
			last, xLast = pt.T, d.xs[i]
		case walking:
			end()
			from, last, seg, xFrom, xLast = pt.T, pt.T, pt.Seg, d.xs[i], d.xs[i]
		case dashFinite(pt.SPM) && pt.Moving:
			end()
		}
	}
	end()
	return walks, d.pauses()
}

// pauses returns the places on the moving-time axis where the segment changes
// between two samples with cadence: a timer pause, or a gap in the recording.
func (d *dashboard) pauses() []float64 {
	var out []float64
	prev := -1
	for i, pt := range d.pts {
		if !pt.Moving || !dashFinite(pt.SPM) || !dashFinite(pt.T) {
			continue
		}
		if prev >= 0 && pt.Seg != d.pts[prev].Seg {
			out = append(out, d.xs[i])
		}
		prev = i
	}
	return out
}

// walkSpans shades the walking breaks and marks the pauses with dotted lines, and
// names each along the bottom where there is room.
func (d *dashboard) walkSpans(spans [][2]float64, pauses []float64) dashLayer {
	return func(c draw.Canvas, p *plot.Plot) {
		tx, _ := p.Transforms(&c)
		// The names go along the bottom, left to right, each only where it clears
		// the one before: a pause and a walk close together would run into one.
		type name struct {
			x vg.Length
			s string
		}
		var names []name
		dotted := draw.LineStyle{Color: dashMuted, Width: 0.75, Dashes: []vg.Length{1.5, 2.5}}
		for _, x := range pauses {
			px := tx(x)
			if px < c.Min.X || px > c.Max.X {
				continue
			}
			c.StrokeLine2(dotted, px, c.Min.Y, px, c.Max.Y)
			if len(pauses) <= 12 {
				names = append(names, name{px, "pause"})
			}
		}
		for _, sp := range spans {
			x0, x1 := max(tx(sp[0]), c.Min.X), min(tx(sp[1]), c.Max.X)
			if x1-x0 < 1 {
				x0, x1 = x0-0.5, x0+0.5
			}
			rect := vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: c.Max.Y}}
			c.SetColor(dashWalk)
			c.Fill(rect.Path())
			if len(spans) <= 12 {
				names = append(names, name{(x0 + x1) / 2, "walk"})
			}
		}
		slices.SortStableFunc(names, func(a, b name) int { return cmp.Compare(a.x, b.x) })
		sty := d.style(10, false, dashMuted)
		last := c.Min.X - 1e9
		for _, n := range names {
			w := sty.Width(n.s)
			if n.x-w/2 < max(last+6, c.Min.X) || n.x+w/2 > c.Max.X {
				continue
			}
			d.text(c, vg.Point{X: n.x, Y: c.Min.Y + 4}, n.s, 10, false, dashMuted, draw.XCenter, draw.YBottom)
			last = n.x + w/2
		}
	}
}

// rawColumns draws the samples as a faint band that covers, in each pixel column,
// the lowest to the highest value in it: all that the pixels can show of them.
func (d *dashboard) rawColumns(xs, ys []float64) dashLayer {
	return func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		px := vg.Length(72.0 / dashDPI) // one pixel
		ncol := int((c.Max.X-c.Min.X)/px) + 1
		lo := make([]float64, ncol)
		hi := make([]float64, ncol)
		for i := range lo {
			lo[i], hi[i] = math.Inf(1), math.Inf(-1)
		}
		for i, x := range xs {
			k := int((tx(x) - c.Min.X) / px)
			if k < 0 || k >= ncol {
				continue
			}
			lo[k], hi[k] = math.Min(lo[k], ys[i]), math.Max(hi[k], ys[i])
		}
		// Each column is a rectangle with its corners on whole pixels (the canvas
		// has its origin on a pixel corner), so that the band has no anti-aliased
		// edge, which compresses badly. One polygon for a stretch of columns would
		// be fewer paths, but a rasteriser leaves part-covered pixels where such a
		// polygon's edges cancel (TestRawColumnsWholePixels); vgpng.Canvas fills an
		// upright rectangle straight, without one.
		snap := func(v vg.Length) vg.Length { return vg.Length(math.Round(float64(v/px))) * px }
		left := snap(c.Min.X)
		c.SetColor(dashRaw)
		path := make(vg.Path, 0, 5)
		for k := range ncol {
			if lo[k] > hi[k] {
				continue
			}
			y0, y1 := snap(ty(lo[k])-px/2), snap(ty(hi[k])+px/2)
			if y1 <= y0 {
				y1 = y0 + px
			}
			y0, y1 = max(y0, c.Min.Y), min(y1, c.Max.Y)
			if y1 > y0 {
				x0 := left + vg.Length(k)*px
				path = path[:0]
				path.Move(vg.Point{X: x0, Y: y0})
				path.Line(vg.Point{X: x0 + px, Y: y0})
				path.Line(vg.Point{X: x0 + px, Y: y1})
				path.Line(vg.Point{X: x0, Y: y1})
				path.Close()
				c.Fill(path)
			}
		}
	}
}

// lines draws each series as a line reduced to one point per pixel column (the mean
// of the samples in it) and stroked in paths of at most dashMaxPath points.
func (d *dashboard) lines(series [][2][]float64, sty draw.LineStyle) dashLayer {
	return func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		px := vg.Length(72.0 / dashDPI)
		var out [][]vg.Point
		for _, s := range series {
			xs, ys := s[0], s[1]
			var line []vg.Point
			col, n := math.MinInt, 0
			var sx, sy vg.Length
			flush := func() {
				if n > 0 {
					line = append(line, vg.Point{X: sx / vg.Length(n), Y: sy / vg.Length(n)})
				}
				sx, sy, n = 0, 0, 0
			}
			for i := range xs {
				if !dashFinite(ys[i]) {
					continue
				}
				x, y := tx(xs[i]), ty(ys[i])
				if k := int(math.Floor(float64((x - c.Min.X) / px))); k != col {
					flush()
					col = k
				}
				sx += x
				sy += y
				n++
			}
			flush()
			if len(line) == 1 { // a lone point still shows as a short tick
				line = append(line, vg.Point{X: line[0].X + px, Y: line[0].Y})
			}
			for len(line) > 1 {
				m := min(len(line), dashMaxPath)
				out = append(out, line[:m])
				if m == len(line) {
					break
				}
				line = line[m-1:] // the next path starts where this one ends
			}
		}
		for _, l := range c.ClipLinesXY(out...) {
			c.StrokeLines(sty, l)
		}
	}
}

// --- Panel 2: the distribution of cadence.
