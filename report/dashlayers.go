package report

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Layers drawn over a panel: reference lines and bands, the grid, labels at the
// right edge, the target and threshold and their names.

// dashLayer is a plot.Plotter drawn by a function, for the parts of the panels that
// gonum's plotters do not draw the way the dashboard needs.
type dashLayer func(c draw.Canvas, p *plot.Plot)

// Plot implements plot.Plotter.
func (l dashLayer) Plot(c draw.Canvas, p *plot.Plot) { l(c, p) }

// hline draws a horizontal line across the data area at y.
func (d *dashboard) hline(y float64, sty draw.LineStyle) dashLayer {
	return func(c draw.Canvas, p *plot.Plot) {
		if y < p.Y.Min || y > p.Y.Max {
			return
		}
		_, ty := p.Transforms(&c)
		c.StrokeLine2(sty, c.Min.X, ty(y), c.Max.X, ty(y))
	}
}

// vline draws a vertical line across the data area at x.
func (d *dashboard) vline(x float64, sty draw.LineStyle) dashLayer {
	return func(c draw.Canvas, p *plot.Plot) {
		if x < p.X.Min || x > p.X.Max {
			return
		}
		tx, _ := p.Transforms(&c)
		c.StrokeLine2(sty, tx(x), c.Min.Y, tx(x), c.Max.Y)
	}
}

// hband shades the data area between y0 and y1.
func (d *dashboard) hband(y0, y1 float64, clr color.Color) dashLayer {
	return func(c draw.Canvas, p *plot.Plot) {
		y0, y1 := math.Max(y0, p.Y.Min), math.Min(y1, p.Y.Max)
		if y0 >= y1 {
			return
		}
		_, ty := p.Transforms(&c)
		rect := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: ty(y0)}, Max: vg.Point{X: c.Max.X, Y: ty(y1)}}
		c.SetColor(clr)
		c.Fill(rect.Path())
	}
}

// grid draws light lines at the major ticks of both axes.
func (d *dashboard) grid() dashLayer {
	return func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		sty := draw.LineStyle{Color: dashGrid, Width: 0.75}
		for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
			if x := tx(t.Value); !t.IsMinor() && c.ContainsX(x) {
				c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
			}
		}
		for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if y := ty(t.Value); !t.IsMinor() && c.ContainsY(y) {
				c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
			}
		}
	}
}

// dashMark is a label for a line, drawn at the right end of a panel.
type dashMark struct {
	y    float64 // data value of the line it names
	s    string
	clr  color.Color
	bold bool
	// clamp keeps the label at the panel's edge when its line leaves the panel
	// there; without it such a label is left out.
	clamp bool
}

// rightLabels names horizontal lines at the right end of the panel, each just above
// its line, moved apart where two would overlap and kept inside the panel.
func (d *dashboard) rightLabels(marks []dashMark) dashLayer {
	return func(c draw.Canvas, p *plot.Plot) {
		_, ty := p.Transforms(&c)
		const size = 10.5
		h := d.style(size, false, dashInk).Height("Xg") + 4
		type placed struct {
			y vg.Length
			m dashMark
		}
		var ps []placed
		for _, m := range marks {
			if m.clamp {
				m.y = math.Max(p.Y.Min, math.Min(p.Y.Max, m.y))
			}
			if !dashFinite(m.y) || m.y < p.Y.Min || m.y > p.Y.Max {
				continue
			}
			ps = append(ps, placed{ty(m.y) + h/2, m})
		}
		slices.SortStableFunc(ps, func(a, b placed) int { return cmp.Compare(a.y, b.y) })
		for i := 1; i < len(ps); i++ {
			ps[i].y = max(ps[i].y, ps[i-1].y+h)
		}
		if n := len(ps); n > 0 {
			if over := ps[n-1].y + h/2 - c.Max.Y; over > 0 {
				for i := range ps {
					ps[i].y -= over
				}
			}
		}
		for _, q := range ps {
			d.label(c, vg.Point{X: c.Max.X - 6, Y: q.y}, q.m.s, size, q.m.bold, q.m.clr, draw.XRight, draw.YCenter)
		}
	}
}

// marksWidth is the width of the widest name rightLabels draws for marks.
func (d *dashboard) marksWidth(marks []dashMark) vg.Length {
	var w vg.Length
	for _, m := range marks {
		w = max(w, d.style(10.5, m.bold, m.clr).Width(m.s))
	}
	return w
}

// targetName names the target range: "your target 164-168", or one number.
func (d *dashboard) targetName() string {
	if d.later > d.opt.Target {
		return fmt.Sprintf("your target %s-%s", dashNum(d.opt.Target), dashNum(d.later))
	}
	return "your target " + dashNum(d.opt.Target)
}

// targetBand shades the target range across the panel, or draws its line when it is
// one number.
func (d *dashboard) targetBand(p *plot.Plot) {
	if d.opt.Target <= 0 {
		return
	}
	if d.later > d.opt.Target {
		p.Add(d.hband(d.opt.Target, d.later, dashTargetBand))
		return
	}
	p.Add(d.hline(d.opt.Target, draw.LineStyle{Color: dashPurple, Width: 2}))
}

// thrName names the threshold line of a judged run.
func (d *dashboard) thrName() string {
	if d.paced {
		return "threshold for the pace"
	}
	return fmt.Sprintf("threshold %s (no speed: at a typical pace)", dashNum(d.thr))
}

// topLegend writes a line of explanation in the top left corner of the panel, on a
// pale box.
func (d *dashboard) topLegend(s string) dashLayer {
	return func(c draw.Canvas, _ *plot.Plot) {
		d.label(c, vg.Point{X: c.Min.X + 6, Y: c.Max.Y - 5}, s, 10, false, dashMuted, draw.XLeft, draw.YTop)
	}
}

// --- Panel 1: cadence over time.
