package report

import (
	"cmp"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"git.sr.ht/~sbinet/gg"
	"github.com/cadence-run/cadence/analysis"
	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// DashboardOptions tune the dashboard picture.
type DashboardOptions struct {
	// Imperial writes distances in miles and paces per mile instead of per km.
	Imperial bool
	// Target is the runner's next target cadence in steps/min; 0 means none.
	Target float64
}

// The dashboard is drawn on a canvas of dashWidthPt x dashHeightPt points at dashDPI,
// which makes a PNG of 1600 x 1000 pixels.
const (
	dashDPI      = 96
	dashWidthPt  = 1200
	dashHeightPt = 750
)

// Parameters of the pictures, each with the reason for its value.
const (
	// dashSmoothHalfS is half the window of the rolling median of the cadence line:
	// 30 s in all, long enough to hide step-to-step noise, short enough to show hills.
	dashSmoothHalfS = 15
	// dashBreakS is the longest gap between two samples that a smoothed line bridges;
	// a longer one is a stop, and the line starts afresh after it.
	dashBreakS = 15
	// dashMaxPath is the most points in one stroked path: the rasteriser slows down
	// super-linearly on long paths.
	dashMaxPath = 200
	// dashMaxScatter is the most points drawn in the cadence-against-pace scatter.
	dashMaxScatter = 1500
	// dashMinSpeed and dashMaxSpeed bound the speeds (m/s) plotted against pace, as in
	// the analysis fit: slower is a shuffle, faster is a GPS glitch.
	dashMinSpeed = 1.5
	dashMaxSpeed = 8
	// dashFeetPerMetre converts step length for imperial readers.
	dashFeetPerMetre = 3.28084
)

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
var (
	dashBlue      = color.NRGBA{0x00, 0x72, 0xB2, 0xFF}
	dashSky       = color.NRGBA{0x56, 0xB4, 0xE9, 0xFF}
	dashGreen     = color.NRGBA{0x00, 0x9E, 0x73, 0xFF}
	dashOrange    = color.NRGBA{0xE6, 0x9F, 0x00, 0xFF}
	dashVermilion = color.NRGBA{0xD5, 0x5E, 0x00, 0xFF}
	dashPurple    = color.NRGBA{0xCC, 0x79, 0xA7, 0xFF}
	dashInk       = color.NRGBA{0x22, 0x22, 0x22, 0xFF}
	dashMuted     = color.NRGBA{0x55, 0x55, 0x55, 0xFF}
	dashGrid      = color.NRGBA{0xE4, 0xE4, 0xE4, 0xFF}
	dashFlat      = color.NRGBA{0xA6, 0xA6, 0xA6, 0xFF}
	dashRaw       = color.NRGBA{0x56, 0xB4, 0xE9, 0x55}
	dashBand      = color.NRGBA{0x00, 0x9E, 0x73, 0x26}
	dashWalk      = color.NRGBA{0x00, 0x00, 0x00, 0x14}
	dashNoteBack  = color.NRGBA{0xF4, 0xF4, 0xF4, 0xFF}
	dashDots      = color.NRGBA{0x00, 0x72, 0xB2, 0x50}
	dashLabelBack = color.NRGBA{0xFF, 0xFF, 0xFF, 0xD8}
)

// The cadence zones of the distribution panel.
var dashZones = []struct {
	name string
	clr  color.Color
}{
	{"below %s", dashVermilion},
	{"%s-170", dashOrange},
	{"170-180", dashGreen},
	{"above 180", dashSky},
}

// Dashboard writes a PNG picture of about 1600 x 1000 pixels of one analysed activity:
// cadence over time, its distribution with the time in each zone, cadence against
// pace with the fitted trend, and cadence by slope (or step length over time when
// the activity has no altitude). The fonts are the Liberation fonts compiled into the
// program, so the pixels do not depend on the machine.
func Dashboard(w io.Writer, r *analysis.Result, opt DashboardOptions) error {
	if r == nil {
		return errors.New("report: dashboard of a nil result")
	}
	img := dashImages.Get().(*image.RGBA)
	defer dashImages.Put(img)
	renderDashboard(img, r, opt)
	if err := dashWritePNG(w, img); err != nil {
		return fmt.Errorf("report: writing dashboard PNG: %w", err)
	}
	return nil
}

// dashImages keeps the 6 MB pictures for reuse: a fresh one costs more to allocate
// and clear than drawing the dashboard on it does.
var dashImages = sync.Pool{New: func() any {
	return image.NewRGBA(image.Rect(0, 0, dashWidthPt*dashDPI/72, dashHeightPt*dashDPI/72))
}}

// dashboard holds what the panels of one picture share.
type dashboard struct {
	r        *analysis.Result
	pts      []analysis.Point
	opt      DashboardOptions
	thr      float64
	hdl      *dashText
	regular  font.Font
	bold     font.Font
	ylo, yhi float64 // the cadence axis range shared by the panels
	paceUnit string  // "km" or "mi"
	unitM    float64 // metres in a pace unit
}

// renderDashboard draws the whole picture on img, a 1600 x 1000 image whose old
// content does not matter.
func renderDashboard(img *image.RGBA, r *analysis.Result, opt DashboardOptions) {
	// vgimg.New would draw into one image and then copy it whole for gg; handing it
	// the image and a context made on it saves that copy. The context is set up as
	// vgimg sets up its own: butt caps, y upwards. NewWith paints the image white.
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	cv := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dashDPI))
	drawDashboard(draw.New(newPNGCanvas(cv, img, dashDPI)), r, opt)
}

// drawDashboard draws the picture on dc, a canvas of dashWidthPt x dashHeightPt.
func drawDashboard(dc draw.Canvas, r *analysis.Result, opt DashboardOptions) {
	d := &dashboard{r: r, pts: r.Series, opt: opt, thr: r.Threshold, paceUnit: "km", unitM: 1000}
	if !(d.thr > 0) {
		d.thr = analysis.DefaultOptions.Threshold
	}
	if !(opt.Target > 0) || math.IsInf(opt.Target, 0) {
		d.opt.Target = 0
	}
	if opt.Imperial {
		d.paceUnit, d.unitM = "mi", analysis.MetresPerMile
	}
	// A cache of its own, filled only from the embedded Liberation fonts, so that no
	// font registered elsewhere in the program, nor any system font, can change a pixel.
	d.hdl = newDashText(font.NewCache(liberation.Collection()))
	d.regular = font.Font{Typeface: "Liberation", Variant: "Sans"}
	d.bold = d.regular
	d.bold.Weight = stdfont.WeightBold
	d.cadenceRange()

	const header, titleH = 60, 26
	d.header(draw.Crop(dc, 0, 0, dc.Max.Y-dc.Min.Y-header, 0))
	body := draw.Crop(dc, 0, 0, 0, -header)
	plots := [][]*plot.Plot{
		{d.timePanel(), d.histPanel()},
		{d.pacePanel(), d.fourthPanel()},
	}
	// The panel titles go in a strip above each tile, drawn here rather than by
	// plot, which would place them wherever the alignment of the axes moves a plot.
	var titles [2][2]string
	for j := range plots {
		for i, p := range plots[j] {
			titles[j][i], p.Title.Text = p.Title.Text, ""
		}
	}
	tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: 34, PadY: 18 + titleH, PadTop: titleH, PadLeft: 12, PadRight: 18, PadBottom: 8}
	canvases := plot.Align(plots, tiles, body)
	for j := range plots {
		top := max(canvases[j][0].Max.Y, canvases[j][1].Max.Y) // one line per row
		for i, p := range plots[j] {
			p.Draw(canvases[j][i])
			data := p.DataCanvas(canvases[j][i])
			d.text(dc, vg.Point{X: data.Center().X, Y: top + titleH/2}, titles[j][i], 14, true, dashInk, draw.XCenter, draw.YCenter)
		}
	}
}

// header draws the title line (date, sport, distance, moving time, pace) and a line
// on the running cadence.
func (d *dashboard) header(c draw.Canvas) {
	r := d.r
	date := "date unknown"
	if r.Start != nil {
		date = r.Start.Format("Mon 2 Jan 2006")
	}
	sport := string(r.Sport)
	if sport == "" {
		sport = "unknown sport"
	}
	sport = strings.ToUpper(sport[:1]) + sport[1:]
	parts := []string{date, sport}
	if r.DistanceM != nil {
		if d.opt.Imperial {
			parts = append(parts, fmt.Sprintf("%.2f mi", *r.DistanceM/analysis.MetresPerMile))
		} else {
			parts = append(parts, fmt.Sprintf("%.2f km", *r.DistanceM/1000))
		}
	}
	if r.MovingS != nil && *r.MovingS > 0 {
		parts = append(parts, dashClock(*r.MovingS)+" moving")
	}
	if r.PaceSPerKm != nil {
		if pace := analysis.FormatPace(*r.PaceSPerKm, d.opt.Imperial); pace != "-" {
			parts = append(parts, pace)
		}
	}
	x := c.Min.X + 16
	d.text(c, vg.Point{X: x, Y: c.Max.Y - 10}, strings.Join(parts, "  ·  "), 19, true, dashInk, draw.XLeft, draw.YTop)

	var sub string
	switch {
	case r.Running != nil:
		sub = fmt.Sprintf("Running cadence: median %s steps/min (middle 80%%: %s-%s)",
			dashNum(r.Running.Median), dashNum(r.Running.P10), dashNum(r.Running.P90))
		if r.Overstride {
			sub += fmt.Sprintf(", below %s: likely overstriding", dashNum(d.thr))
		} else if r.Verdict.Kind == analysis.VerdictOK {
			sub += fmt.Sprintf(", at or above %s", dashNum(d.thr))
		}
	case r.Cadence != nil:
		sub = fmt.Sprintf("Cadence: median %s steps/min over moving time; too few running steps to judge", dashNum(r.Cadence.Median))
	default:
		sub = "No step cadence in this activity"
	}
	if d.opt.Target > 0 {
		sub += fmt.Sprintf("  ·  your next target: %s steps/min", dashNum(d.opt.Target))
	}
	d.text(c, vg.Point{X: x, Y: c.Max.Y - 38}, sub, 12.5, false, dashMuted, draw.XLeft, draw.YTop)
}

// cadenceRange sets the cadence axis shared by the panels from the spread of the
// running samples (of the moving ones when none counts as running), the threshold
// and the target. Walking breaks fall below it: the time panel marks them instead.
func (d *dashboard) cadenceRange() {
	v, moving := make([]float64, 0, len(d.pts)), make([]float64, 0, len(d.pts))
	for _, p := range d.pts {
		if p.Moving && dashFinite(p.SPM) {
			moving = append(moving, p.SPM)
			if p.Running {
				v = append(v, p.SPM)
			}
		}
	}
	if len(v) == 0 {
		v = moving
	}
	lo, hi := d.thr-15, 185.0
	if len(v) > 0 {
		sort.Float64s(v)
		lo = math.Min(lo, analysis.Quantile(v, 0.02)-5)
		hi = math.Max(hi, analysis.Quantile(v, 0.98)+5)
	}
	if d.opt.Target > 0 {
		lo = math.Min(lo, d.opt.Target-10)
		hi = math.Max(hi, d.opt.Target+8)
	}
	d.ylo = math.Max(0, math.Floor(lo/5)*5)
	d.yhi = math.Min(analysis.MaxSPM, math.Ceil(hi/5)*5)
}

// newPlot returns an empty panel with the dashboard's fonts and sizes.
func (d *dashboard) newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the canvas is white already; painting it again is slow
	p.TextHandler = d.hdl
	p.Title.Text = title // drawn by drawDashboard
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = d.style(12, false, dashInk)
		a.Label.TextStyle.XAlign = draw.XCenter
		a.Label.TextStyle.YAlign = draw.YBottom
		a.Label.Padding = 4
		al := a.Tick.Label
		a.Tick.Label = d.style(11, false, dashMuted)
		a.Tick.Label.XAlign, a.Tick.Label.YAlign = al.XAlign, al.YAlign
		a.Tick.LineStyle.Color = dashMuted
		a.Tick.Length = 5
		a.LineStyle.Color = dashMuted
		a.Padding = 0
	}
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	p.Legend.TextStyle = d.style(11, false, dashInk)
	return p
}

// style returns a text style in the dashboard's fonts.
func (d *dashboard) style(size vg.Length, bold bool, clr color.Color) text.Style {
	f := d.regular
	if bold {
		f = d.bold
	}
	f.Size = size
	return text.Style{Color: clr, Font: f, Handler: d.hdl, XAlign: draw.XLeft, YAlign: draw.YBottom}
}

// dashText is text.Plain with the measures of text remembered: gonum measures
// each label several times while it lays out the axes, allocating as it goes, and
// that was a tenth of the time of a dashboard. One lives as long as one dashboard.
type dashText struct {
	text.Plain
	widths  map[dashTextKey]vg.Length
	extents map[font.Font]font.Extents
}

type dashTextKey struct {
	s string
	f font.Font
}

func newDashText(fonts *font.Cache) *dashText {
	return &dashText{Plain: text.Plain{Fonts: fonts},
		widths: map[dashTextKey]vg.Length{}, extents: map[font.Font]font.Extents{}}
}

// Extents implements text.Handler.
func (h *dashText) Extents(f font.Font) font.Extents {
	e, ok := h.extents[f]
	if !ok {
		e = h.Plain.Extents(f)
		h.extents[f] = e
	}
	return e
}

// width returns the width of one line of text in f.
func (h *dashText) width(s string, f font.Font) vg.Length {
	k := dashTextKey{s, f}
	w, ok := h.widths[k]
	if !ok {
		face := h.Fonts.Lookup(f, f.Size)
		w = face.Width(s)
		h.widths[k] = w
	}
	return w
}

// Box implements text.Handler.
func (h *dashText) Box(s string, f font.Font) (width, height, depth vg.Length) {
	e := h.Extents(f)
	return h.width(s, f), e.Ascent, e.Descent
}

// Draw implements text.Handler as text.Plain does, with the remembered measures.
func (h *dashText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	fnt := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - h.Extents(sty.Font).Ascent
	for i, line := range lines {
		xoffs := vg.Length(sty.XAlign) * h.width(line, sty.Font)
		n := vg.Length(len(lines) - i)
		c.FillString(fnt, pt.Add(vg.Point{X: xoffs, Y: n * sty.Font.Size}), line)
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// text draws s at pt.
func (d *dashboard) text(c draw.Canvas, pt vg.Point, s string, size vg.Length, bold bool, clr color.Color, xa draw.XAlignment, ya draw.YAlignment) {
	sty := d.style(size, bold, clr)
	sty.XAlign, sty.YAlign = xa, ya
	c.FillText(sty, pt, s)
}

// label draws s at pt on a pale box, so that it stays readable over data.
func (d *dashboard) label(c draw.Canvas, pt vg.Point, s string, size vg.Length, bold bool, clr color.Color, xa draw.XAlignment, ya draw.YAlignment) {
	sty := d.style(size, bold, clr)
	sty.XAlign, sty.YAlign = xa, ya
	rect := sty.Rectangle(s)
	const pad = 2
	box := vg.Rectangle{Min: vg.Point{X: pt.X + rect.Min.X - pad, Y: pt.Y + rect.Min.Y - pad},
		Max: vg.Point{X: pt.X + rect.Max.X + pad, Y: pt.Y + rect.Max.Y + pad}}
	c.SetColor(dashLabelBack)
	c.Fill(box.Path())
	c.FillText(sty, pt, s)
}

// note draws a message in the middle of a panel that has no data to show.
func (d *dashboard) note(p *plot.Plot, msg string) {
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.HideAxes()
	p.X.Label.Text, p.Y.Label.Text = "", ""
	p.Add(dashLayer(func(c draw.Canvas, _ *plot.Plot) {
		c.SetColor(dashNoteBack)
		c.Fill(c.Rectangle.Path())
		d.text(c, c.Center(), msg, 13, false, dashMuted, draw.XCenter, draw.YCenter)
	}))
}

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

// refLines adds the 170-180 band, the threshold and the target as horizontal lines,
// without labels.
func (d *dashboard) refLines(p *plot.Plot) {
	p.Add(d.hband(170, 180, dashBand))
	p.Add(d.hline(d.thr, draw.LineStyle{Color: dashVermilion, Width: 1.5, Dashes: []vg.Length{6, 4}}))
	if d.opt.Target > 0 {
		p.Add(d.hline(d.opt.Target, draw.LineStyle{Color: dashPurple, Width: 2}))
	}
}

// refLabels labels the lines that refLines draws, at the right end of the panel.
func (d *dashboard) refLabels() dashLayer {
	return func(c draw.Canvas, p *plot.Plot) {
		_, ty := p.Transforms(&c)
		if 180 <= p.Y.Max {
			d.label(c, vg.Point{X: c.Min.X + 6, Y: ty(180) - 3}, "170-180 steps/min", 10.5, false, dashGreen, draw.XLeft, draw.YTop)
		}
		tgt := d.opt.Target
		thrBelow := tgt > 0 && tgt >= d.thr // the target label goes above its line
		if d.thr >= p.Y.Min && d.thr <= p.Y.Max {
			s := "overstride threshold " + dashNum(d.thr)
			if thrBelow || d.thr+6 > p.Y.Max {
				d.label(c, vg.Point{X: c.Max.X - 6, Y: ty(d.thr) - 3}, s, 10.5, false, dashVermilion, draw.XRight, draw.YTop)
			} else {
				d.label(c, vg.Point{X: c.Max.X - 6, Y: ty(d.thr) + 3}, s, 10.5, false, dashVermilion, draw.XRight, draw.YBottom)
			}
		}
		if tgt > 0 && tgt >= p.Y.Min && tgt <= p.Y.Max {
			s := "your target " + dashNum(tgt)
			if tgt < d.thr {
				d.label(c, vg.Point{X: c.Max.X - 6, Y: ty(tgt) - 3}, s, 10.5, true, dashPurple, draw.XRight, draw.YTop)
			} else {
				d.label(c, vg.Point{X: c.Max.X - 6, Y: ty(tgt) + 3}, s, 10.5, true, dashPurple, draw.XRight, draw.YBottom)
			}
		}
	}
}

// --- Panel 1: cadence over time.

// timePanel draws cadence over the minutes of the activity: the raw moving samples
// as a faint band, a 30 s rolling median that starts afresh after every pause, the
// 170-180 band, the threshold and the target.
func (d *dashboard) timePanel() *plot.Plot {
	p := d.newPlot("Cadence over time", "time from start (min)", "cadence (steps/min)")
	n := len(d.pts)
	ts, vs, rts, rvs := make([]float64, 0, n), make([]float64, 0, n), make([]float64, 0, n), make([]float64, 0, n)
	rsegs := make([]int, 0, n)
	for _, pt := range d.pts {
		if pt.Moving && dashFinite(pt.SPM) && dashFinite(pt.T) {
			ts = append(ts, pt.T/60)
			vs = append(vs, pt.SPM)
			if pt.Running {
				rts = append(rts, pt.T/60)
				rvs = append(rvs, pt.SPM)
				rsegs = append(rsegs, pt.Seg)
			}
		}
	}
	if len(ts) == 0 {
		d.note(p, "no step cadence recorded")
		return p
	}
	p.X.Min, p.X.Max = 0, math.Max(ts[len(ts)-1], 1)
	p.Y.Min, p.Y.Max = d.ylo, d.yhi
	p.X.Tick.Marker = dashTicks(p.X.Min, p.X.Max, []float64{1, 2, 5, 10, 15, 20, 30, 60, 120}, 9, dashIntLabel)
	p.Y.Tick.Marker = dashTicks(d.ylo, d.yhi, []float64{5, 10, 20, 50}, 8, dashIntLabel)
	p.Add(d.grid())
	p.Add(d.hband(170, 180, dashBand))
	p.Add(d.walkSpans())
	p.Add(d.rawColumns(ts, vs))
	// The line follows the running steps only: a walking break or a stop ends it, and
	// so does every pause, so that the median never mixes them.
	var smooth [][2][]float64
	for _, rn := range dashRuns(rts, rsegs, dashBreakS/60.0) {
		x, y := rts[rn[0]:rn[1]], rvs[rn[0]:rn[1]]
		smooth = append(smooth, [2][]float64{x, dashRollingMedian(x, y, dashSmoothHalfS/60.0)})
	}
	p.Add(d.hline(d.thr, draw.LineStyle{Color: dashVermilion, Width: 1.5, Dashes: []vg.Length{6, 4}}))
	if d.opt.Target > 0 {
		p.Add(d.hline(d.opt.Target, draw.LineStyle{Color: dashPurple, Width: 2}))
	}
	p.Add(d.lines(smooth, draw.LineStyle{Color: dashBlue, Width: 2}))
	p.Add(d.refLabels())
	return p
}

// walkSpans shades the walking breaks of at least dashBreakS seconds (moving steps
// below analysis.RunningMinSPM, which the cadence axis leaves out) and names the
// pauses, where the line breaks off.
func (d *dashboard) walkSpans() dashLayer {
	var spans [][2]float64
	from, last, seg := math.NaN(), math.NaN(), -1
	end := func() {
		if !math.IsNaN(from) && last-from >= dashBreakS {
			spans = append(spans, [2]float64{from / 60, last / 60})
		}
		from = math.NaN()
	}
	for _, pt := range d.pts {
		if !dashFinite(pt.T) {
			continue
		}
		walking := pt.Moving && dashFinite(pt.SPM) && !pt.Running
		switch {
		case walking && !math.IsNaN(from) && pt.Seg == seg && pt.T-last <= dashBreakS:
			last = pt.T
		case walking:
			end()
			from, last, seg = pt.T, pt.T, pt.Seg
		case dashFinite(pt.SPM) && pt.Moving:
			end()
		}
	}
	end()
	// Pauses: a change of segment between two samples with cadence, seen as a gap.
	var pauses [][2]float64
	prev := -1
	for i, pt := range d.pts {
		if !pt.Moving || !dashFinite(pt.SPM) || !dashFinite(pt.T) {
			continue
		}
		if prev >= 0 && pt.Seg != d.pts[prev].Seg {
			pauses = append(pauses, [2]float64{d.pts[prev].T / 60, pt.T / 60})
		}
		prev = i
	}
	return func(c draw.Canvas, p *plot.Plot) {
		tx, _ := p.Transforms(&c)
		// The names go along the bottom, left to right, each only where it clears
		// the one before: a pause and a walk close together would run into one.
		type name struct {
			x vg.Length
			s string
		}
		var names []name
		if len(pauses) <= 12 {
			for _, ps := range pauses {
				if x0, x1 := tx(ps[0]), tx(ps[1]); x1-x0 >= 3 {
					names = append(names, name{(x0 + x1) / 2, "pause"})
				}
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
		// Each stretch of filled columns is one polygon, at most dashMaxPath/2
		// columns wide: the upper envelope left to right, the lower one back. Its
		// corners sit on whole pixels (the canvas has its origin on a pixel corner),
		// so that the band has no anti-aliased edge, which compresses badly.
		snap := func(v vg.Length) vg.Length { return vg.Length(math.Round(float64(v/px))) * px }
		left := snap(c.Min.X)
		c.SetColor(dashRaw)
		for k := 0; k < ncol; {
			if lo[k] > hi[k] {
				k++
				continue
			}
			var up, down []vg.Point
			for ; k < ncol && lo[k] <= hi[k] && len(up) < dashMaxPath/2; k++ {
				x0, x1 := left+vg.Length(k)*px, left+vg.Length(k+1)*px
				y0, y1 := snap(ty(lo[k])-px/2), snap(ty(hi[k])+px/2)
				if y1 <= y0 {
					y1 = y0 + px
				}
				up = append(up, vg.Point{X: x0, Y: y1}, vg.Point{X: x1, Y: y1})
				down = append(down, vg.Point{X: x1, Y: y0}, vg.Point{X: x0, Y: y0})
			}
			slices.Reverse(down)
			poly := c.ClipPolygonY(append(up, down...))
			if len(poly) > 2 {
				var path vg.Path
				path.Move(poly[0])
				for _, q := range poly[1:] {
					path.Line(q)
				}
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

// --- Panel 2: the distribution of running cadence.

// histPanel draws a histogram of the running cadence, weighted by time, with the bars
// coloured by zone and the share of time in each zone.
func (d *dashboard) histPanel() *plot.Plot {
	p := d.newPlot("Running cadence distribution", "cadence (steps/min)", "time (min)")
	vs, ws := make([]float64, 0, len(d.pts)), make([]float64, 0, len(d.pts))
	for i, pt := range d.pts {
		if pt.Running && dashFinite(pt.SPM) {
			vs = append(vs, pt.SPM)
			ws = append(ws, dashDT(d.pts, i))
		}
	}
	if len(vs) == 0 {
		d.note(p, "no running steps recorded")
		return p
	}
	total := 0.0
	for _, w := range ws {
		total += w
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
	var zone [4]float64
	for i, v := range vs {
		zone[d.zoneOf(v)] += ws[i]
	}

	// Bins of 2 steps/min with odd edges, so that the even values that doubled
	// one-foot counts give sit in the middle of their bin.
	sorted := append([]float64(nil), vs...)
	sort.Float64s(sorted)
	// All values, short of outliers far from the rest (the edge bins take those).
	lo := math.Min(math.Max(sorted[0], analysis.Quantile(sorted, 0.005)-10), d.thr-5)
	hi := math.Max(math.Min(sorted[len(sorted)-1], analysis.Quantile(sorted, 0.995)+10), 182)
	if d.opt.Target > 0 {
		lo, hi = math.Min(lo, d.opt.Target-5), math.Max(hi, d.opt.Target+5)
	}
	xlo := math.Floor((lo-3)/2)*2 + 1
	xhi := math.Ceil((hi+1)/2)*2 + 1
	nb := int((xhi - xlo) / 2)
	bins := make([]float64, nb)
	for i, v := range vs {
		k := int(math.Floor((v - xlo) / 2))
		k = max(0, min(nb-1, k))
		bins[k] += ws[i] / 60
	}
	if unit == "samples" {
		for k := range bins {
			bins[k] = math.Round(bins[k])
		}
	}
	peak, mode := 0.0, 0
	for k, b := range bins {
		if b > peak {
			peak, mode = b, k
		}
	}
	p.X.Min, p.X.Max = xlo, xhi
	p.Y.Min, p.Y.Max = 0, math.Max(peak*1.12, 1e-9)
	p.X.Tick.Marker = dashTicks(xlo, xhi, []float64{5, 10, 20, 50}, 9, dashIntLabel)
	p.Y.Tick.Marker = dashTicks(0, p.Y.Max, []float64{0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}, 6, dashNumLabel)
	p.Add(d.grid())
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		for k, b := range bins {
			if b <= 0 {
				continue
			}
			x0 := xlo + 2*float64(k)
			rect := vg.Rectangle{Min: vg.Point{X: tx(x0) + 0.5, Y: ty(0)}, Max: vg.Point{X: tx(x0+2) - 0.5, Y: ty(b)}}
			c.SetColor(dashZones[d.zoneOf(x0+1)].clr)
			c.Fill(rect.Path())
		}
	}))
	p.Add(d.vline(d.thr, draw.LineStyle{Color: dashVermilion, Width: 1.5, Dashes: []vg.Length{6, 4}}))
	if d.opt.Target > 0 {
		p.Add(d.vline(d.opt.Target, draw.LineStyle{Color: dashPurple, Width: 2}))
	}
	// The zone legend goes on the side away from the tallest bar.
	left := float64(mode) > float64(nb)/2
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		sty := d.style(11, false, dashInk)
		const lineH, sw, gap = 17, 12, 10
		var names, pcts, amounts [4]string
		var w0, w1, w2 vg.Length
		for z := range dashZones {
			names[z] = dashZones[z].name
			if strings.Contains(names[z], "%s") {
				names[z] = fmt.Sprintf(names[z], dashNum(d.thr))
			}
			pcts[z] = fmt.Sprintf("%.0f%%", 100*zone[z]/total)
			if unit == "samples" {
				amounts[z] = fmt.Sprintf("%.0f samples", zone[z]/60)
			} else {
				amounts[z] = dashDuration(zone[z])
			}
			w0, w1, w2 = max(w0, sty.Width(names[z])), max(w1, sty.Width(pcts[z])), max(w2, sty.Width(amounts[z]))
		}
		boxW := 6 + sw + 6 + w0 + gap + w1 + gap + w2 + 8
		boxH := vg.Length(lineH*5 + 8)
		x0 := c.Max.X - boxW - 6
		if left {
			x0 = c.Min.X + 6
		}
		top := c.Max.Y - 4
		back := vg.Rectangle{Min: vg.Point{X: x0, Y: top - boxH}, Max: vg.Point{X: x0 + boxW, Y: top}}
		c.SetColor(dashLabelBack)
		c.Fill(back.Path())
		d.text(c, vg.Point{X: x0 + 6, Y: top - 4}, "time in each zone", 11, true, dashInk, draw.XLeft, draw.YTop)
		for z := range names {
			y := top - 4 - lineH*vg.Length(z+1)
			swatch := vg.Rectangle{Min: vg.Point{X: x0 + 6, Y: y - 13}, Max: vg.Point{X: x0 + 6 + sw, Y: y - 1}}
			c.SetColor(dashZones[z].clr)
			c.Fill(swatch.Path())
			x := x0 + 6 + sw + 6
			d.text(c, vg.Point{X: x, Y: y - 1}, names[z], 11, false, dashInk, draw.XLeft, draw.YTop)
			x += w0 + gap + w1
			d.text(c, vg.Point{X: x, Y: y - 1}, pcts[z], 11, true, dashInk, draw.XRight, draw.YTop)
			x += gap + w2
			d.text(c, vg.Point{X: x, Y: y - 1}, amounts[z], 11, false, dashMuted, draw.XRight, draw.YTop)
		}
		// Name the threshold and target lines at their tops, below the legend where
		// they pass behind it.
		tx, _ := p.Transforms(&c)
		type mark struct {
			v    float64
			s    string
			clr  color.Color
			bold bool
		}
		marks := []mark{{d.thr, "threshold " + dashNum(d.thr), dashVermilion, false}}
		if d.opt.Target > 0 {
			marks = append(marks, mark{d.opt.Target, "target " + dashNum(d.opt.Target), dashPurple, true})
		}
		for i, m := range marks {
			if m.v < p.X.Min || m.v > p.X.Max {
				continue
			}
			// The threshold is named on its left, in the zone below it; the target
			// on its right. Either goes below the legend rather than behind it.
			x, xa := tx(m.v)-4, draw.XRight
			if i == 1 {
				x, xa = tx(m.v)+4, draw.XLeft
			}
			sty := d.style(10.5, m.bold, m.clr)
			sty.XAlign = xa
			r := sty.Rectangle(m.s)
			y := top - 4
			if x+r.Max.X >= back.Min.X-4 && x+r.Min.X <= back.Max.X+4 {
				y = back.Min.Y - 6
			}
			d.label(c, vg.Point{X: x, Y: y}, m.s, 10.5, m.bold, m.clr, xa, draw.YTop)
		}
	}))
	return p
}

// zoneOf returns the zone of a cadence: 0 below the threshold, 1 from it to 170,
// 2 from 170 to 180, 3 above 180.
func (d *dashboard) zoneOf(v float64) int {
	switch {
	case v < d.thr:
		return 0
	case v < 170:
		return 1
	case v <= 180:
		return 2
	}
	return 3
}

// --- Panel 3: cadence against pace.

// pacePanel draws the running samples as cadence against pace, faster to the right,
// with the fitted trend and the pace at which the trend reaches the target.
func (d *dashboard) pacePanel() *plot.Plot {
	p := d.newPlot("Cadence against pace", "pace (min/"+d.paceUnit+"), faster →", "cadence (steps/min)")
	xs, ys := make([]float64, 0, len(d.pts)), make([]float64, 0, len(d.pts))
	for _, pt := range d.pts {
		if pt.Running && dashFinite(pt.SPM) && pt.Speed >= dashMinSpeed && pt.Speed <= dashMaxSpeed {
			xs = append(xs, d.paceMin(pt.Speed))
			ys = append(ys, pt.SPM)
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
	goal := d.opt.Target
	goalName := "your target"
	if goal == 0 {
		goal, goalName = d.thr, "the threshold"
	}
	goalPace := math.NaN()
	if fit != nil {
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
	p.X.Min, p.X.Max = lo, hi
	p.X.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	p.Y.Min, p.Y.Max = d.ylo, d.yhi
	p.X.Tick.Marker = dashTicks(lo, hi, []float64{10.0 / 60, 15.0 / 60, 0.5, 1, 2, 5}, 7, dashPaceLabel)
	p.Y.Tick.Marker = dashTicks(d.ylo, d.yhi, []float64{5, 10, 20, 50}, 8, dashIntLabel)
	p.Add(d.grid())
	d.refLines(p)

	// An even stride through the samples: a picture needs no more.
	step := max(1, (len(xs)+dashMaxScatter-1)/dashMaxScatter)
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		sty := draw.GlyphStyle{Color: dashDots, Radius: 2, Shape: draw.CircleGlyph{}}
		if pc := pngCanvasOf(c.Canvas); pc != nil {
			pts := make([]vg.Point, 0, len(xs)/step+1)
			for i := 0; i < len(xs); i += step {
				if pt := (vg.Point{X: tx(xs[i]), Y: ty(ys[i])}); c.Contains(pt) {
					pts = append(pts, pt)
				}
			}
			if pc.dots(pts, sty.Radius, sty.Color) {
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
	p.Add(d.refLabels())
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		at := vg.Point{X: c.Min.X + 8, Y: c.Max.Y - 6}
		var msg string
		switch {
		case fit == nil:
			msg = "too little spread of pace for a trend line"
		case math.IsNaN(goalPace):
			msg = fmt.Sprintf("trend (black): %+.1f steps/min per m/s; it does not reach %s at a running pace", fit.Slope, dashNum(goal))
		default:
			pace := analysis.FormatPace(goalPace*60*1000/d.unitM, d.opt.Imperial)
			msg = fmt.Sprintf("trend (black) reaches %s (%s) at %s", dashNum(goal), goalName, pace)
			if goalPace >= p.X.Min && goalPace <= p.X.Max && goal >= p.Y.Min && goal <= p.Y.Max {
				x, y := tx(goalPace), ty(goal)
				c.StrokeLine2(draw.LineStyle{Color: dashInk, Width: 1, Dashes: []vg.Length{2, 3}}, x, c.Min.Y, x, y)
				c.DrawGlyph(draw.GlyphStyle{Color: dashInk, Radius: 4, Shape: draw.RingGlyph{}}, vg.Point{X: x, Y: y})
			}
		}
		if fit != nil {
			msg += fmt.Sprintf("  (R² %.2f)", fit.R2)
		}
		d.label(c, at, msg, 10.5, false, dashInk, draw.XLeft, draw.YTop)
	}))
	return p
}

// paceMin returns the pace in minutes per pace unit at speed v (m/s).
func (d *dashboard) paceMin(v float64) float64 { return d.unitM / v / 60 }

// --- Panel 4: cadence by slope, or step length over time.

// fourthPanel draws cadence by slope where the activity has grades, else step length
// over time.
func (d *dashboard) fourthPanel() *plot.Plot {
	if len(d.r.Grades) > 0 {
		return d.gradePanel()
	}
	return d.stepPanel()
}

// gradePanel draws the median running cadence uphill, on the flat and downhill as
// bars, each labelled with its time and pace.
func (d *dashboard) gradePanel() *plot.Plot {
	p := d.newPlot("Cadence by slope (grade beyond ±2%)", "", "median cadence (steps/min)")
	gs := d.r.Grades
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.Name
		if g.SpeedMS > 0 {
			names[i] += "\n" + analysis.FormatPace(1000/g.SpeedMS, d.opt.Imperial)
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
	p.Y.Min, p.Y.Max = d.ylo, d.yhi
	p.Y.Tick.Marker = dashTicks(d.ylo, d.yhi, []float64{5, 10, 20, 50}, 8, dashIntLabel)
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) { // horizontal grid only
		_, ty := p.Transforms(&c)
		for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			c.StrokeLine2(draw.LineStyle{Color: dashGrid, Width: 0.75}, c.Min.X, ty(t.Value), c.Max.X, ty(t.Value))
		}
	}))
	p.Add(d.hband(170, 180, dashBand))
	clr := map[string]color.Color{"uphill": dashOrange, "flat": dashFlat, "downhill": dashSky}
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		tx, ty := p.Transforms(&c)
		for i, g := range gs {
			if !dashFinite(g.MedianSPM) {
				continue
			}
			v := math.Min(math.Max(g.MedianSPM, p.Y.Min), p.Y.Max)
			x0, x1 := tx(float64(i)-0.3), tx(float64(i)+0.3)
			rect := vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: ty(v)}}
			k := clr[g.Name]
			if k == nil {
				k = dashBlue
			}
			c.SetColor(k)
			c.Fill(rect.Path())
			d.text(c, vg.Point{X: (x0 + x1) / 2, Y: ty(v) + 4}, dashNum(g.MedianSPM)+" steps/min", 12, true, dashInk, draw.XCenter, draw.YBottom)
			d.label(c, vg.Point{X: (x0 + x1) / 2, Y: c.Min.Y + 8}, dashDuration(g.Seconds), 11, false, dashInk, draw.XCenter, draw.YBottom)
		}
	}))
	p.Add(d.hline(d.thr, draw.LineStyle{Color: dashVermilion, Width: 1.5, Dashes: []vg.Length{6, 4}}))
	if d.opt.Target > 0 {
		p.Add(d.hline(d.opt.Target, draw.LineStyle{Color: dashPurple, Width: 2}))
	}
	p.Add(d.refLabels())
	return p
}

// stepPanel draws step length (speed over steps per second) over time, as a 30 s
// rolling median that starts afresh after every pause.
func (d *dashboard) stepPanel() *plot.Plot {
	unit, factor := "m", 1.0
	if d.opt.Imperial {
		unit, factor = "ft", dashFeetPerMetre
	}
	p := d.newPlot("Step length over time", "time from start (min)", "step length ("+unit+")")
	var ts, vs []float64
	var segs []int
	for _, pt := range d.pts {
		if pt.Running && dashFinite(pt.SPM) && dashFinite(pt.T) && pt.Speed > 0 && !math.IsInf(pt.Speed, 0) {
			ts = append(ts, pt.T/60)
			vs = append(vs, factor*pt.Speed/(pt.SPM/60))
			segs = append(segs, pt.Seg)
		}
	}
	if len(ts) == 0 {
		d.note(p, "no speed data: step length needs pace,\nand cadence by slope needs altitude")
		return p
	}
	var smooth [][2][]float64
	var all []float64
	for _, rn := range dashRuns(ts, segs, dashBreakS/60.0) {
		x, y := ts[rn[0]:rn[1]], vs[rn[0]:rn[1]]
		m := dashRollingMedian(x, y, dashSmoothHalfS/60.0)
		smooth = append(smooth, [2][]float64{x, m})
		all = append(all, m...)
	}
	sort.Float64s(all)
	med := analysis.Quantile(all, 0.5)
	ylo, yhi := analysis.Quantile(all, 0.01), analysis.Quantile(all, 0.99)
	pad := math.Max((yhi-ylo)*0.15, 0.05*factor)
	maxT := 1.0
	for _, pt := range d.pts {
		if pt.Moving && dashFinite(pt.T) {
			maxT = math.Max(maxT, pt.T/60)
		}
	}
	p.X.Min, p.X.Max = 0, maxT
	p.Y.Min, p.Y.Max = math.Max(0, ylo-pad), yhi+pad
	p.X.Tick.Marker = dashTicks(p.X.Min, p.X.Max, []float64{1, 2, 5, 10, 15, 20, 30, 60, 120}, 9, dashIntLabel)
	p.Y.Tick.Marker = dashTicks(p.Y.Min, p.Y.Max, []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1}, 7, dashNumLabel)
	p.Add(d.grid())
	p.Add(d.hline(med, draw.LineStyle{Color: dashMuted, Width: 1, Dashes: []vg.Length{4, 3}}))
	p.Add(d.lines(smooth, draw.LineStyle{Color: dashBlue, Width: 2}))
	p.Add(dashLayer(func(c draw.Canvas, p *plot.Plot) {
		_, ty := p.Transforms(&c)
		d.label(c, vg.Point{X: c.Max.X - 6, Y: ty(med) + 3}, fmt.Sprintf("median %.2f %s", med, unit), 10.5, false, dashMuted, draw.XRight, draw.YBottom)
	}))
	return p
}

// --- Helpers.

// dashRuns splits the samples (times in xs, ascending) into runs [from, to) that a
// smoothed line may join: the segment stays the same and no gap exceeds maxGap.
func dashRuns(xs []float64, segs []int, maxGap float64) [][2]int {
	var out [][2]int
	start := 0
	for i := 1; i <= len(xs); i++ {
		if i == len(xs) || segs[i] != segs[i-1] || xs[i]-xs[i-1] > maxGap {
			out = append(out, [2]int{start, i})
			start = i
		}
	}
	return out
}

// dashRollingMedian returns the median of ys over the window xs[i]±half around each
// sample, as analysis.Quantile(window, 0.5) gives it; xs ascends and ys are finite.
// It takes O(n·w) time for windows of at most dashSmallWindow samples, the usual case,
// and O(n log n) however many samples share a window (a file with every record at
// one timestamp has them all in one).
func dashRollingMedian(xs, ys []float64, half float64) []float64 {
	widest, lo := 0, 0
	for hi := range xs {
		for xs[lo] < xs[hi]-2*half {
			lo++
		}
		widest = max(widest, hi-lo+1)
	}
	if widest <= dashSmallWindow {
		return dashMedianSorted(xs, ys, half)
	}
	return dashMedianRanks(xs, ys, half)
}

// dashSmallWindow is the most samples in a window for which dashRollingMedian keeps
// the window as a sorted slice: inserting and removing by copying are then faster
// than the rank tree, and there are about 30 in the 30 s of a 1 Hz recording.
const dashSmallWindow = 256

// dashMedianSorted is dashRollingMedian with the window as a sorted slice: O(w) to
// add or remove a sample.
func dashMedianSorted(xs, ys []float64, half float64) []float64 {
	out := make([]float64, len(ys))
	win := make([]float64, 0, 64) // the window's values, sorted
	lo, hi := 0, 0
	for i := range xs {
		for hi < len(xs) && xs[hi] <= xs[i]+half {
			k := sort.SearchFloat64s(win, ys[hi])
			win = append(win, 0)
			copy(win[k+1:], win[k:])
			win[k] = ys[hi]
			hi++
		}
		for lo < i && xs[lo] < xs[i]-half {
			k := sort.SearchFloat64s(win, ys[lo])
			win = append(win[:k], win[k+1:]...)
			lo++
		}
		out[i] = analysis.Quantile(win, 0.5)
	}
	return out
}

// dashMedianRanks is dashRollingMedian with the window as a set of ranks in a
// Fenwick tree: O(log n) to add or remove a sample and to find the middle.
func dashMedianRanks(xs, ys []float64, half float64) []float64 {
	n := len(ys)
	out := make([]float64, n)
	// sorted holds the values in order; rank[j] is the place of ys[j] in it, equal
	// values taking the places of their run in turn.
	sorted := slices.Clone(ys)
	slices.Sort(sorted)
	rank := make([]int32, n)
	taken := make([]int32, n) // at the first place of each run of equal values
	for j, y := range ys {
		k := sort.SearchFloat64s(sorted, y)
		rank[j] = int32(k) + taken[k]
		taken[k]++
	}
	var win dashRankSet
	win.init(n)
	lo, hi := 0, 0
	for i := range xs {
		for hi < n && xs[hi] <= xs[i]+half {
			win.add(int(rank[hi]), 1)
			hi++
		}
		for lo < i && xs[lo] < xs[i]-half {
			win.add(int(rank[lo]), -1)
			lo++
		}
		// analysis.Quantile(window, 0.5), reading the window's k-th smallest value
		// from the tree.
		m := win.count
		h := 0.5 * float64(m-1)
		k := int(math.Floor(h))
		a := sorted[win.nth(k)]
		if k+1 >= m {
			out[i] = a
			continue
		}
		b := sorted[win.nth(k+1)]
		out[i] = a + (h-float64(k))*(b-a)
	}
	return out
}

// dashRankSet is a multiset of ranks 0..n-1 in a Fenwick tree: adding or removing a
// rank and finding the k-th smallest each take O(log n).
type dashRankSet struct {
	tree  []int32 // tree[i] counts the ranks in (i - i&-i, i], 1-based
	top   int     // the largest power of two not above len(tree)-1
	count int
}

// init empties the set for ranks below n.
func (s *dashRankSet) init(n int) {
	s.tree = make([]int32, n+1)
	s.top = 1
	for s.top*2 <= n {
		s.top *= 2
	}
	s.count = 0
}

// add adds d (1 or -1) copies of rank r.
func (s *dashRankSet) add(r, d int) {
	s.count += d
	for i := r + 1; i < len(s.tree); i += i & -i {
		s.tree[i] += int32(d)
	}
}

// nth returns the k-th smallest rank in the set, counting from 0; k < s.count.
func (s *dashRankSet) nth(k int) int {
	pos, rest := 0, int32(k)
	for step := s.top; step > 0; step /= 2 {
		if next := pos + step; next < len(s.tree) && s.tree[next] <= rest {
			pos = next
			rest -= s.tree[next]
		}
	}
	return pos // the 1-based index pos+1 holds it, so rank pos
}

// dashDT returns the time sample i stands for: the interval before it, up to
// analysis.MaxGapS, as the analysis counts it.
func dashDT(pts []analysis.Point, i int) float64 {
	if i == 0 {
		return 0
	}
	dt := pts[i].T - pts[i-1].T
	if !(dt > 0) || dt > analysis.MaxGapS {
		return 0
	}
	return dt
}

// dashTicks returns a ticker with major ticks at the smallest of the steps that gives
// at most maxN ticks between lo and hi.
func dashTicks(lo, hi float64, steps []float64, maxN int, format func(float64, float64) string) plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		step := steps[len(steps)-1]
		for _, s := range steps {
			if (max-min)/s <= float64(maxN) {
				step = s
				break
			}
		}
		for (max-min)/step > float64(maxN)*4 { // beyond the list: keep the count sane
			step *= 10
		}
		var ticks []plot.Tick
		for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ {
			v := k * step
			if v == 0 {
				v = 0 // not -0
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: format(v, step)})
		}
		return ticks
	})
}

// dashIntLabel formats a tick as a whole number.
func dashIntLabel(v, _ float64) string { return fmt.Sprintf("%.0f", v) }

// dashNumLabel formats a tick with as many decimals as its step needs.
func dashNumLabel(v, step float64) string {
	dec := 0
	for s := step; s < 0.999 && dec < 4; s *= 10 {
		dec++
	}
	return fmt.Sprintf("%.*f", dec, v)
}

// dashPaceLabel formats a pace in minutes as m:ss.
func dashPaceLabel(v, _ float64) string {
	s := int(math.Round(v * 60))
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// dashClock formats seconds as h:mm:ss.
func dashClock(s float64) string {
	n := int(math.Round(s))
	return fmt.Sprintf("%d:%02d:%02d", n/3600, n/60%60, n%60)
}

// dashDuration formats seconds as "42 min" or "1 h 05 min".
func dashDuration(s float64) string {
	m := int(math.Round(s / 60))
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// dashNum formats a number with one decimal, or none when it is whole.
func dashNum(v float64) string {
	if math.Abs(v-math.Round(v)) < 0.05 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// dashFinite reports whether v is a number and not infinite.
func dashFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
