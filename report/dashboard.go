package report

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"sort"
	"strings"

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
		if pace := FormatPace(*r.PaceSPerKm, d.opt.Imperial); pace != "-" {
			parts = append(parts, pace)
		}
	}
	x := c.Min.X + 16
	d.text(c, vg.Point{X: x, Y: c.Max.Y - 10}, strings.Join(parts, "  ·  "), 19, true, dashInk, draw.XLeft, draw.YTop)

	d.text(c, vg.Point{X: x, Y: c.Max.Y - 38}, d.subtitle(), 12.5, false, dashMuted, draw.XLeft, draw.YTop)
}

// subtitle is the line under the title: the headline cadence (HeadlineOf, the
// number the table and the index show), its spread, the verdict and the target.
func (d *dashboard) subtitle() string {
	r := d.r
	h := HeadlineOf(r)
	var sub string
	switch {
	case h.Running:
		sub = fmt.Sprintf("Running cadence: median %s steps/min (middle 80%%: %s-%s)  ·  %s",
			h.Number(), dashNum(r.Running.P10), dashNum(r.Running.P90), ShortVerdict(r, d.opt.Imperial))
	case h.Unit == "spm" && (h.Noun == "walk" || h.Noun == "hike"):
		sub = fmt.Sprintf("Walking cadence: median %s steps/min over moving time (middle 80%%: %s-%s)  ·  %s",
			h.Number(), dashNum(r.Cadence.P10), dashNum(r.Cadence.P90), ShortVerdict(r, d.opt.Imperial))
	case h.Unit == "spm":
		sub = fmt.Sprintf("Cadence: median %s steps/min over moving time  ·  %s", h.Number(), ShortVerdict(r, d.opt.Imperial))
	default:
		sub = "No step cadence in this activity"
	}
	if t := d.opt.Target; t > 0 {
		sub += fmt.Sprintf("  ·  your next target: %s steps/min", dashNum(t))
		if d.later > t {
			sub += fmt.Sprintf(", later %s", dashNum(d.later))
		}
	}
	return sub
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
