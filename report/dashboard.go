package report

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/report/internal/vgpng"
	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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
	// dashTargetBand shades the runner's own target range.
	dashTargetBand = color.NRGBA{0xCC, 0x79, 0xA7, 0x40}
	dashWalk       = color.NRGBA{0x00, 0x00, 0x00, 0x14}
	dashNoteBack   = color.NRGBA{0xF4, 0xF4, 0xF4, 0xFF}
	dashDots       = color.NRGBA{0x00, 0x72, 0xB2, 0x50}
	dashLabelBack  = color.NRGBA{0xFF, 0xFF, 0xFF, 0xD8}
)

// Dashboard writes a PNG picture of about 1600 x 1000 pixels of one analysed activity:
// cadence over moving time, its distribution, cadence against pace with the fitted
// trend, and cadence by slope (or step length over time when the activity has no
// altitude). A judged run shows the same numbers as its verdict and advice: the
// threshold for the pace of each moment and each part, and the runner's own target
// range; a walk shows its steps against no running line at all. The fonts are the Liberation fonts compiled into the
// program, so the pixels do not depend on the machine.
func Dashboard(w io.Writer, r *analysis.Result, opt DashboardOptions) error {
	if r == nil {
		return errors.New("report: dashboard of a nil result")
	}
	pic := vgpng.NewPicture(dashWidthPt*dashDPI/72, dashHeightPt*dashDPI/72, dashPalette)
	defer pic.Free()
	drawDashboard(dashCanvas(pic), r, opt)
	if err := pic.WritePNG(w); err != nil {
		return fmt.Errorf("report: writing dashboard PNG: %w", err)
	}
	return nil
}

// dashboard holds what the panels of one picture share.
type dashboard struct {
	r        *analysis.Result
	pts      []analysis.Point
	opt      DashboardOptions
	thr      float64 // the threshold at a typical running speed
	hdl      *dashText
	regular  font.Font
	bold     font.Font
	ylo, yhi float64 // the cadence axis range shared by the panels
	paceUnit string  // "km" or "mi"
	unitM    float64 // metres in a pace unit

	// judged is a run judged for overstriding: only then are the threshold and the
	// target drawn. walk is a walk (or a run mostly walked): every moving step is
	// shown, against no running line. paced is a run judged at the pace of its parts.
	judged, walk, paced bool
	// later is the top of the target range, at least opt.Target; 0 without a target.
	later float64
	// xs is each point's place on the moving-time axis in minutes: pauses, stops and
	// gaps in the recording (a clock that jumps by hours) take no room.
	xs   []float64
	maxX float64
	// shown are the steps the panels show: the running ones, or every moving one
	// of a walk.
	shown []dashSample
}

// dashSample is one step sample the panels show.
type dashSample struct {
	i      int     // the index in the series
	t, x   float64 // minutes from the start, and on the moving-time axis
	spm, v float64 // steps/min, and speed in m/s (NaN when unknown)
	thr    float64 // the threshold at the sample's smoothed pace; NaN when not judged
	seg    int
}

// dashSpeedHalfS is half the window of the rolling median of speed that the
// threshold line follows: a minute in all, as the analysis judges 30 s windows.
const dashSpeedHalfS = 30

// dashMinSpan is the least height of the cadence axis, in steps/min.
const dashMinSpan = 40

// dashMinWalkSpeed is the slowest speed (m/s) a walk's steps are plotted against pace
// at: standing still is below it.
const dashMinWalkSpeed = 0.3

// dashCanvas returns a canvas that draws on pic at dashDPI.
func dashCanvas(pic *vgpng.Picture) draw.Canvas {
	return draw.New(vgpng.New(pic, dashDPI))
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
	d.fonts()
	d.prepare()
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

// prepare works out what the panels share: what kind of activity this is, the
// moving-time axis, the steps shown, and the threshold at each step's pace.
func (d *dashboard) prepare() {
	r := d.r
	d.judged = r.Verdict.Kind == analysis.VerdictOverstride || r.Verdict.Kind == analysis.VerdictOK
	running := false
	for _, p := range d.pts {
		if p.Running && p.Moving && dashFinite(p.SPM) && dashFinite(p.T) {
			running = true
			break
		}
	}
	d.walk = !d.judged && (r.Verdict.Kind == analysis.VerdictWalking || r.Sport == activity.Walking || r.Sport == activity.Hiking || !running)
	for _, p := range coach.Parts(r) {
		if p.PaceSPerKm != nil {
			d.paced = true
		}
	}
	if d.walk {
		d.opt.Target = 0 // a walk has no target, whatever the caller says
	}
	if t := d.opt.Target; t > 0 {
		d.later = t
		if coach.Target(r) == t {
			d.later = math.Max(t, coach.LaterTarget(r))
		}
	}

	d.xs = make([]float64, len(d.pts))
	x, prevT, prevSeg := 0.0, math.NaN(), 0
	for i, p := range d.pts {
		if dashFinite(p.T) {
			if dt := p.T - prevT; p.Moving && p.Seg == prevSeg && dt > 0 && dt <= analysis.MaxGapS {
				x += dt
			}
			prevT, prevSeg = p.T, p.Seg
		}
		d.xs[i] = x / 60
	}
	d.maxX = 1
	d.shown = make([]dashSample, 0, len(d.pts))
	for i, p := range d.pts {
		if !p.Moving || !dashFinite(p.SPM) || !dashFinite(p.T) {
			continue
		}
		d.maxX = math.Max(d.maxX, d.xs[i])
		if !d.walk && !p.Running {
			continue
		}
		v := p.Speed
		if !(v > 0) || math.IsInf(v, 0) {
			v = math.NaN()
		}
		d.shown = append(d.shown, dashSample{i: i, t: p.T / 60, x: d.xs[i], spm: p.SPM, v: v, thr: math.NaN(), seg: p.Seg})
	}
	if !d.judged {
		return
	}
	if !d.paced {
		for k := range d.shown {
			d.shown[k].thr = d.thr
		}
		return
	}
	idx, segs := make([]int, 0, len(d.shown)), make([]int, 0, len(d.shown))
	ts, vs := make([]float64, 0, len(d.shown)), make([]float64, 0, len(d.shown))
	for k, s := range d.shown {
		if !math.IsNaN(s.v) {
			idx, ts, vs, segs = append(idx, k), append(ts, s.t), append(vs, s.v), append(segs, s.seg)
		}
	}
	for _, rn := range dashRuns(ts, segs, dashBreakS/60.0) {
		m := dashRollingMedian(ts[rn[0]:rn[1]], vs[rn[0]:rn[1]], dashSpeedHalfS/60.0)
		for j, v := range m {
			// In steps of half a step/min: the line stays level while the pace
			// does, and draws (and compresses) as crisply as a level line.
			d.shown[idx[rn[0]+j]].thr = math.Round(2*analysis.ThresholdAt(d.thr, v)) / 2
		}
	}
}

// header draws the title line (date, sport, distance, moving time, pace) and a line
// on the cadence and the verdict, in the table's words.
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
	case d.walk && r.Cadence != nil:
		sub = fmt.Sprintf("Walking cadence: median %s steps/min over moving time (middle 80%%: %s-%s)  ·  %s",
			dashNum(r.Cadence.Median), dashNum(r.Cadence.P10), dashNum(r.Cadence.P90), ShortVerdict(r, d.opt.Imperial))
	case r.Running != nil:
		sub = fmt.Sprintf("Running cadence: median %s steps/min (middle 80%%: %s-%s)  ·  %s",
			dashNum(r.Running.Median), dashNum(r.Running.P10), dashNum(r.Running.P90), ShortVerdict(r, d.opt.Imperial))
	case r.Cadence != nil:
		sub = fmt.Sprintf("Cadence: median %s steps/min over moving time  ·  %s", dashNum(r.Cadence.Median), ShortVerdict(r, d.opt.Imperial))
	default:
		sub = "No step cadence in this activity"
	}
	if t := d.opt.Target; t > 0 {
		sub += fmt.Sprintf("  ·  your next target: %s steps/min", dashNum(t))
		if d.later > t {
			sub += fmt.Sprintf(", later %s", dashNum(d.later))
		}
	}
	d.text(c, vg.Point{X: x, Y: c.Max.Y - 38}, sub, 12.5, false, dashMuted, draw.XLeft, draw.YTop)
}

// cadenceRange sets the cadence axis shared by the panels from the spread of the
// steps shown (the running ones, or every moving one of a walk), and for a judged
// run its thresholds and its target range. Walking breaks in a run fall below it:
// the time panel marks them instead.
func (d *dashboard) cadenceRange() {
	v := make([]float64, 0, len(d.shown))
	for _, s := range d.shown {
		v = append(v, s.spm)
	}
	if len(v) == 0 {
		for _, p := range d.pts {
			if p.Moving && dashFinite(p.SPM) {
				v = append(v, p.SPM)
			}
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	if len(v) > 0 {
		sort.Float64s(v)
		lo, hi = analysis.Quantile(v, 0.02)-4, analysis.Quantile(v, 0.98)+4
	}
	if d.judged {
		for _, s := range d.shown {
			if dashFinite(s.thr) {
				lo, hi = math.Min(lo, s.thr-3), math.Max(hi, s.thr+3)
			}
		}
	}
	if t := d.opt.Target; t > 0 {
		lo, hi = math.Min(lo, t-4), math.Max(hi, d.later+4)
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 140, 190
	}
	// At least dashMinSpan tall: a steady runner's few steps/min of wobble should
	// not look like big swings.
	if hi-lo < dashMinSpan {
		mid := (lo + hi) / 2
		lo, hi = mid-dashMinSpan/2, mid+dashMinSpan/2
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

// fonts sets up the dashboard's fonts: a cache of its own, filled only from the
// embedded Liberation fonts, so that no font registered elsewhere in the program, nor
// any system font, can change a pixel.
func (d *dashboard) fonts() {
	d.hdl = newDashText(font.NewCache(liberation.Collection()))
	d.regular = font.Font{Typeface: "Liberation", Variant: "Sans"}
	d.bold = d.regular
	d.bold.Weight = stdfont.WeightBold
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
	if ok {
		return w
	}
	// Tick labels, titles and legends recur from one dashboard to the next.
	dashWidthsMu.Lock()
	w, ok = dashWidths[k]
	dashWidthsMu.Unlock()
	if !ok {
		face := h.Fonts.Lookup(f, f.Size)
		w = face.Width(s)
		// vgpng.Canvas sets digits without kerning (vgpng.Tabular): take the kerning of each
		// pair of digits back out. (Digits are ASCII, never inside a longer UTF-8 rune.)
		for i := 1; i < len(s); i++ {
			if vgpng.Tabular(rune(s[i-1]), rune(s[i])) {
				w -= face.Width(s[i-1:i+1]) - face.Width(s[i-1:i]) - face.Width(s[i:i+1])
			}
		}
		dashWidthsMu.Lock()
		if len(dashWidths) >= dashWidthsMax {
			clear(dashWidths)
		}
		dashWidths[k] = w
		dashWidthsMu.Unlock()
	}
	h.widths[k] = w
	return w
}

// dashWidths remembers text widths for every dashboard of the program, up to
// dashWidthsMax of them: the fonts all come from the one embedded collection (see
// fonts), so a width never changes.
var (
	dashWidthsMu sync.Mutex
	dashWidths   = map[dashTextKey]vg.Length{}
)

const dashWidthsMax = 1 << 14

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
	vs, ws, below := make([]float64, n), make([]float64, n), make([]bool, n)
	total := 0.0
	for k, s := range d.shown {
		vs[k], ws[k] = s.spm, dashDT(d.pts, s.i)
		below[k] = d.judged && s.spm < s.thr
		total += ws[k]
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
	binsUnder, binsOver := make([]float64, nb), make([]float64, nb)
	for i, v := range vs {
		k := int(math.Floor((v - xlo) / 2))
		k = max(0, min(nb-1, k))
		if below[i] {
			binsUnder[k] += ws[i] / 60
		} else {
			binsOver[k] += ws[i] / 60
		}
	}
	if unit == "samples" {
		for k := range binsUnder {
			binsUnder[k], binsOver[k] = math.Round(binsUnder[k]), math.Round(binsOver[k])
		}
	}
	peak, mode := 0.0, 0
	for k := range binsUnder {
		if b := binsUnder[k] + binsOver[k]; b > peak {
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
			}{{binsUnder[k], dashVermilion}, {binsOver[k], dashBlue}} {
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
			row{swatch: dashVermilion, name: "below: overstriding likely"},
			row{swatch: dashBlue, name: "at or above"})
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
				pace = analysis.FormatPace(*q.PaceSPerKm, d.opt.Imperial)
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
				name := d.targetName() + " at " + analysis.FormatPace(*focus.PaceSPerKm, d.opt.Imperial)
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
				msg += fmt.Sprintf("; it reaches %s at %s", dashNum(goal), analysis.FormatPace(goalPace*60*1000/d.unitM, d.opt.Imperial))
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
			names[i] += "\n" + analysis.FormatPace(1000/g.SpeedMS, d.opt.Imperial)
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
