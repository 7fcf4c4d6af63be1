package report

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/report/internal/vgpng"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The trend picture is trendWidthPt x trendHeightPt points at dashDPI: 853 x 587
// pixels.
const (
	trendWidthPt  = 640
	trendHeightPt = 440
)

// TrendDashboard writes a PNG picture of the runner over the weeks: above, the weekly
// median running cadence as run and the same weeks at the reference pace; below, the
// weekly distance with the longest run of each week, the weeks with a long-run spike
// marked.
func TrendDashboard(w io.Writer, tr coach.Trend, imperial bool) error {
	if len(tr.Weeks) == 0 {
		return fmt.Errorf("report: a trend without weeks")
	}
	t0 := weekTime(tr.Weeks[0])
	weekX := func(wk coach.Week) float64 { return weekTime(wk).Sub(t0).Hours() / (24 * 7) }
	// The dashboards' fonts and axes, with titles drawn by plot.
	d := &dashboard{}
	d.fonts()
	newPlot := func(title, ylabel string) *plot.Plot {
		p := d.newPlot(title, "", ylabel)
		p.Title.TextStyle = d.style(13, true, dashInk)
		p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
		p.Add(plotter.NewGrid())
		return p
	}

	// Cadence.
	cad := newPlot("Cadence by week", "steps/min")
	var raw, at plotter.XYs
	for _, wk := range tr.Weeks {
		if wk.MedianCadenceSPM != nil {
			raw = append(raw, plotter.XY{X: weekX(wk), Y: *wk.MedianCadenceSPM})
		}
		if wk.CadenceAtRefPaceSPM != nil {
			at = append(at, plotter.XY{X: weekX(wk), Y: *wk.CadenceAtRefPaceSPM})
		}
	}
	// line adds a series of weeks as a line through points, named in the legend.
	line := func(xys plotter.XYs, clr color.Color, width, radius vg.Length, name string) error {
		if len(xys) == 0 {
			return nil
		}
		l, p, err := plotter.NewLinePoints(xys)
		if err != nil {
			return err
		}
		l.Color, p.Color = clr, clr
		l.Width, p.Radius = width, radius
		cad.Add(l, p)
		cad.Legend.Add(name, l, p)
		return nil
	}
	if err := line(raw, dashFlat, vg.Points(1.5), vg.Points(2.5), "median as run"); err != nil {
		return err
	}
	if err := line(at, dashBlue, vg.Points(2.5), vg.Points(3), "at "+FormatPace(tr.RefPaceSPerKm, imperial)+" (matched pace)"); err != nil {
		return err
	}
	cad.Legend.Top, cad.Legend.Left = true, false
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, xy := range append(append(plotter.XYs{}, raw...), at...) {
		lo, hi = math.Min(lo, xy.Y), math.Max(hi, xy.Y)
	}
	if !math.IsInf(lo, 0) {
		// At least a 20 spm window, so small wobbles do not look like big changes.
		// The top fifth is left to the legend.
		mid := (lo + hi) / 2
		half := math.Max(10, (hi-lo)/2+3)
		cad.Y.Min, cad.Y.Max = mid-half, mid+half+0.5*half
		cad.Y.Tick.Marker = intTicks{}
	}

	// Distance.
	unit, perUnit := "km", 1000.0
	if imperial {
		unit, perUnit = "mi", analysis.MetresPerMile
	}
	dist := newPlot("Distance by week, and each week's longest run", unit)
	var total, longest, spikes plotter.XYs
	for _, wk := range tr.Weeks {
		total = append(total, plotter.XY{X: weekX(wk), Y: wk.DistanceM / perUnit})
		longest = append(longest, plotter.XY{X: weekX(wk), Y: wk.LongestRunM / perUnit})
		if wk.Spikes > 0 {
			spikes = append(spikes, plotter.XY{X: weekX(wk), Y: wk.LongestRunM / perUnit})
		}
	}
	// One bar per week at the week's own x: weeks without runs leave gaps.
	barW := vg.Points(math.Max(2, math.Min(18, 560/float64(len(total)+1))))
	dist.Add(weekBars{xys: total, width: barW, clr: dashSky})
	// A spike week's longest run sits on a vermilion disc.
	var sp *plotter.Scatter
	if len(spikes) > 0 {
		var err error
		if sp, err = plotter.NewScatter(spikes); err != nil {
			return err
		}
		sp.Color, sp.Radius, sp.Shape = dashVermilion, vg.Points(6), draw.CircleGlyph{}
		dist.Add(sp)
	}
	lp, err := plotter.NewScatter(longest)
	if err != nil {
		return err
	}
	lp.Color, lp.Radius, lp.Shape = dashInk, vg.Points(2.5), draw.CircleGlyph{}
	dist.Add(lp)
	dist.Legend.Add("distance", weekBars{clr: dashSky})
	dist.Legend.Add("longest run", lp)
	if sp != nil {
		dist.Legend.Add("spike: >10% over the 30 days before", sp)
	}
	dist.Legend.Top, dist.Legend.Left = true, false
	dist.Y.Min = 0
	top := 0.0
	for _, xy := range total {
		top = math.Max(top, xy.Y)
	}
	dist.Y.Max = top * 1.35 // room for the legend
	dist.Y.Tick.Marker = intTicks{}

	ticks := weekTicks{t0: t0, weeks: weekX(tr.Weeks[len(tr.Weeks)-1])}
	for _, p := range []*plot.Plot{cad, dist} {
		p.X.Tick.Marker = ticks
		p.X.Min, p.X.Max = -0.6, ticks.weeks+0.6
	}

	px := func(pt int) int { return int(math.Round(float64(pt) * dashDPI / 72)) }
	pic := vgpng.NewPicture(px(trendWidthPt), px(trendHeightPt), dashPalette)
	defer pic.Free()
	dc := dashCanvas(pic)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 3, PadBottom: vg.Millimeter * 3, PadLeft: vg.Millimeter * 3, PadRight: vg.Millimeter * 5}
	canvases := plot.Align([][]*plot.Plot{{cad}, {dist}}, tiles, dc)
	cad.Draw(canvases[0][0])
	dist.Draw(canvases[1][0])
	return pic.WritePNG(w)
}

func weekTime(wk coach.Week) time.Time {
	t, _ := time.Parse("2006-01-02", wk.Start)
	return t
}

// weekBars draws one bar per week at the week's own x, so weeks without runs show as
// gaps.
type weekBars struct {
	xys   plotter.XYs
	width vg.Length
	clr   color.Color
}

func (b weekBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	c.SetColor(b.clr)
	for _, xy := range b.xys {
		x := trX(xy.X)
		y0, y1 := trY(0), trY(xy.Y)
		rect := vg.Rectangle{Min: vg.Point{X: x - b.width/2, Y: y0}, Max: vg.Point{X: x + b.width/2, Y: y1}}
		c.Fill(rect.Path())
	}
}

func (b weekBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), 0, 0
	for _, xy := range b.xys {
		xmin, xmax, ymax = math.Min(xmin, xy.X), math.Max(xmax, xy.X), math.Max(ymax, xy.Y)
	}
	return
}

// Thumbnail draws the legend's swatch.
func (b weekBars) Thumbnail(c *draw.Canvas) {
	c.SetColor(b.clr)
	c.Fill(c.Rectangle.Path())
}

// weekTicks labels the weeks with their Mondays' dates, at most about ten labels.
type weekTicks struct {
	t0    time.Time
	weeks float64
}

func (w weekTicks) Ticks(min, max float64) []plot.Tick {
	step := math.Max(1, math.Ceil((w.weeks+1)/10))
	// A small tick for every week only while they stay apart; a long history gets
	// its labelled ticks alone.
	every := w.weeks <= 60
	var out []plot.Tick
	for x := 0.0; x <= w.weeks+0.01; x++ {
		labelled := math.Mod(x, step) == 0
		if !labelled && !every {
			continue
		}
		t := plot.Tick{Value: x}
		if labelled {
			t.Label = w.t0.AddDate(0, 0, int(x)*7).Format("2 Jan 06")
		}
		out = append(out, t)
	}
	return out
}

// intTicks labels an axis with whole numbers, about five of them.
type intTicks struct{}

func (intTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'f', 0, 64)
		}
	}
	return ticks
}
