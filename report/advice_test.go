package report

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/fitparse"
)

// The -update flag rewrites the advice goldens. It is registered in init, after every
// package-level variable, and only if no other test file of the package registered it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

func adviceUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func advF(v float64) *float64 { return &v }

func advStart(day int) *time.Time {
	t := time.Date(2024, 5, day, 7, 30, 0, 0, time.UTC)
	return &t
}

// advActivity is a steady synthetic run: n seconds at 1 Hz at pace s/km and med
// steps/min, recorded as one foot per minute.
func advActivity(med, pace float64, n int) *activity.Activity {
	a := activity.New("2024-05-12-easy.fit", "fit", 0)
	a.Sport, a.SportFrom, a.CadenceUnit = activity.Running, "file", activity.CadencePerFoot
	a.Start = *advStart(12)
	v := math.NaN()
	if pace > 0 {
		v = 1000 / pace
	}
	for i := 0; i < n; i++ {
		s := activity.NewSample()
		s.T = float64(a.Start.Unix()) + float64(i)
		s.Cadence = med / 2
		if pace > 0 {
			s.Speed, s.Distance = v, float64(i)*v
		}
		a.Samples = append(a.Samples, s)
	}
	return a
}

// advRunThr builds the Result of an outdoor run of 48 minutes with median running
// cadence med at a pace of pace s/km (0: no speed), analysed, and so judged, as the
// analysis does at threshold thr.
func advRunThr(med, pace, thr float64) *analysis.Result {
	r := analysis.Analyze(advActivity(med, pace, 2880), analysis.Options{Threshold: thr})
	r.Start = advStart(12)
	r.Series = nil
	return r
}

// advRun is advRunThr at the default threshold of 165.
func advRun(med, pace float64) *analysis.Result { return advRunThr(med, pace, 165) }

// advOverstrider is a runner at 156 steps/min at 6:00/km whose cadence rises with pace.
func advOverstrider() *analysis.Result {
	r := advRun(156, 360)
	r.PaceBands = []analysis.PaceBand{
		{FromSPerKm: 300, ToSPerKm: 330, Seconds: 240, MedianSPM: 167, StepM: 1.14},
		{FromSPerKm: 330, ToSPerKm: 360, Seconds: 600, MedianSPM: 161.4, StepM: 1.08},
		{FromSPerKm: 360, ToSPerKm: 390, Seconds: 1500, MedianSPM: 156, StepM: 1.03},
		{FromSPerKm: 390, ToSPerKm: 420, Seconds: 540, MedianSPM: 152.6, StepM: 0.98},
	}
	r.MilePaceBands = r.PaceBands // the same bands whichever the units
	r.Grades = []analysis.GradeBand{
		{Name: "uphill", Seconds: 600, MedianSPM: 155, SpeedMS: 2.5},
		{Name: "flat", Seconds: 1800, MedianSPM: 156, SpeedMS: 2.8},
		{Name: "downhill", Seconds: 480, MedianSPM: 155.5, SpeedMS: 3.0},
	}
	r.PaceFit = &analysis.Fit{Intercept: 110, Slope: 16.5, R2: 0.41}
	return r
}

func advAt172() *analysis.Result {
	r := advRun(172, 330)
	r.File = "2024-05-14-steady.fit"
	r.Start = advStart(14)
	r.PaceBands = []analysis.PaceBand{
		{FromSPerKm: 300, ToSPerKm: 330, Seconds: 1200, MedianSPM: 174, StepM: 1.10},
		{FromSPerKm: 330, ToSPerKm: 360, Seconds: 1500, MedianSPM: 170.2, StepM: 1.03},
	}
	r.MilePaceBands = r.PaceBands
	return r
}

func advWalk() *analysis.Result {
	return &analysis.Result{
		File: "2024-05-13-walk.gpx", Format: "gpx", Sport: activity.Walking, SportFrom: "file", Start: advStart(13),
		MovingS: advF(2400), DistanceM: advF(3800), PaceSPerKm: advF(631.6), RunShare: advF(0),
		Cadence:   &analysis.Stats{Mean: 117.2, Median: 118, P10: 110, P90: 124, Samples: 2400},
		Threshold: 165, PaceBands: []analysis.PaceBand{}, Grades: []analysis.GradeBand{}, Warnings: []string{},
		Verdict: analysis.Verdict{Kind: analysis.VerdictWalking, Basis: analysis.BasisWalkSport},
	}
}

func advRide() *analysis.Result {
	return &analysis.Result{
		File: "2024-05-15-ride.fit", Format: "fit", Sport: activity.Cycling, SportFrom: "file", Start: advStart(15),
		MovingS: advF(4500), DistanceM: advF(32400), PaceSPerKm: advF(138.9),
		OtherCad: &analysis.Stats{Mean: 84.1, Median: 85, P10: 72, P90: 94, Samples: 4400}, CadenceUnit: "pedal revolutions per minute",
		Threshold: 165, PaceBands: []analysis.PaceBand{}, Grades: []analysis.GradeBand{}, Warnings: []string{},
		Verdict: analysis.Verdict{Kind: analysis.VerdictNotFoot, Basis: analysis.BasisOtherSport},
	}
}

func advNoCadence() *analysis.Result {
	return &analysis.Result{
		File: "2024-05-16-strava.gpx", Format: "gpx", Sport: activity.Running, SportFrom: "file", Start: advStart(16),
		MovingS: advF(3450), DistanceM: advF(10000), PaceSPerKm: advF(345), CadenceUnit: "none",
		Threshold: 165, PaceBands: []analysis.PaceBand{}, Grades: []analysis.GradeBand{}, Warnings: []string{},
		Verdict: analysis.Verdict{Kind: analysis.VerdictNoCadence, Basis: analysis.BasisNoCadence},
	}
}

func advTreadmill() *analysis.Result {
	r := advRun(160, 375)
	r.File = "2024-05-17-treadmill.tcx"
	r.Format = "tcx"
	r.Start = advStart(17)
	r.Indoor = true
	r.SubSport = "treadmill"
	r.CadenceUnit = "steps/min in the file (160 per minute is too high for one foot)"
	r.Warnings = []string{"cadence taken as steps/min already, not doubled: 160 per minute is too high for one foot"}
	return r
}

func advDownhill() *analysis.Result {
	r := advRun(162, 340)
	r.File = "2024-05-18-hills.fit"
	r.Start = advStart(18)
	r.Grades = []analysis.GradeBand{
		{Name: "uphill", Seconds: 900, MedianSPM: 160, SpeedMS: 2.6},
		{Name: "flat", Seconds: 1200, MedianSPM: 163, SpeedMS: 3.0},
		{Name: "downhill", Seconds: 780, MedianSPM: 155, SpeedMS: 3.3},
	}
	r.Verdict.DownhillSPM, r.Verdict.FlatSPM = analysis.DownhillDrop(r)
	return r
}

// advIntervals is the interval session in testdata/sample, analysed.
func advIntervals() *analysis.Result {
	name := "workoutizer-garmin-fr25-run-pauses.fit"
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sample", name))
	if err != nil {
		panic(err)
	}
	acts, err := fitparse.Parse(name, data)
	if err != nil {
		panic(err)
	}
	r := analysis.Analyze(acts[0], analysis.DefaultOptions)
	r.Series = nil
	return r
}

// advHistory is advOverstrider on a 20 km run whose longest run of the 30 days
// before was 13 km.
func advHistory() *analysis.Result {
	r := advOverstrider()
	d := 20000.0
	r.DistanceM = &d
	r.Spike = &analysis.Spike{LongestPrior30dM: 13000, Ratio: 20000.0 / 13000, DaysKnown: 30}
	return r
}

type adviceCase struct {
	name string
	r    *analysis.Result
	opt  AdviceOptions
}

func adviceCases() []adviceCase {
	return []adviceCase{
		{"overstride", advOverstrider(), AdviceOptions{ClickTrack: "click-164.wav"}},
		{"overstride-imperial", advOverstrider(), AdviceOptions{Imperial: true, ClickTrack: "clicks/click 164 (easy).wav"}},
		{"at-172", advAt172(), AdviceOptions{}},
		{"walk", advWalk(), AdviceOptions{}},
		{"ride", advRide(), AdviceOptions{}},
		{"no-cadence", advNoCadence(), AdviceOptions{}},
		{"treadmill", advTreadmill(), AdviceOptions{ClickTrack: "click-168.wav"}},
		{"downhill", advDownhill(), AdviceOptions{ClickTrack: "click-169.wav"}},
		{"intervals", advIntervals(), AdviceOptions{ClickTrack: "click-155.wav"}},
		{"history", advHistory(), AdviceOptions{ClickTrack: "click-164.wav",
			Progress: &coach.Progress{RefPaceSPerKm: 370, FromSPM: 158.4, ToSPM: 163.2, Weeks: 8}}},
	}
}

func TestAdviceGolden(t *testing.T) {
	for _, tc := range adviceCases() {
		t.Run(tc.name, func(t *testing.T) {
			got := Advice(tc.r, tc.opt)
			file := filepath.Join("testdata", "advice", tc.name+".md")
			if adviceUpdating() {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./report -run TestAdviceGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("advice for %s differs from %s (rerun with -update if the change is intended):\n%s", tc.name, file, adviceDiff(string(want), got))
			}
		})
	}
}

// adviceDiff shows the first differing line.
func adviceDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + adviceItoa(i+1) + ":\n want: " + w + "\n  got: " + g
		}
	}
	return "(no line differs)"
}

func adviceItoa(i int) string { return adviceNum(float64(i)) }

func adviceMustContain(t *testing.T, text string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(text, s) {
			t.Errorf("advice lacks %q:\n%s", s, text)
		}
	}
}

func adviceMustNotContain(t *testing.T, text string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(strings.ToLower(text), strings.ToLower(s)) {
			t.Errorf("advice should not contain %q:\n%s", s, text)
		}
	}
}

// running advice that must never reach a walk, a ride or a run without cadence.
var advicePushWords = []string{"metronome", "next target", "How to practise", "Heiderscheit", "bpm"}

func TestAdviceOverstrider(t *testing.T) {
	r := advOverstrider()
	// 156 at 6:00/km: the threshold there is 163.7, what is typical 168.7.
	if got := coach.Target(r); got != 164 {
		t.Fatalf("Target = %v, want 164 (156 × 1.05 = 163.8)", got)
	}
	if got := coach.LaterTarget(r); got != 168 {
		t.Fatalf("LaterTarget = %v, want 168 (what is typical at 6:00/km, below 156 × 1.10 = 171.6)", got)
	}
	a := Advice(r, AdviceOptions{ClickTrack: "click-164.wav"})
	adviceMustContain(t, a,
		"# Your run on Sunday 12 May 2024",
		"Running cadence 156 steps/min at 6:00/km is below 163.7, the threshold for that pace (typical there: about 169)",
		"## Your next target: 164 steps/min",
		"**Now: 164** (+5%), at the same pace, about 6:00/km",
		"**Later: up to 168** (+8%)",
		"[this click track at 164 bpm](click-164.wav)",
		"3-5 blocks of 2-3 minutes",
		"2-3 runs a week",
		"8-18 sessions over 2-6 weeks",
		"Fade the cue",
		"At about 6:15/km: **156** steps/min (most of this run)",
		"At about 5:15/km: **167** steps/min",
		"when you ran at about 5:06/km", // SpeedFor(164) = 54/16.5 = 3.27 m/s
		// At 6:00/km (2.78 m/s) a step at 156 is 1.07 m, at 164 1.02 m.
		"At 6:00/km that means steps about 5 cm shorter (1.02 m instead of 1.07 m)",
		"van Oeveren", "Heiderscheit", "Lenhart", "Willy", "Bramah", "Daniels", "Nielsen 2014", "GRONORUN", "Esculier 2018",
		"## When to see a physio", "locks or swells", "more than two weeks", "stairs, squats or downhills",
	)
	// No downhill section: downhill (155.5) is within 2 of flat (156). No history: no
	// section on it.
	adviceMustNotContain(t, a, "## Downhill", "## Your recent running", "No push needed")
	if regexp.MustCompile(`\d/mi\b| mi\b`).MatchString(a) {
		t.Errorf("metric advice names miles:\n%s", a)
	}
	// 180 is never prescribed: every line that names it says it is not the goal.
	for _, line := range strings.Split(a, "\n") {
		if strings.Contains(line, "180") && !strings.Contains(strings.ToLower(line), "not") {
			t.Errorf("a line names 180 without saying it is not the goal: %q", line)
		}
	}
	if regexp.MustCompile(`(?i)(target|now|later)[^.\n]*\b1(7[3-9]|8\d)\b`).MatchString(a) {
		t.Errorf("a target above 172 is suggested to a runner at 156:\n%s", a)
	}
	// Short enough to read in a minute or so.
	if n := len(strings.Fields(a)); n > 750 {
		t.Errorf("advice has %d words, want at most 750", n)
	}
}

func TestAdviceImperial(t *testing.T) {
	a := Advice(advOverstrider(), AdviceOptions{Imperial: true, ClickTrack: "clicks/click 164 (easy).wav"})
	adviceMustContain(t, a, "9:39/mi", // 6:00/km, also inside the analysis' reason
		"about 2 in shorter (3.3 ft instead of 3.5 ft)", "(clicks/click%20164%20%28easy%29.wav)")
	adviceMustNotContain(t, a, "/km", " km", " m instead", " cm ")
}

func TestAdviceAt172(t *testing.T) {
	r := advAt172()
	if coach.Target(r) != 0 || coach.LaterTarget(r) != 0 {
		t.Fatalf("Target, LaterTarget = %v, %v for a runner at 172, want 0, 0", coach.Target(r), coach.LaterTarget(r))
	}
	a := Advice(r, AdviceOptions{ClickTrack: "ignored.wav"})
	adviceMustContain(t, a, "## No push needed", "You were at 172: about what is typical for this pace", "Look at load first", "Daniels", "## When to see a physio")
	adviceMustNotContain(t, a, "metronome", "next target", "ignored.wav", "Heiderscheit", "How to practise", "overstriding.")
}

func TestAdviceWalk(t *testing.T) {
	a := Advice(advWalk(), AdviceOptions{})
	adviceMustContain(t, a, "# Your walk on Monday 13 May 2024", "## A walk", "118 steps/min", "no cadence target for walking")
	adviceMustNotContain(t, a, append(advicePushWords, "overstriding.")...)
	if coach.Target(advWalk()) != 0 {
		t.Error("a walk got a target")
	}
}

func TestAdviceRide(t *testing.T) {
	a := Advice(advRide(), AdviceOptions{ClickTrack: "click.wav"})
	adviceMustContain(t, a, "# Your ride on Wednesday 15 May 2024", "not a run", "85 rpm", "pedal revolutions per minute")
	adviceMustNotContain(t, a, append(advicePushWords, "physio", "steps/min", "pace", "footpod", "click.wav", "180", "knee")...)
}

func TestAdviceNoCadence(t *testing.T) {
	a := Advice(advNoCadence(), AdviceOptions{})
	adviceMustContain(t, a, "## No cadence in this file", "10.0 km at 5:45/km", "wrist cadence", "footpod", "original FIT", "multiply by 4")
	adviceMustNotContain(t, a, advicePushWords...)
}

func TestAdviceTreadmill(t *testing.T) {
	r := advTreadmill()
	// 160 × 1.05 = 168, and a typical runner takes 168 at 6:15/km: there it stays.
	if coach.Target(r) != 168 || coach.LaterTarget(r) != 168 {
		t.Fatalf("Target, LaterTarget = %v, %v, want 168, 168", coach.Target(r), coach.LaterTarget(r))
	}
	a := Advice(r, AdviceOptions{ClickTrack: "click-168.wav"})
	adviceMustContain(t, a, "# Your treadmill run on", "Cadence on a treadmill is often a little higher", "footpod",
		"**Then stay there.**", "## About the data", "Cadence taken as steps/min already, not doubled")
	adviceMustNotContain(t, a, "## Downhill", "Later: up to")
}

func TestAdviceDownhill(t *testing.T) {
	r := advDownhill()
	a := Advice(r, AdviceOptions{})
	// Downhill at 3.3 m/s and 155 (1.28 m steps); flat at 3.0 m/s and 163, which
	// at 3.3 m/s is 163 + 6 × 0.3 = 164.8 (1.20 m steps).
	adviceMustContain(t, a, "## Downhill", "On descents, at 5:03/km, your cadence was **155** steps/min; your flat running at that pace gives about **165**",
		"your steps got longer downhill (1.28 m against 1.20 m at the same pace)", "shorter, quicker steps, about 165 at the pace you descend")
	if strings.Count(a, "## Downhill") != 1 {
		t.Error("more than one downhill section")
	}
	// Slower downhill, as on a steep trail: 159 steps/min at 5:29/km against 163 at
	// 4:24/km on the flat, which the slower pace explains (163 - 6 × 0.75 = 158.5).
	// No downhill note, and no flat rhythm of 4:24/km prescribed for a recovery
	// descent at 5:29/km.
	r.Grades[2].SpeedMS, r.Grades[2].MedianSPM = 1000.0/329, 159 // 5:29/km
	r.Grades[1].SpeedMS = 1000.0 / 264                           // 4:24/km
	r.Verdict.DownhillSPM, r.Verdict.FlatSPM = analysis.DownhillDrop(r)
	a = Advice(r, AdviceOptions{})
	adviceMustNotContain(t, a, "## Downhill", "steps got longer", "flat rhythm")
	if !strings.Contains(Reason(advDownhill(), false), "downhill it drops to 155 (165 on the flat at the same pace)") || strings.Contains(Reason(r, false), "downhill") {
		t.Errorf("reasons: %q, %q", Reason(advDownhill(), false), Reason(r, false))
	}
}

// TestAdvicePaceBandsMost: "(most of this run)" marks only a band with more than half
// the time.
func TestAdvicePaceBandsMost(t *testing.T) {
	r := advOverstrider()
	for i := range r.PaceBands {
		r.PaceBands[i].Seconds = 600 // four equal bands: none holds most of the run
	}
	if a := Advice(r, AdviceOptions{}); strings.Contains(a, "most of this run") {
		t.Errorf("a band of a quarter of the time is called most of the run:\n%s", a)
	}
}

func TestAdviceOtherVerdicts(t *testing.T) {
	short := advRun(158, 360)
	short.Running = &analysis.Stats{Median: 158, Samples: 12}
	short.Judged = nil
	short.Verdict = analysis.Verdict{Kind: analysis.VerdictTooShort, Basis: analysis.BasisTooShort}
	a := Advice(short, AdviceOptions{})
	adviceMustContain(t, a, "## Too little running to judge", "Too few running samples to judge (12).")
	adviceMustNotContain(t, a, advicePushWords...)

	mostlyWalk := advRun(150, 420)
	mostlyWalk.Judged = nil
	mostlyWalk.RunShare = advF(0.22)
	mostlyWalk.Verdict = analysis.Verdict{Kind: analysis.VerdictWalking, Basis: analysis.BasisWalkShare}
	a = Advice(mostlyWalk, AdviceOptions{})
	adviceMustContain(t, a, "## Mostly walking", "Mostly walking: 78%", "run-walk")
	adviceMustNotContain(t, a, advicePushWords...)

	unknown := advRide()
	unknown.Sport = activity.Unknown
	unknown.Verdict = analysis.Verdict{Kind: analysis.VerdictUnknown, Basis: analysis.BasisUnknownSport}
	a = Advice(unknown, AdviceOptions{})
	adviceMustContain(t, a, "## Which sport was this?", "set the activity type")
	adviceMustNotContain(t, a, advicePushWords...)

	// 166 at 4:30/km is below the 169.2 of that pace: overstriding, with a target.
	tempo := advRun(166, 270)
	if tempo.Verdict.Kind != analysis.VerdictOverstride || coach.Target(tempo) != 174 {
		t.Fatalf("166 at 4:30/km: %s, Target %v, want overstride, 174", tempo.Verdict.Kind, coach.Target(tempo))
	}
	a = Advice(tempo, AdviceOptions{})
	adviceMustContain(t, a, "one of the easier things to change", "## Your next target: 174 steps/min", "**Then stay there.**")

	// A slow runner at what is typical for the pace: judged fine, so no push, and
	// no word of overstriding.
	slow := advRun(161, 500)
	if slow.Verdict.Kind != analysis.VerdictOK || coach.Target(slow) != 0 {
		t.Fatalf("161 at 8:20/km: %s, Target %v, want ok, 0", slow.Verdict.Kind, coach.Target(slow))
	}
	a = Advice(slow, AdviceOptions{})
	adviceMustContain(t, a, "That looks fine.", "## No push needed",
		"At 8:20/km, runners typically take about 164 steps/min, and below 159 is low for this pace. You were at 161")
	adviceMustNotContain(t, a, "one of the easier things to change", "metronome", "Now:", "likely overstriding")

	other := advRide()
	other.Sport, other.OtherCad = activity.Other, nil
	other.Verdict = analysis.Verdict{Kind: analysis.VerdictNotFoot, Basis: analysis.BasisOtherNoCadence}
	a = Advice(other, AdviceOptions{})
	adviceMustContain(t, a, "# Your activity on", "This is not a run, so there is nothing here to judge")
	adviceMustNotContain(t, a, append(advicePushWords, "a other", "physio")...)

	hike := advWalk()
	hike.Sport = activity.Hiking
	a = Advice(hike, AdviceOptions{})
	adviceMustContain(t, a, "# Your hike on", "## A hike", "A hike at a median 118 steps/min")
	adviceMustNotContain(t, a, advicePushWords...)

	if Advice(nil, AdviceOptions{}) != "" {
		t.Error("Advice(nil) is not empty")
	}
}

// TestAdviceMatchesVerdict: every run judged overstriding gets a target that reaches
// the threshold for its pace by the later step, or says that further steps follow;
// every run judged fine gets none and is never called overstriding.
func TestAdviceMatchesVerdict(t *testing.T) {
	for _, thr := range []float64{160, 165, 170} {
		for med := 140.0; med <= 186; med += 2 {
			for _, pace := range []float64{0, 200, 240, 270, 300, 333, 360, 420, 480, 540, 640} {
				r := advRunThr(med, pace, thr)
				now, later := coach.Target(r), coach.LaterTarget(r)
				a := Advice(r, AdviceOptions{})
				p, _ := analysis.MainPart(r)
				name := fmt.Sprintf("%v at %v s/km, threshold %v", med, pace, thr)
				switch r.Verdict.Kind {
				case analysis.VerdictOverstride:
					if !(now > med) || later < now || later > math.Floor(p.TypicalSPM) || later > coach.MaxTargetSPM {
						t.Errorf("%s: targets %v, %v (typical %v)", name, now, later, p.TypicalSPM)
					}
					if later < p.ThresholdSPM && !strings.Contains(a, "Then further steps") {
						t.Errorf("%s: later %v below the threshold %v, and no further steps", name, later, p.ThresholdSPM)
					}
					if strings.Contains(a, "No push needed") {
						t.Errorf("%s: overstriding, and told no push is needed", name)
					}
				case analysis.VerdictOK:
					if now != 0 || later != 0 {
						t.Errorf("%s: judged fine, and given targets %v, %v", name, now, later)
					}
					if strings.Contains(strings.ToLower(a), "likely overstriding") || strings.Contains(a, "metronome") {
						t.Errorf("%s: judged fine, and told it overstrides or given a metronome", name)
					}
				default:
					t.Errorf("%s: verdict %q", name, r.Verdict.Kind)
				}
			}
		}
	}
}

// TestAdviceFurtherSteps: 140 at 7:00/km is far below the 161.3 of that pace; +10% is
// not enough, and the advice says more steps follow.
func TestAdviceFurtherSteps(t *testing.T) {
	a := Advice(advRun(140, 420), AdviceOptions{})
	adviceMustContain(t, a, "**Now: 147** (+5%)", "**Later: 154** (+10%)", "**Then further steps** of about 5% each", "until you are at 162 or above, the threshold for this pace")
}

// TestAdviceHistory: the long-run spike and the cadence at a matched pace, said
// plainly.
func TestAdviceHistory(t *testing.T) {
	r := advOverstrider()
	d := 20000.0
	r.DistanceM = &d
	r.Spike = &analysis.Spike{LongestPrior30dM: 13000, Ratio: 20000.0 / 13000, DaysKnown: 30}
	a := Advice(r, AdviceOptions{Progress: &coach.Progress{RefPaceSPerKm: 370, FromSPM: 158.4, ToSPM: 163.2, Weeks: 8}})
	adviceMustContain(t, a, "## Your recent running",
		"Your longest run in the 30 days before this one was 13.0 km; this 20.0 km run was 54% longer.",
		"In a study of 5,205 runners", "an association, not a forecast", "Up to 14.3 km keeps within +10%.",
		"**Cadence at 6:10/km**", "163 steps/min in the week of this run; 8 weeks before, 158 (up 5).")
	adviceMustNotContain(t, a, "were known before it")
	// The first long run of a history, 13 days after its first file: the spike says
	// how little was known.
	r.Spike.DaysKnown = 13
	a = Advice(r, AdviceOptions{})
	adviceMustContain(t, a, "Up to 14.3 km keeps within +10%. Only 13 days of your runs were known before it, not 30, so a longer run in those weeks may be missing.")
	r.Spike.DaysKnown = 30
	r.Spike.Ratio = 1.05
	a = Advice(r, AdviceOptions{Progress: &coach.Progress{RefPaceSPerKm: 370, FromSPM: 162.6, ToSPM: 163.2, Weeks: 8}})
	adviceMustContain(t, a, "5% longer than your longest run in the 30 days before (13.0 km), within +10%.", "8 weeks before, 163: about the same.")
	adviceMustNotContain(t, a, "association")
}

// TestAdviceIntervalSession: the interval session in testdata/sample is judged by its
// paces; its advice names each, and its target is for the pace that was longest below
// its threshold, at that pace.
func TestAdviceIntervalSession(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sample", "workoutizer-garmin-fr25-run-pauses.fit"))
	if err != nil {
		t.Fatal(err)
	}
	acts, err := fitparse.Parse("workoutizer-garmin-fr25-run-pauses.fit", data)
	if err != nil {
		t.Fatal(err)
	}
	r := analysis.Analyze(acts[0], analysis.DefaultOptions)
	if a := Advice(advIntervals(), AdviceOptions{}); a != Advice(r, AdviceOptions{}) {
		t.Fatal("advIntervals is not the analysed file")
	}
	// A workout of reps at about 3:10/km with slow jog recoveries (9:31/km, 144)
	// between them, told by its laps: judged on its reps at their pace, which
	// pass, never on its recoveries, and so it gets no target for the pace of its
	// warm-up.
	w := r.Workout
	if w == nil || w.Reps != 6 || w.From != analysis.WorkoutFromLaps || w.RecoveryS < 600 || math.Abs(w.RepPaceSPerKm-189) > 3 {
		t.Fatalf("workout %+v", w)
	}
	p, _ := analysis.MainPart(r)
	if p.Below || coach.Target(r) != 0 || r.Verdict.Kind != analysis.VerdictOK {
		t.Fatalf("main part %+v, target %v, verdict %+v", p, coach.Target(r), r.Verdict)
	}
	for _, q := range r.Judged {
		if *q.PaceSPerKm > 330 {
			t.Errorf("a recovery at %s was judged", FormatPace(*q.PaceSPerKm, false))
		}
	}
	a := Advice(r, AdviceOptions{})
	adviceMustContain(t, a, "A workout of "+fmt.Sprint(w.Reps)+" reps at 3:09/km, told by the laps the watch recorded: judged on its 3 min of reps, not on the 15 min of recoveries",
		"running cadence 173 steps/min at 3:09/km is about typical for that pace", "That looks fine.")
	adviceMustNotContain(t, a, "your target is for this pace", "often goes with overstriding")
}
