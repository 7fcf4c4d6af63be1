package report

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The second panel: how the running time spreads over step rates, against the
// threshold and the target at the pace run.

// histPanel draws a histogram of the steps shown, weighted by time. For a judged run
// each bar is split into the time below the threshold for its pace and the time at
// or above it, and a legend gives the shares and the paces the verdict judged.
func (d *dashboard) histPanel() *plot.Plot {
	title := "Running cadence distribution"
	if d.walk {
		title = "Walking cadence distribution"
	}
	p := d.newPlot(title, "cadence (steps/min)", "time (min)")
	n := len(d.shown)
	if n == 0 {
		d.note(p, "no running steps recorded")
		return p
	}
	// Each step is below its threshold, at or above it, or left out of the verdict
	// (a workout's recoveries): those are grey, and judged neither way.
	vs, ws, below, out := make([]float64, n), make([]float64, n), make([]bool, n), make([]bool, n)
	total, leftOut := 0.0, 0.0
	for k, s := range d.shown {
		vs[k], ws[k] = s.spm, dashDT(d.pts, s.i)
		out[k] = d.judged && d.pts[s.i].LeftOut
		below[k] = d.judged && !out[k] && s.spm < s.thr
		total += ws[k]
		if out[k] {
			leftOut += ws[k]
		}
	}
	unit := "min"
	if !(total > 0) { // no usable time between samples: count samples instead
		for i := range ws {
			ws[i] = 60
		}
		total = 60 * float64(len(ws))
		unit = "samples"
		p.Y.Label.Text = "samples"
	}

	// Bins of 2 steps/min with odd edges, so that the even values that doubled
	// one-foot counts give sit in the middle of their bin.
	sorted := append([]float64(nil), vs...)
	sort.Float64s(sorted)
	// All values, short of outliers far from the rest (the edge bins take those).
	lo := math.Max(sorted[0], analysis.Quantile(sorted, 0.005)-10)
	hi := math.Min(sorted[len(sorted)-1], analysis.Quantile(sorted, 0.995)+10)
	if d.judged && !d.paced {
		lo, hi = math.Min(lo, d.thr-5), math.Max(hi, d.thr+5)
	}
	if t := d.opt.Target; t > 0 {
		lo, hi = math.Min(lo, t-5), math.Max(hi, d.later+5)
	}
	if hi-lo < 20 {
		mid := (lo + hi) / 2
		lo, hi = mid-10, mid+10
	}
	xlo := math.Floor((lo-3)/2)*2 + 1
	xhi := math.Ceil((hi+1)/2)*2 + 1
	nb := int((xhi - xlo) / 2)
	binsUnder, binsOver, binsOut := make([]float64, nb), make([]float64, nb), make([]float64, nb)
	for i, v := range vs {
		k := int(math.Floor((v - xlo) / 2))
		k = max(0, min(nb-1, k))
		switch {
		case out[i]:
			binsOut[k] += ws[i] / 60
		case below[i]:
			binsUnder[k] += ws[i] / 60
		default:
			binsOver[k] += ws[i] / 60
		}
	}
	if unit == "samples" {
		for k := range binsUnder {
			binsUnder[k], binsOver[k], binsOut[k] = math.Round(binsUnder[k]), math.Round(binsOver[k]), math.Round(binsOut[k])
		}
	}
	peak, mode := 0.0, 0
	for k := range binsUnder {
		if b := binsUnder[k] + binsOver[k] + binsOut[k]; b > peak {
			peak, mode = b, k
		}
	}
	p.X.Min, p.X.Max = xlo, xhi
	p.Y.Min, p.Y.Max = 0, math.Max(peak*1.12, 1e-9)
	p.X.Tick.Marker = dashTicks(xlo, xhi, []float64{5, 10, 20, 50}, 9, dashIntLabel)
	p.Y.Tick.Marker = dashTicks(0, p.Y.Max, []float64{0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}, 6, dashNumLabel)
	p.Add(d.grid())
	if t := d.opt.Target; t > 0 {
		if d.later > t {
			p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
				tx, _ := p.Transforms(&c)
				rect := vg.Rectangle{Min: vg.Point{X: tx(t), Y: c.Min.Y}, Max: vg.Point{X: tx(d.later), Y: c.Max.Y}}
				c.SetColor(dashTargetBand)
				c.Fill(rect.Path())
			}))
		} else {
			p.Add(d.vline(t, draw.LineStyle{Color: dashPurple, Width: 2}))
		}
	}
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		for k := range binsUnder {
			x0 := xlo + 2*float64(k)
			base := 0.0
			for _, bar := range []struct {
				h   float64
				clr color.Color
			}{{binsUnder[k], dashVermilion}, {binsOver[k], dashBlue}, {binsOut[k], dashFlat}} {
				if bar.h <= 0 {
					continue
				}
				rect := vg.Rectangle{Min: vg.Point{X: tx(x0) + 0.5, Y: ty(base)}, Max: vg.Point{X: tx(x0+2) - 0.5, Y: ty(base + bar.h)}}
				c.SetColor(bar.clr)
				c.Fill(rect.Path())
				base += bar.h
			}
		}
	}))
	if d.judged && !d.paced {
		p.Add(d.vline(d.thr, draw.LineStyle{Color: dashVermilion, Width: 1.5, Dashes: []vg.Length{6, 4}}))
	}
	// The legend goes on the side away from the tallest bar.
	left := float64(mode) > float64(nb)/2
	amount := func(s float64) string {
		if unit == "samples" {
			return fmt.Sprintf("%.0f samples", s/60)
		}
		return dashDuration(s)
	}
	type row struct {
		swatch        color.Color
		name, pct, at string
		clr           color.Color
	}
	var rows []row
	heading := "all steps shown"
	switch {
	case d.judged:
		// The bars compare each step with the threshold at the pace of its moment;
		// the numbers are the verdict's, by the parts it judged.
		heading = "each step against the threshold for its pace"
		if !d.paced {
			heading = "each step against the threshold"
		}
		rows = append(rows,
			row{swatch: dashVermilion, name: "below: low for the pace"},
			row{swatch: dashBlue, name: "at or above"})
		if leftOut > 0 {
			rows = append(rows, row{swatch: dashFlat, name: "not judged: recoveries, changes of pace", at: amount(leftOut)})
		}
		parts := coach.Parts(d.r)
		if len(parts) > 0 {
			var below, all float64
			for _, q := range parts {
				all += q.Seconds
				if q.Below {
					below += q.Seconds
				}
			}
			rows = append(rows, row{name: fmt.Sprintf("the verdict: %s of %s min below", strconv.Itoa(int(math.Round(below/60))), strconv.Itoa(int(math.Round(all/60))))})
		}
		for i, q := range parts {
			if i == 4 {
				rows = append(rows, row{name: fmt.Sprintf("and %d more", len(parts)-4), clr: dashMuted})
				break
			}
			pace := "no speed"
			if q.PaceSPerKm != nil {
				pace = FormatPace(*q.PaceSPerKm, d.opt.Imperial)
			}
			rel, clr := "≥", dashInk
			if q.Below {
				rel, clr = "<", dashVermilion
			}
			rows = append(rows, row{name: fmt.Sprintf("%s  %s %s %s", pace, dashNum(q.MedianSPM), rel, dashNum(q.ThresholdSPM)), at: dashDuration(q.Seconds), clr: clr})
		}
	case d.walk:
		heading = "a walk: not judged for overstriding"
		rows = append(rows, row{dashBlue, "all moving steps", "100%", amount(total), dashInk})
	default:
		heading = "too little running to judge"
		rows = append(rows, row{dashBlue, "running steps", "100%", amount(total), dashInk})
	}
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		sty := d.style(11, false, dashInk)
		bold := d.style(11, true, dashInk)
		const lineH, sw, gap = 17, 12, 10
		var w0, w1, w2 vg.Length
		for _, r := range rows {
			w0, w1, w2 = max(w0, sty.Width(r.name)), max(w1, bold.Width(r.pct)), max(w2, sty.Width(r.at))
		}
		boxW := max(6+sw+6+w0+gap+w1+gap+w2+8, bold.Width(heading)+12)
		boxH := vg.Length(lineH*(len(rows)+1) + 8)
		x0 := c.Max.X - boxW - 6
		if left {
			x0 = c.Min.X + 6
		}
		top := c.Max.Y - 4
		back := vg.Rectangle{Min: vg.Point{X: x0, Y: top - boxH}, Max: vg.Point{X: x0 + boxW, Y: top}}
		c.SetColor(dashLabelBack)
		c.Fill(back.Path())
		d.text(c, vg.Point{X: x0 + 6, Y: top - 4}, heading, 11, true, dashInk, draw.XLeft, draw.YTop)
		for z, r := range rows {
			y := top - 4 - lineH*vg.Length(z+1)
			x := x0 + 6
			if r.swatch != nil {
				swatch := vg.Rectangle{Min: vg.Point{X: x, Y: y - 13}, Max: vg.Point{X: x + sw, Y: y - 1}}
				c.SetColor(r.swatch)
				c.Fill(swatch.Path())
			}
			x += sw + 6
			clr := r.clr
			if clr == nil {
				clr = dashInk
			}
			d.text(c, vg.Point{X: x, Y: y - 1}, r.name, 11, false, clr, draw.XLeft, draw.YTop)
			x += w0 + gap + w1
			if r.pct != "" {
				d.text(c, vg.Point{X: x, Y: y - 1}, r.pct, 11, true, dashInk, draw.XRight, draw.YTop)
			}
			x += gap + w2
			d.text(c, vg.Point{X: x, Y: y - 1}, r.at, 11, false, dashMuted, draw.XRight, draw.YTop)
		}
		// Name the threshold and the target at their tops, beside their lines and
		// below the legend where they would pass behind it.
		tx, _ := p.Transforms(&c)
		type mark struct {
			v    float64
			s    string
			clr  color.Color
			bold bool
			left bool
		}
		var marks []mark
		if d.judged && !d.paced {
			marks = append(marks, mark{d.thr, "threshold " + dashNum(d.thr), dashVermilion, false, true})
		}
		if t := d.opt.Target; t > 0 {
			marks = append(marks, mark{d.later, strings.TrimPrefix(d.targetName(), "your "), dashPurple, true, false})
		}
		prev := vg.Length(math.Inf(1))
		for _, m := range marks {
			if m.v < p.X.Min || m.v > p.X.Max {
				continue
			}
			x, xa := tx(m.v)+4, draw.XLeft
			if m.left {
				x, xa = tx(m.v)-4, draw.XRight
			}
			sty := d.style(10.5, m.bold, m.clr)
			sty.XAlign = xa
			r := sty.Rectangle(m.s)
			at := top - 4
			if x+r.Max.X >= back.Min.X-4 && x+r.Min.X <= back.Max.X+4 {
				at = back.Min.Y - 6
			}
			at = min(at, prev-16) // two names never share a line
			d.label(c, vg.Point{X: x, Y: at}, m.s, 10.5, m.bold, m.clr, xa, draw.YTop)
			prev = at
		}
	}))
	return p
}

// --- Panel 3: cadence against pace.
