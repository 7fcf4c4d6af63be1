package report

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/fitparse"
	synthetic "github.com/cadence-run/cadence/internal/synth"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// regen (-regen) rewrites the golden dashboard images in testdata/. The flag is the one
// cmpimg already registers under that name; a second flag.Bool("regen") would panic.
var regen = cmpimg.GenerateTestData

// goldenDelta is the colour tolerance of the golden comparison (cmpimg's normalised
// YIQ distance per pixel): small enough to catch any change a reader would see,
// large enough to allow anti-aliasing that differs in the last bit between machines.
const goldenDelta = 0.05

// synth describes a synthetic activity for the tests.
type synth struct {
	seconds  int  // samples at 1 Hz, pauses not counted
	speed    bool // the file has speed and distance
	altitude bool // the file has altitude, with one climb and one descent
}

// rng is a small xorshift generator, so that the noise never changes with the Go
// version.
type rng uint64

func (r *rng) float() float64 {
	*r ^= *r << 13
	*r ^= *r >> 7
	*r ^= *r << 17
	return float64(uint64(*r)>>11) / (1 << 53)
}

// build returns a hand-made Result: a run in three segments split by two pauses, a
// warm-up, a tempo block, a minute's walk, a few dropped cadence spikes, a 20 s stand
// without a pause, and (with altitude) a climb and a descent.
func (s synth) build() *analysis.Result {
	noise := rng(0x9E3779B97F4A7C15)
	n := s.seconds
	pts := make([]analysis.Point, 0, n)
	t, seg := 0.0, 0
	dist, alt := 0.0, 120.0
	frac := func(i int) float64 { return float64(i) / float64(n) }
	for i := 0; i < n; i++ {
		f := frac(i)
		if i > 0 && (i == int(0.35*float64(n)) || i == int(0.7*float64(n))) {
			t += 120 // a pause: no samples, and a new segment
			seg++
		}
		v := 3.0 + 0.15*math.Sin(float64(i)/97)
		grade := 0.0
		switch {
		case f < 0.1:
			v = 2.6 + 0.1*math.Sin(float64(i)/31)
		case f >= 0.45 && f < 0.6:
			v = 3.6 + 0.1*math.Sin(float64(i)/53)
		case f >= 0.9:
			v = 2.7
		}
		if s.altitude {
			switch {
			case f >= 0.15 && f < 0.25:
				grade, v = 0.05, v-0.4
			case f >= 0.75 && f < 0.85:
				grade, v = -0.05, v+0.3
			}
		}
		spm := 128 + 11*v + 6*grade*20 + 6*(noise.float()-0.5) + 4*(noise.float()-0.5)
		walk := f >= 0.62 && f < 0.62+60/float64(n)
		stand := f >= 0.52 && f < 0.52+20/float64(n)
		switch {
		case walk:
			v, spm = 1.5, 116+4*noise.float()
		case stand:
			v, spm = 0, math.NaN()
		}
		spm = 2 * math.Round(spm/2) // doubled one-foot counts are even
		if i%997 == 500 {
			spm = math.NaN() // a dropped spike
		}
		v += 0.2 * (noise.float() - 0.5)
		if stand {
			v = 0
		}
		dist += v
		alt += grade * v
		p := analysis.Point{T: t, SPM: spm, Speed: v, Alt: alt, Dist: dist, Grade: grade, Seg: seg,
			Moving: v >= analysis.MovingMinSpeed || !s.speed}
		if !s.speed {
			p.Speed, p.Dist = math.NaN(), math.NaN()
		}
		if !s.altitude {
			p.Alt, p.Grade = math.NaN(), math.NaN()
		}
		p.Running = p.Moving && p.SPM >= analysis.RunningMinSPM
		pts = append(pts, p)
		t++
	}
	return summarise(pts, s)
}

// summarise fills in the Result fields the dashboard reads, the way the analysis
// defines them.
func summarise(pts []analysis.Point, s synth) *analysis.Result {
	start := time.Date(2025, 3, 2, 7, 30, 0, 0, time.UTC)
	r := &analysis.Result{Sport: activity.Running, Start: &start, Threshold: 165, Series: pts,
		PaceBands: []analysis.PaceBand{}, Grades: []analysis.GradeBand{}, Warnings: []string{}}
	var moving float64
	var run, all []float64
	for i := range pts {
		dt := dashDT(pts, i)
		if pts[i].Moving {
			moving += dt
			if !math.IsNaN(pts[i].SPM) {
				all = append(all, pts[i].SPM)
			}
		}
		if pts[i].Running {
			run = append(run, pts[i].SPM)
		}
	}
	stats := func(v []float64) *analysis.Stats {
		sort.Float64s(v)
		sum := 0.0
		for _, x := range v {
			sum += x
		}
		return &analysis.Stats{Mean: sum / float64(len(v)), Median: analysis.Quantile(v, 0.5),
			P10: analysis.Quantile(v, 0.1), P90: analysis.Quantile(v, 0.9), Samples: len(v)}
	}
	r.MovingS = &moving
	r.Cadence, r.Running = stats(all), stats(run)
	// Judged as one part at the running pace (or, without speed, at the fixed
	// threshold), as the analysis judges a steady run.
	judge := func(pace float64) {
		thr := analysis.ThresholdAt(r.Threshold, 1000/pace)
		part := analysis.JudgedPart{Seconds: moving, MedianSPM: r.Running.Median, ThresholdSPM: thr, TypicalSPM: thr + analysis.TypicalMargin, Below: r.Running.Median < thr}
		if pace > 0 {
			part.PaceSPerKm = &pace
		}
		r.Judged = []analysis.JudgedPart{part}
		r.Overstride = part.Below
		r.Verdict.Kind = analysis.VerdictOK
		if r.Overstride {
			r.Verdict.Kind = analysis.VerdictOverstride
		}
	}
	if !s.speed {
		d := 8046.72 // the treadmill's own total: five miles
		pace := 1000 * moving / d
		r.DistanceM, r.PaceSPerKm, r.Indoor = &d, &pace, true
		judge(0)
		return r
	}
	d := pts[len(pts)-1].Dist
	pace := 1000 * moving / d
	r.DistanceM, r.PaceSPerKm, r.RunPace = &d, &pace, &pace
	judge(pace)

	// Least squares of cadence on speed over the running samples.
	var sx, sy, sxx, sxy, syy, k float64
	for _, p := range pts {
		if p.Running && p.Speed > 1.5 && p.Speed < 8 {
			sx, sy, sxx, sxy, syy, k = sx+p.Speed, sy+p.SPM, sxx+p.Speed*p.Speed, sxy+p.Speed*p.SPM, syy+p.SPM*p.SPM, k+1
		}
	}
	slope := (k*sxy - sx*sy) / (k*sxx - sx*sx)
	icpt := (sy - slope*sx) / k
	rr := (k*sxy - sx*sy) / math.Sqrt((k*sxx-sx*sx)*(k*syy-sy*sy))
	r.PaceFit = &analysis.Fit{Intercept: icpt, Slope: slope, R2: rr * rr}

	if s.altitude {
		names := []string{"uphill", "flat", "downhill"}
		var secs, speed [3]float64
		var spm [3][]float64
		for i, p := range pts {
			if !p.Running {
				continue
			}
			g := 1
			if p.Grade > 0.02 {
				g = 0
			} else if p.Grade < -0.02 {
				g = 2
			}
			dt := dashDT(pts, i)
			secs[g] += dt
			speed[g] += p.Speed * dt
			spm[g] = append(spm[g], p.SPM)
		}
		for g := range names {
			sort.Float64s(spm[g])
			r.Grades = append(r.Grades, analysis.GradeBand{Name: names[g], Seconds: secs[g],
				MedianSPM: analysis.Quantile(spm[g], 0.5), SpeedMS: speed[g] / secs[g]})
		}
	}
	return r
}

// render returns the dashboard PNG and checks that it decodes to 1600 x 1000.
func render(t testing.TB, r *analysis.Result, opt DashboardOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Dashboard(&buf, r, opt); err != nil {
		t.Fatalf("Dashboard: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("the dashboard is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 1000 {
		t.Fatalf("dashboard is %dx%d pixels, want 1600x1000", b.Dx(), b.Dy())
	}
	return buf.Bytes()
}

// record draws the dashboard on a recorder, for tests that look at what was drawn.
func record(r *analysis.Result, opt DashboardOptions) *recorder.Canvas {
	rec := &recorder.Canvas{}
	drawDashboard(draw.NewCanvas(rec, dashWidthPt, dashHeightPt), r, opt)
	return rec
}

// texts returns every string the dashboard drew.
func texts(rec *recorder.Canvas) []string {
	var out []string
	for _, a := range rec.Actions {
		if fs, ok := a.(*recorder.FillString); ok {
			out = append(out, fs.String)
		}
	}
	return out
}

var goldens = []struct {
	name string
	file string
	run  synth
	opt  DashboardOptions
	want []string // text the picture must hold
}{
	{"outdoor", "dashboard.png", synth{seconds: 3000, speed: true, altitude: true},
		DashboardOptions{Target: 168},
		[]string{"Sun 2 Mar 2025", "Running", "8.89 km", "0:49:36 moving", "5:35/km", "Cadence over time", "Running cadence distribution",
			"Cadence against pace", "Cadence by slope (grade beyond ±2%)", "uphill", "downhill", "your target 168",
			"pace (min/km), faster →", "/km"}},
	{"treadmill", "dashboard_treadmill.png", synth{seconds: 2400},
		DashboardOptions{Imperial: true},
		[]string{"5.00 mi", "/mi", "Cadence over time", "Running cadence distribution", "walk",
			"no pace data: a treadmill run without a footpod speed,\nor a file without speed or positions",
			"Step length over time", "no speed data: step length needs pace,\nand cadence by slope needs altitude"}},
	{"flat", "dashboard_flat.png", synth{seconds: 2400, speed: true},
		DashboardOptions{Imperial: true, Target: 171},
		[]string{"Step length over time", "step length (ft)", "/mi", "your target 171", "pace (min/mi), faster →"}},
}

// TestDashboardGolden compares the dashboards of fixed synthetic runs with the
// golden images; run with -regen to rewrite them after a deliberate change, and look
// at the new pictures before committing them.
func TestDashboardGolden(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			r := g.run.build()
			got := render(t, r, g.opt)
			path := filepath.Join("testdata", g.file)
			if *regen {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", path)
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("no golden image (run go test ./report -run Golden -regen): %v", err)
			}
			ok, err := cmpimg.EqualApprox("png", got, want, goldenDelta)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				bad := filepath.Join(t.TempDir(), g.file)
				_ = os.WriteFile(bad, got, 0o644)
				t.Errorf("dashboard differs from %s; the new one is %s", path, bad)
			}
			drawn := texts(record(r, g.opt))
			all := strings.Join(drawn, "\n")
			for _, w := range g.want {
				if !strings.Contains(all, w) {
					t.Errorf("the dashboard does not say %q", w)
				}
			}
		})
	}
}

// TestDashboardDeterministic checks that the same result always gives the same bytes,
// also when the reused picture held another dashboard before, and from goroutines
// drawing at once.
func TestDashboardDeterministic(t *testing.T) {
	a := synth{seconds: 1200, speed: true, altitude: true}.build()
	b := synth{seconds: 900}.build()
	first := render(t, a, DashboardOptions{Target: 170})
	render(t, b, DashboardOptions{Imperial: true})
	done := make(chan []byte, 2)
	for range 2 {
		go func() {
			var buf bytes.Buffer
			if err := Dashboard(&buf, a, DashboardOptions{Target: 170}); err != nil {
				t.Error(err)
			}
			done <- buf.Bytes()
		}()
	}
	for range 2 {
		if again := <-done; !bytes.Equal(first, again) {
			t.Fatal("the same result drew two different pictures")
		}
	}
}

// TestDashboardOneStory checks that the distribution's legend gives the verdict's
// numbers, and that no dashboard draws a universal 170-180 band or an R².
func TestDashboardOneStory(t *testing.T) {
	r := synth{seconds: 3000, speed: true, altitude: true}.build()
	all := strings.Join(texts(record(r, DashboardOptions{})), "\n")
	p := r.Judged[0]
	want := fmt.Sprintf("the verdict: %d of %d min below", map[bool]int{true: int(math.Round(p.Seconds / 60))}[p.Below], int(math.Round(p.Seconds/60)))
	for _, s := range []string{want, "each step against the threshold for its pace", "threshold for the pace", "typical for the pace"} {
		if !strings.Contains(all, s) {
			t.Errorf("the dashboard does not say %q:\n%s", s, all)
		}
	}
	for _, g := range goldens {
		all := strings.Join(texts(record(g.run.build(), g.opt)), "\n")
		for _, s := range []string{"170-180", "R²", "zone"} {
			if strings.Contains(all, s) {
				t.Errorf("%s: the dashboard says %q", g.name, s)
			}
		}
	}
}

// labelBoxes returns the boxes of the strings drawn that the dashboard places itself
// (names of lines, legends, notes), not the axes' tick labels.
func labelBoxes(rec *recorder.Canvas) []struct {
	s   string
	box vg.Rectangle
} {
	h := newDashText(font.NewCache(liberation.Collection()))
	var out []struct {
		s   string
		box vg.Rectangle
	}
	for _, a := range rec.Actions {
		fs, ok := a.(*recorder.FillString)
		if !ok || !regexp.MustCompile(`threshold|target|typical|pause|walk|median|grey|trend|squares`).MatchString(fs.String) {
			continue
		}
		f := fs.Font
		f.Size = fs.Size
		e := h.Extents(f)
		w := h.width(fs.String, f)
		out = append(out, struct {
			s   string
			box vg.Rectangle
		}{fs.String, vg.Rectangle{Min: vg.Point{X: fs.Point.X, Y: fs.Point.Y - e.Descent}, Max: vg.Point{X: fs.Point.X + w, Y: fs.Point.Y + e.Ascent}}})
	}
	return out
}

// TestDashboardLabelsDoNotOverlap: the names of the threshold, the target and the
// other lines never run into one another, in the goldens and in real files.
func TestDashboardLabelsDoNotOverlap(t *testing.T) {
	check := func(name string, r *analysis.Result, opt DashboardOptions) {
		boxes := labelBoxes(record(r, opt))
		for i := range boxes {
			for j := i + 1; j < len(boxes); j++ {
				a, b := boxes[i].box, boxes[j].box
				if a.Min.X < b.Max.X-1 && b.Min.X < a.Max.X-1 && a.Min.Y < b.Max.Y-1 && b.Min.Y < a.Max.Y-1 {
					t.Errorf("%s: %q and %q overlap", name, boxes[i].s, boxes[j].s)
				}
			}
		}
	}
	for _, g := range goldens {
		check(g.name, g.run.build(), g.opt)
	}
	for _, name := range []string{"workoutizer-garmin-fr25-run-pauses.fit", "fitparse-stryd-run-devfields.fit", "fitparserjs-garmin-fenix5x-run-devfields.fit"} {
		r := sampleResult(t, filepath.Join("..", "testdata", "sample", name))
		check(name, r, DashboardOptions{Target: coach.Target(r)})
	}
	// The first runs of the synthetic archive: steady runs whose target sits mid-panel
	// (its name once ran into "threshold for the pace" at the right).
	for i, spec := range synthetic.Plan(50, synthetic.ArchiveStart, 1) {
		data, err := synthetic.FIT(spec)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := fitparse.Parse("synth.fit", data)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			r := analysis.Analyze(a, analysis.DefaultOptions)
			check(fmt.Sprintf("synthetic activity %d", i), r, DashboardOptions{Target: coach.Target(r)})
		}
	}
}

// sampleResult analyses the first activity of a file.
func sampleResult(t *testing.T, path string) *analysis.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := fitparse.Parse(filepath.Base(path), data)
	if err != nil || len(acts) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	return analysis.Analyze(acts[0], analysis.DefaultOptions)
}

// corpusResult is sampleResult for a file of the shared corpus, skipping the test
// when the corpus is not there.
func corpusResult(t *testing.T, rel string) *analysis.Result {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "corpus", rel)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus file %s not found: %v", rel, err)
	}
	return sampleResult(t, path)
}

// TestDashboardWalk: a walk at 97 steps/min is on the chart, against no running
// threshold, band or target; its pace panel has its pace (13:22/km), and its step
// length is about 0.77 m (1.25 m/s at 97 steps/min), not the 0.41 m of the few
// samples above 140.
func TestDashboardWalk(t *testing.T) {
	r := corpusResult(t, "fit/gc-garmin-fr55-walk-coretemp-devfields.fit")
	if r.Verdict.Kind != analysis.VerdictWalking || math.Round(r.Cadence.Median) != 97 {
		t.Fatalf("verdict %s, median %v", r.Verdict.Kind, r.Cadence.Median)
	}
	d := &dashboard{r: r, pts: r.Series, opt: DashboardOptions{Target: 170}, thr: 165, unitM: 1000}
	d.prepare()
	d.cadenceRange()
	if !d.walk || d.ylo > 90 || d.yhi < 105 || d.yhi > 140 {
		t.Errorf("walk %v, cadence axis %v-%v: want the walk's 90-105 on it, and no running range", d.walk, d.ylo, d.yhi)
	}
	all := strings.Join(texts(record(r, DashboardOptions{Target: 170})), "\n")
	for _, s := range []string{"Walking cadence: median 97 steps/min", "Walking cadence distribution", "not judged", "median 0.77 m", "18:00"} {
		if !strings.Contains(all, s) {
			t.Errorf("the walk's dashboard does not say %q:\n%s", s, all)
		}
	}
	for _, s := range []string{"threshold", "target", "no pace data", "Running cadence", "170-180"} {
		if strings.Contains(all, s) {
			t.Errorf("the walk's dashboard says %q", s)
		}
	}
}

// TestDashboardTimeJump: a file whose clock jumps by 8 hours mid-run is drawn over
// its 56 minutes of moving time, not over 28,800 minutes.
func TestDashboardTimeJump(t *testing.T) {
	r := corpusResult(t, "fit/runalyze-garmin-fr225-run-time-jump.fit")
	d := &dashboard{r: r, pts: r.Series, thr: 165, unitM: 1000}
	d.prepare()
	if math.Abs(d.maxX-*r.MovingS/60) > 1 {
		t.Errorf("time axis to %.0f min; the run moved for %.0f min", d.maxX, *r.MovingS/60)
	}
	all := strings.Join(texts(record(r, DashboardOptions{})), "\n")
	if !strings.Contains(all, "moving time (min)") || !strings.Contains(all, "pause") {
		t.Errorf("no moving-time axis or no pause mark:\n%s", all)
	}
}

// TestDashboardGradeBarsFromZero: the slope panel's bars start at zero.
func TestDashboardGradeBarsFromZero(t *testing.T) {
	r := synth{seconds: 3000, speed: true, altitude: true}.build()
	p := (&dashboard{r: r, pts: r.Series, thr: 165, unitM: 1000, hdl: newDashText(font.NewCache(liberation.Collection()))}).gradePanel()
	if p.Y.Min != 0 {
		t.Errorf("slope bars from %v, want 0", p.Y.Min)
	}
}

// TestDashboardEmbeddedFonts checks that all text is drawn in the embedded Liberation
// Sans and that the font cache holds nothing else.
func TestDashboardEmbeddedFonts(t *testing.T) {
	rec := record(synth{seconds: 600, speed: true, altitude: true}.build(), DashboardOptions{Target: 170})
	n := 0
	for _, a := range rec.Actions {
		if fs, ok := a.(*recorder.FillString); ok {
			n++
			if fs.Font.Typeface != "Liberation" || fs.Font.Variant != "Sans" {
				t.Fatalf("%q drawn in %s %s, want Liberation Sans", fs.String, fs.Font.Typeface, fs.Font.Variant)
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d strings drawn; the dashboard lost its labels", n)
	}
}

// TestDashboardShortPaths checks the drawing of a 3-hour run stays within what the
// rasteriser draws fast: no connected line longer than dashMaxPath points, the
// scatter at most dashMaxScatter dots, and far fewer points than samples.
func TestDashboardShortPaths(t *testing.T) {
	r := synth{seconds: 11000, speed: true, altitude: true}.build()
	rec := record(r, DashboardOptions{Target: 170})
	total, dots, longest := 0, 0, 0
	for _, a := range rec.Actions {
		var path vg.Path
		switch a := a.(type) {
		case *recorder.Stroke:
			path = a.Path
		case *recorder.Fill:
			path = a.Path
			if len(path) > 0 && path[len(path)-1].Type == vg.CloseComp && len(path) <= 3 {
				for _, c := range path {
					if c.Type == vg.ArcComp {
						dots++
						break
					}
				}
			}
		default:
			continue
		}
		run := 0
		for _, c := range path {
			if c.Type == vg.CloseComp {
				continue
			}
			total++
			if c.Type == vg.MoveComp {
				run = 0
			}
			run++
			longest = max(longest, run)
		}
	}
	if longest > dashMaxPath {
		t.Errorf("a connected path of %d points; want at most %d", longest, dashMaxPath)
	}
	if dots > dashMaxScatter {
		t.Errorf("%d scatter dots, want at most %d", dots, dashMaxScatter)
	}
	if dots < dashMaxScatter/2 {
		t.Errorf("%d scatter dots: the scatter lost its points", dots)
	}
	if total > 11000 {
		t.Errorf("%d path points for 11000 samples: not decimated", total)
	}
}

// TestDashboardSmoothingRestarts checks that the smoothed line never joins samples
// across a pause (a change of segment) or a stop (a gap without samples).
func TestDashboardSmoothingRestarts(t *testing.T) {
	xs := []float64{0, 1, 2, 3, 4, 5, 30, 31, 32}
	segs := []int{0, 0, 0, 1, 1, 1, 1, 1, 1}
	got := dashRuns(xs, segs, dashBreakS)
	want := [][2]int{{0, 3}, {3, 6}, {6, 9}}
	if len(got) != len(want) {
		t.Fatalf("runs %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("runs %v, want %v", got, want)
		}
	}
	// Within one run, the rolling median ignores a lone spike and follows a step.
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	y := []float64{160, 160, 250, 160, 160, 170, 170, 170, 170, 170}
	m := dashRollingMedian(x, y, 1)
	if m[2] != 160 || m[0] != 160 || m[9] != 170 {
		t.Errorf("rolling median %v: want the spike gone and the ends kept", m)
	}
}

// TestDashboardDegenerate checks that odd inputs still give a whole picture and say
// why a panel is empty.
func TestDashboardDegenerate(t *testing.T) {
	if err := Dashboard(&bytes.Buffer{}, nil, DashboardOptions{}); err == nil {
		t.Error("a nil result gave no error")
	}
	nan := math.NaN()
	allNaN := make([]analysis.Point, 50)
	for i := range allNaN {
		allNaN[i] = analysis.Point{T: nan, SPM: nan, Speed: nan, Alt: nan, Dist: nan, Grade: nan, Moving: true}
	}
	few := synth{seconds: 3, speed: true, altitude: true}.build()
	few.PaceFit = nil
	odd := synth{seconds: 900, speed: true}.build()
	odd.PaceFit = &analysis.Fit{Intercept: 300, Slope: -20} // never reaches the target
	odd.Series[10].Speed = math.Inf(1)
	odd.Series[11].SPM = math.Inf(1)
	cases := []struct {
		name string
		r    *analysis.Result
		opt  DashboardOptions
		want string
	}{
		{"empty", &analysis.Result{}, DashboardOptions{}, "no step cadence recorded"},
		{"all NaN", &analysis.Result{Series: allNaN, Sport: activity.Running}, DashboardOptions{Target: nan}, "no running steps recorded"},
		{"few samples", few, DashboardOptions{Target: 170}, "too little spread of pace for a trend line"},
		{"odd fit", odd, DashboardOptions{Target: -5}, "follows your pace loosely"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			render(t, c.r, c.opt)
			all := strings.Join(texts(record(c.r, c.opt)), "\n")
			if !strings.Contains(all, c.want) {
				t.Errorf("the dashboard does not say %q; it says:\n%s", c.want, all)
			}
		})
	}
}

// BenchmarkDashboard3h renders a 3-hour run at 1 Hz (11,000 samples); the target is
// at most 100 ms and 80 KB per dashboard.
func BenchmarkDashboard3h(b *testing.B) {
	r := synth{seconds: 11000, speed: true, altitude: true}.build()
	opt := DashboardOptions{Target: 170}
	var buf bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := Dashboard(&buf, r, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/dashboard")
	b.ReportMetric(float64(buf.Len())/1024, "KB/dashboard")
}

// BenchmarkDashRollingMedianOneTimestamp smooths 400,000 samples that share one
// time, every window the whole series: 94 s with the sorted-insertion window that
// dashRollingMedian had before, an eighth of a second of CPU with the rank tree.
func BenchmarkDashRollingMedianOneTimestamp(b *testing.B) {
	const n = 400_000
	noise := rng(99)
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range ys {
		xs[i], ys[i] = 12.5, 150+40*noise.float()
	}
	for b.Loop() {
		dashRollingMedian(xs, ys, dashSmoothHalfS/60.0)
	}
}

// rollingMedianNaive is the plain definition of dashRollingMedian: sort each window
// afresh. It is the reference for TestDashRollingMedianMatches.
func rollingMedianNaive(xs, ys []float64, half float64) []float64 {
	out := make([]float64, len(ys))
	for i := range xs {
		var win []float64
		for j := range xs {
			if xs[j] >= xs[i]-half && xs[j] <= xs[i]+half {
				win = append(win, ys[j])
			}
		}
		sort.Float64s(win)
		out[i] = analysis.Quantile(win, 0.5)
	}
	return out
}

// TestDashRollingMedianMatches compares the rolling median, and both of the ways it
// has of keeping the window, with the plain definition on series with repeated times,
// repeated values, gaps and windows of every width.
func TestDashRollingMedianMatches(t *testing.T) {
	noise := rng(12345)
	for trial := range 200 {
		n := 1 + int(noise.float()*120)
		if trial%10 == 0 {
			n = 300 + int(noise.float()*300) // windows wider than dashSmallWindow
		}
		xs, ys := make([]float64, n), make([]float64, n)
		x := 0.0
		for i := range xs {
			switch r := noise.float(); {
			case r < 0.3: // the same time as the sample before
			case r < 0.9:
				x += 1
			default:
				x += 5 + 20*noise.float()
			}
			xs[i] = x
			ys[i] = 2 * math.Round(80+20*noise.float()) // even, with many ties
			if trial%3 == 0 {
				ys[i] = 150 + 40*noise.float()
			}
		}
		half := []float64{0, 0.5, 1, 3, 15, 1000}[trial%6]
		want := rollingMedianNaive(xs, ys, half)
		for name, f := range map[string]func(xs, ys []float64, half float64) []float64{
			"dashRollingMedian": dashRollingMedian, "dashMedianSorted": dashMedianSorted, "dashMedianRanks": dashMedianRanks,
		} {
			got := f(xs, ys, half)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("trial %d (n %d, half %g): %s %d is %g, want %g", trial, n, half, name, i, got[i], want[i])
				}
			}
		}
	}
	if got := dashRollingMedian(nil, nil, 1); len(got) != 0 {
		t.Errorf("medians of nothing: %v", got)
	}
}

// TestDashRollingMedianOneTimestamp gives the rolling median 400,000 samples at one
// time, as a file whose records all carry the same timestamp does: every window is
// the whole series, which took the old sorted-insertion window 113 s. The median of
// each must be the median of all.
func TestDashRollingMedianOneTimestamp(t *testing.T) {
	const n = 400_000
	noise := rng(99)
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range ys {
		xs[i] = 12.5
		ys[i] = 150 + 40*noise.float()
	}
	all := slices.Clone(ys)
	sort.Float64s(all)
	want := analysis.Quantile(all, 0.5)
	got := dashRollingMedian(xs, ys, dashSmoothHalfS/60.0)
	for _, i := range []int{0, 1, n / 2, n - 1} {
		if got[i] != want {
			t.Fatalf("median %d of %d samples at one time is %g, want %g", i, n, got[i], want)
		}
	}
}

// TestDashboardGreysLeftOut: the distribution of a workout shows the running its
// verdict leaves out (the recoveries) in grey, judged neither below nor above, with
// a legend word and its time; a run that is not a workout has no such row.
func TestDashboardGreysLeftOut(t *testing.T) {
	r := analysis.Analyze(reasonIntervals(8, 60, 200), analysis.DefaultOptions)
	if r.Workout == nil {
		t.Fatalf("not a workout: %+v", r.Judged)
	}
	rec := record(r, DashboardOptions{})
	all := strings.Join(texts(rec), "\n")
	if !strings.Contains(all, "not judged: recoveries, changes of pace") {
		t.Errorf("the workout's dashboard does not name what it leaves out:\n%s", all)
	}
	greys := func(rec *recorder.Canvas) (n int) {
		for _, a := range rec.Actions {
			if c, ok := a.(*recorder.SetColor); ok && c.Color == dashFlat {
				n++
			}
		}
		return n
	}
	// The same result with nothing left out draws fewer grey shapes: none in the
	// distribution.
	withGrey := greys(rec)
	for i := range r.Series {
		r.Series[i].LeftOut = false
	}
	if without := greys(record(r, DashboardOptions{})); withGrey <= without {
		t.Errorf("%d grey shapes with the recoveries left out, %d without", withGrey, without)
	}
	steady := strings.Join(texts(record(synth{seconds: 3000, speed: true}.build(), DashboardOptions{})), "\n")
	if strings.Contains(steady, "not judged") {
		t.Errorf("a steady run's dashboard says something was not judged:\n%s", steady)
	}
}
