package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/report/internal/vgpng"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The third and fourth panels: cadence against pace with the fitted line and what is
// typical, and cadence by slope or step length.

// pacePanel draws the steps shown as cadence against pace, faster to the right, with
// the fitted trend; for a judged run also the threshold and what is typical at each
// pace, the paces the verdict judged, and the target range at the pace it is for.
func (d *dashboard) pacePanel() *plot.Plot {
	p := d.newPlot("Cadence against pace", "pace (min/"+d.paceUnit+"), faster →", "cadence (steps/min)")
	minV := dashMinSpeed
	if d.walk {
		minV = dashMinWalkSpeed
	}
	xs, ys := make([]float64, 0, len(d.shown)), make([]float64, 0, len(d.shown))
	for _, s := range d.shown {
		if s.v >= minV && s.v <= dashMaxSpeed {
			xs = append(xs, d.paceMin(s.v))
			ys = append(ys, s.spm)
		}
	}
	if len(xs) == 0 {
		d.note(p, "no pace data: a treadmill run without a footpod speed,\nor a file without speed or positions")
		return p
	}
	sorted := append([]float64(nil), xs...)
	sort.Float64s(sorted)
	lo, hi := analysis.Quantile(sorted, 0.02), analysis.Quantile(sorted, 0.98)
	spread := math.Max(hi-lo, 0.5)
	lo, hi = lo-spread*0.1, hi+spread*0.1

	fit := d.r.PaceFit
	if d.walk {
		fit = nil // the fit is over running steps
	}
	goal := d.opt.Target
	goalPace := math.NaN()
	if fit != nil && goal > 0 {
		if v := fit.SpeedFor(goal); v >= dashMinSpeed && v <= dashMaxSpeed {
			goalPace = d.paceMin(v)
			// Show the crossing when it is near the runner's paces.
			if goalPace >= lo-spread*0.6 && goalPace < lo {
				lo = goalPace - spread*0.05
			}
			if goalPace <= hi+spread*0.6 && goalPace > hi {
				hi = goalPace + spread*0.05
			}
		}
	}
	var parts []analysis.JudgedPart
	if d.judged {
		parts = coach.Parts(d.r)
	}
	focus, hasFocus := analysis.JudgedPart{}, false
	if plan, ok := coach.PlanOf(d.r); ok && d.opt.Target > 0 && plan.Part.PaceSPerKm != nil {
		focus, hasFocus = plan.Part, true
	}
	p.X.Min, p.X.Max = lo, hi
	p.X.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	p.Y.Min, p.Y.Max = d.ylo, d.yhi
	p.X.Tick.Marker = dashTicks(lo, hi, []float64{10.0 / 60, 15.0 / 60, 0.5, 1, 2, 5}, 7, dashPaceLabel)
	p.Y.Tick.Marker = dashTicks(d.ylo, d.yhi, []float64{5, 10, 20, 50}, 8, dashIntLabel)
	p.Add(d.grid())

	// The threshold and what is typical, as lines across the paces.
	var marks []dashMark
	if d.judged {
		var px, thr, typ []float64
		for i := 0; i <= 60; i++ {
			x := lo + (hi-lo)*float64(i)/60
			t := d.thr
			if d.paced {
				t = analysis.ThresholdAt(d.thr, d.unitM/(60*x))
			}
			px, thr, typ = append(px, x), append(thr, t), append(typ, t+analysis.TypicalMargin)
		}
		p.Add(d.lines([][2][]float64{{px, typ}}, draw.LineStyle{Color: dashMuted, Width: 1, Dashes: []vg.Length{2, 3}}))
		p.Add(d.lines([][2][]float64{{px, thr}}, draw.LineStyle{Color: dashVermilion, Width: 1.5, Dashes: []vg.Length{6, 4}}))
		// Named at the right, the fast end.
		inside := func(v []float64) bool { return slices.Min(v) <= d.yhi && slices.Max(v) >= d.ylo }
		marks = append(marks, dashMark{thr[0], "threshold for the pace", dashVermilion, false, inside(thr)},
			dashMark{typ[0], "typical for the pace", dashMuted, false, inside(typ)})
	}

	// An even stride through the samples: a picture needs no more.
	step := max(1, (len(xs)+dashMaxScatter-1)/dashMaxScatter)
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		sty := draw.GlyphStyle{Color: dashDots, Radius: 2, Shape: draw.CircleGlyph{}}
		if pc := vgpng.CanvasOf(c.Canvas); pc != nil {
			pts := make([]vg.Point, 0, len(xs)/step+1)
			for i := 0; i < len(xs); i += step {
				if pt := (vg.Point{X: tx(xs[i]), Y: ty(ys[i])}); c.Contains(pt) {
					pts = append(pts, pt)
				}
			}
			if pc.Dots(pts, sty.Radius, sty.Color) {
				return
			}
		}
		for i := 0; i < len(xs); i += step {
			c.DrawGlyph(sty, vg.Point{X: tx(xs[i]), Y: ty(ys[i])})
		}
	}))
	if fit != nil {
		var fx, fy []float64
		for i := 0; i <= 60; i++ {
			x := lo + (hi-lo)*float64(i)/60
			fx = append(fx, x)
			fy = append(fy, fit.SPMAt(d.unitM/(60*x)))
		}
		p.Add(d.lines([][2][]float64{{fx, fy}}, draw.LineStyle{Color: dashInk, Width: 2}))
	}
	// The target range, at the pace it is for, and the paces the verdict judged.
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		if hasFocus {
			x := d.unitM / (1000 / *focus.PaceSPerKm) / 60
			if x >= p.X.Min && x <= p.X.Max {
				px := tx(x)
				y0, y1 := ty(math.Max(d.opt.Target, p.Y.Min)), ty(math.Min(d.later, p.Y.Max))
				if d.later > d.opt.Target {
					c.StrokeLine2(draw.LineStyle{Color: dashPurple, Width: 5}, px, y0-1.5, px, y1+1.5)
				} else {
					c.DrawGlyph(draw.GlyphStyle{Color: dashPurple, Radius: 4.5, Shape: draw.CircleGlyph{}}, vg.Point{X: px, Y: y0})
				}
				// Named to the right of the bar, or to its left where the name would
				// run into the names of the lines at the panel's right edge.
				name := d.targetName() + " at " + FormatPace(*focus.PaceSPerKm, d.opt.Imperial)
				at, xa := vg.Point{X: px + 8, Y: (y0 + y1) / 2}, draw.XLeft
				w := d.style(10.5, true, dashPurple).Width(name)
				if at.X+w > c.Max.X-6-d.marksWidth(marks)-8 && px-8-w >= c.Min.X {
					at.X, xa = px-8, draw.XRight
				}
				d.label(c, at, name, 10.5, true, dashPurple, xa, draw.YCenter)
			}
		}
		for _, q := range parts {
			if q.PaceSPerKm == nil {
				continue
			}
			x, y := d.unitM/(1000 / *q.PaceSPerKm)/60, q.MedianSPM
			if x < p.X.Min || x > p.X.Max || y < p.Y.Min || y > p.Y.Max {
				continue
			}
			clr := color.Color(dashInk)
			if q.Below {
				clr = dashVermilion
			}
			pt := vg.Point{X: tx(x), Y: ty(y)}
			c.DrawGlyph(draw.GlyphStyle{Color: color.White, Radius: 6.5, Shape: draw.BoxGlyph{}}, pt)
			c.DrawGlyph(draw.GlyphStyle{Color: clr, Radius: 5, Shape: draw.BoxGlyph{}}, pt)
		}
	}))
	p.Add(d.rightLabels(marks))
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		at := vg.Point{X: c.Min.X + 8, Y: c.Max.Y - 6}
		var msg string
		switch {
		case fit == nil && d.walk:
			msg = "each dot is a step sample: a walk, not judged for overstriding"
		case fit == nil:
			msg = "too little spread of pace for a trend line"
		default:
			msg = fmt.Sprintf("trend (black): your cadence follows your pace %s", dashFollows(fit.R2))
			if !math.IsNaN(goalPace) {
				msg += fmt.Sprintf("; it reaches %s at %s", dashNum(goal), FormatPace(goalPace*60*1000/d.unitM, d.opt.Imperial))
				if goalPace >= p.X.Min && goalPace <= p.X.Max && goal >= p.Y.Min && goal <= p.Y.Max {
					x, y := tx(goalPace), ty(goal)
					c.StrokeLine2(draw.LineStyle{Color: dashInk, Width: 1, Dashes: []vg.Length{2, 3}}, x, c.Min.Y, x, y)
					c.DrawGlyph(draw.GlyphStyle{Color: dashInk, Radius: 4, Shape: draw.RingGlyph{}}, vg.Point{X: x, Y: y})
				}
			} else if goal > 0 {
				msg += fmt.Sprintf("; it does not reach %s at a running pace", dashNum(goal))
			}
		}
		d.label(c, at, msg, 10.5, false, dashInk, draw.XLeft, draw.YTop)
		if len(parts) > 0 && d.paced {
			d.label(c, vg.Point{X: at.X, Y: at.Y - 16}, "squares: the paces the verdict judged (red: below the threshold)", 10.5, false, dashMuted, draw.XLeft, draw.YTop)
		}
	}))
	return p
}

// dashFollows says in words how closely cadence follows pace, from the share of its
// variation the straight line explains.
func dashFollows(r2 float64) string {
	switch {
	case r2 >= 0.6:
		return "closely"
	case r2 >= 0.3:
		return "moderately"
	}
	return "loosely"
}

// paceMin returns the pace in minutes per pace unit at speed v (m/s).
func (d *dashboard) paceMin(v float64) float64 { return d.unitM / v / 60 }

// --- Panel 4: cadence by slope, or step length over time.

// fourthPanel draws cadence by slope where the activity has grades, else step length
// over time.
func (d *dashboard) fourthPanel() *plot.Plot {
	if len(d.r.Grades) > 0 && !d.walk {
		return d.gradePanel()
	}
	return d.stepPanel()
}

// gradePanel draws the median running cadence uphill, on the flat and downhill as
// bars from zero, each labelled with its time and pace, and for a judged run the
// threshold at each one's pace as a dashed mark across its bar.
func (d *dashboard) gradePanel() *plot.Plot {
	p := d.newPlot("Cadence by slope (grade beyond ±2%)", "", "median cadence (steps/min)")
	gs := d.r.Grades
	names := make([]string, len(gs))
	top := 0.0
	for i, g := range gs {
		names[i] = g.Name
		if g.SpeedMS > 0 {
			names[i] += "\n" + FormatPace(1000/g.SpeedMS, d.opt.Imperial)
		}
		if dashFinite(g.MedianSPM) {
			top = math.Max(top, g.MedianSPM)
		}
	}
	thrOf := func(g analysis.GradeBand) float64 {
		if !d.paced || !(g.SpeedMS > 0) {
			return d.thr
		}
		return analysis.ThresholdAt(d.thr, g.SpeedMS)
	}
	if d.judged {
		for _, g := range gs {
			top = math.Max(top, thrOf(g))
		}
	}
	ticks := make([]plot.Tick, len(gs))
	for i := range gs {
		ticks[i] = plot.Tick{Value: float64(i), Label: names[i]}
	}
	p.X.Min, p.X.Max = -0.6, float64(len(gs))-0.4
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Length = 0
	p.X.Tick.Label.Font.Size = 12
	// From zero: the bars' heights compare honestly, and the labels give the
	// numbers.
	p.Y.Min, p.Y.Max = 0, math.Max(top*1.18, 10)
	p.Y.Tick.Marker = dashTicks(0, p.Y.Max, []float64{10, 20, 25, 50, 100}, 8, dashIntLabel)
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) { // horizontal grid only
		_, ty := p.Transforms(&c)
		for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			c.StrokeLine2(draw.LineStyle{Color: dashGrid, Width: 0.75}, c.Min.X, ty(t.Value), c.Max.X, ty(t.Value))
		}
	}))
	clr := map[string]color.Color{"uphill": dashOrange, "flat": dashFlat, "downhill": dashSky}
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		for i, g := range gs {
			if !dashFinite(g.MedianSPM) {
				continue
			}
			v := math.Min(math.Max(g.MedianSPM, p.Y.Min), p.Y.Max)
			x0, x1 := tx(float64(i)-0.3), tx(float64(i)+0.3)
			rect := vg.Rectangle{Min: vg.Point{X: x0, Y: ty(0)}, Max: vg.Point{X: x1, Y: ty(v)}}
			k := clr[g.Name]
			if k == nil {
				k = dashBlue
			}
			c.SetColor(k)
			c.Fill(rect.Path())
			label := dashNum(g.MedianSPM) + " steps/min"
			if d.judged {
				t := thrOf(g)
				c.StrokeLine2(draw.LineStyle{Color: dashVermilion, Width: 2, Dashes: []vg.Length{5, 3}}, x0-6, ty(t), x1+6, ty(t))
				if g.MedianSPM < t {
					label += " < " + dashNum(t)
				}
			}
			d.text(c, vg.Point{X: (x0 + x1) / 2, Y: max(ty(v), ty(thrOf(g))) + 4}, label, 12, true, dashInk, draw.XCenter, draw.YBottom)
			d.label(c, vg.Point{X: (x0 + x1) / 2, Y: c.Min.Y + 8}, dashDuration(g.Seconds), 11, false, dashInk, draw.XCenter, draw.YBottom)
		}
	}))
	if d.judged {
		s := "dashed: the threshold for the pace of each"
		if !d.paced {
			s = fmt.Sprintf("dashed: the threshold, %s (no speed)", dashNum(d.thr))
		}
		p.Add(d.topLegend(s))
	}
	return p
}

// stepPanel draws step length (speed over steps per second) of the steps shown over
// moving time, as a 30 s rolling median that starts afresh after every pause.
func (d *dashboard) stepPanel() *plot.Plot {
	unit, factor := "m", 1.0
	if d.opt.Imperial {
		unit, factor = "ft", dashFeetPerMetre
	}
	p := d.newPlot("Step length over time", "moving time (min)", "step length ("+unit+")")
	var ts, xs, vs []float64
	var segs []int
	for _, s := range d.shown {
		if !math.IsNaN(s.v) {
			ts, xs = append(ts, s.t), append(xs, s.x)
			vs = append(vs, factor*s.v/(s.spm/60))
			segs = append(segs, s.seg)
		}
	}
	if len(ts) == 0 {
		d.note(p, "no speed data: step length needs pace,\nand cadence by slope needs altitude")
		return p
	}
	var smooth [][2][]float64
	var all []float64
	for _, rn := range dashRuns(ts, segs, dashBreakS/60.0) {
		m := dashRollingMedian(ts[rn[0]:rn[1]], vs[rn[0]:rn[1]], dashSmoothHalfS/60.0)
		smooth = append(smooth, [2][]float64{xs[rn[0]:rn[1]], m})
		all = append(all, m...)
	}
	sort.Float64s(all)
	med := analysis.Quantile(all, 0.5)
	ylo, yhi := analysis.Quantile(all, 0.01), analysis.Quantile(all, 0.99)
	pad := math.Max((yhi-ylo)*0.15, 0.05*factor)
	p.X.Min, p.X.Max = 0, d.maxX
	p.Y.Min, p.Y.Max = math.Max(0, ylo-pad), yhi+pad
	p.X.Tick.Marker = dashTicks(p.X.Min, p.X.Max, []float64{1, 2, 5, 10, 15, 20, 30, 60, 120}, 9, dashIntLabel)
	p.Y.Tick.Marker = dashTicks(p.Y.Min, p.Y.Max, []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1}, 7, dashNumLabel)
	p.Add(d.grid())
	p.Add(d.hline(med, draw.LineStyle{Color: dashMuted, Width: 1, Dashes: []vg.Length{4, 3}}))
	p.Add(d.lines(smooth, draw.LineStyle{Color: dashBlue, Width: 2}))
	p.Add(d.rightLabels([]dashMark{{med, fmt.Sprintf("median %.2f %s", med, unit), dashMuted, false, false}}))
	return p
}

// --- Helpers.
