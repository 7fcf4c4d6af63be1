package report

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
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

// advRun builds the Result of an outdoor run with median running cadence med at a
// running pace of pace s/km, judged as the analysis would judge it at threshold 165.
func advRun(med, pace float64) *analysis.Result {
	speed := 1000 / pace
	r := &analysis.Result{
		File: "2024-05-12-easy.fit", Format: "fit", Sport: activity.Running, SportFrom: "file",
		Start: advStart(12), MovingS: advF(2880), ElapsedS: advF(3000), DistanceM: advF(2880 / (pace + 5) * 1000),
		PaceSPerKm: advF(pace + 5), RunPace: advF(pace), RunShare: advF(0.98),
		Cadence:     &analysis.Stats{Mean: med - 1, Median: med - 0.5, P10: med - 8, P90: med + 6, Samples: 2880},
		Running:     &analysis.Stats{Mean: med, Median: med, P10: med - 6, P90: med + 6, Samples: 2820},
		StepLengthM: advF(speed / (med / 60)), CadenceUnit: "one foot per minute in the file, doubled to steps/min",
		Threshold: 165, PaceBands: []analysis.PaceBand{}, Grades: []analysis.GradeBand{}, Warnings: []string{},
	}
	p := analysis.FormatPace(pace, false)
	if med < 165 {
		r.Verdict = analysis.Verdict{Kind: analysis.VerdictOverstride, Reason: "running cadence " + adviceNum(med) + " steps/min at a median pace of " + p + " is below 165: likely overstriding, with the foot landing ahead of the body"}
		r.Overstride = true
	} else {
		r.Verdict = analysis.Verdict{Kind: analysis.VerdictOK, Reason: "running cadence " + adviceNum(med) + " steps/min at a median pace of " + p + " is at or above 165"}
	}
	return r
}

// advOverstrider is a runner at 156 steps/min at 6:00/km whose cadence rises with pace.
func advOverstrider() *analysis.Result {
	r := advRun(156, 360)
	r.PaceBands = []analysis.PaceBand{
		{FromSPerKm: 300, ToSPerKm: 330, Seconds: 240, MedianSPM: 167, StepM: 1.14},
		{FromSPerKm: 330, ToSPerKm: 360, Seconds: 600, MedianSPM: 161.4, StepM: 1.08},
		{FromSPerKm: 360, ToSPerKm: 390, Seconds: 1500, MedianSPM: 156, StepM: 1.03},
		{FromSPerKm: 390, ToSPerKm: 420, Seconds: 540, MedianSPM: 152.6, StepM: 0.98},
	}
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
	return r
}

func advWalk() *analysis.Result {
	return &analysis.Result{
		File: "2024-05-13-walk.gpx", Format: "gpx", Sport: activity.Walking, SportFrom: "file", Start: advStart(13),
		MovingS: advF(2400), DistanceM: advF(3800), PaceSPerKm: advF(631.6), RunShare: advF(0),
		Cadence:   &analysis.Stats{Mean: 117.2, Median: 118, P10: 110, P90: 124, Samples: 2400},
		Threshold: 165, PaceBands: []analysis.PaceBand{}, Grades: []analysis.GradeBand{}, Warnings: []string{},
		Verdict: analysis.Verdict{Kind: analysis.VerdictWalking, Reason: "a walk at a median 118 steps/min, a normal walking rhythm; overstriding is judged on runs only"},
	}
}

func advRide() *analysis.Result {
	return &analysis.Result{
		File: "2024-05-15-ride.fit", Format: "fit", Sport: activity.Cycling, SportFrom: "file", Start: advStart(15),
		MovingS: advF(4500), DistanceM: advF(32400), PaceSPerKm: advF(138.9),
		OtherCad: &analysis.Stats{Mean: 84.1, Median: 85, P10: 72, P90: 94, Samples: 4400}, CadenceUnit: "pedal revolutions per minute",
		Threshold: 165, PaceBands: []analysis.PaceBand{}, Grades: []analysis.GradeBand{}, Warnings: []string{},
		Verdict: analysis.Verdict{Kind: analysis.VerdictNotFoot, Reason: "a cycling activity: its cadence counts pedal revolutions per minute, not steps"},
	}
}

func advNoCadence() *analysis.Result {
	return &analysis.Result{
		File: "2024-05-16-strava.gpx", Format: "gpx", Sport: activity.Running, SportFrom: "file", Start: advStart(16),
		MovingS: advF(3450), DistanceM: advF(10000), PaceSPerKm: advF(345), CadenceUnit: "none",
		Threshold: 165, PaceBands: []analysis.PaceBand{}, Grades: []analysis.GradeBand{}, Warnings: []string{},
		Verdict: analysis.Verdict{Kind: analysis.VerdictNoCadence, Reason: "the file holds no cadence: wear a footpod or a watch that counts steps at the wrist, and export the original FIT file"},
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
	r.Verdict.Reason += "; downhill it drops to 155 (flat 163)"
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
		{"treadmill", advTreadmill(), AdviceOptions{ClickTrack: "click-167.wav"}},
		{"downhill", advDownhill(), AdviceOptions{ClickTrack: "click-169.wav"}},
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
	if got := Target(r); got != 164 {
		t.Fatalf("Target = %v, want 164 (156 × 1.05 = 163.8)", got)
	}
	if got := LaterTarget(r); got != 168 {
		t.Fatalf("LaterTarget = %v, want 168 (the typical cadence at 6:00/km, below 156 × 1.10 = 171.6)", got)
	}
	a := Advice(r, AdviceOptions{ClickTrack: "click-164.wav"})
	adviceMustContain(t, a,
		"# Your run on Sunday 12 May 2024",
		"Running cadence 156 steps/min at a median pace of 6:00/km is below 165",
		"## Your next target: 164 steps/min",
		"**Now: 164** (+5%)",
		"**Later: up to 168** (+8%)",
		"[this click track at 164 bpm](click-164.wav)",
		"3-5 blocks of 2-3 minutes",
		"2-3 runs a week",
		"8-18 sessions over 2-6 weeks",
		"Fade the cue",
		"At about 6:15/km: **156** steps/min (most of this run)",
		"At about 5:15/km: **167** steps/min",
		"when you ran at about 5:06/km", // SpeedFor(164) = 54/16.5 = 3.27 m/s
		"steps about 5 cm shorter (1.02 m instead of 1.07 m)",
		"Heiderscheit", "Lenhart", "Willy", "Bramah", "Daniels", "Nielsen 2014", "GRONORUN", "Esculier 2018",
		"## When to see a physio", "locks or swells", "more than two weeks", "stairs, squats or downhills",
	)
	// No downhill section: downhill (155.5) is within 2 of flat (156).
	adviceMustNotContain(t, a, "## Downhill")
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
	if Target(r) != 0 || LaterTarget(r) != 0 {
		t.Fatalf("Target, LaterTarget = %v, %v for a runner at 172, want 0, 0", Target(r), LaterTarget(r))
	}
	a := Advice(r, AdviceOptions{ClickTrack: "ignored.wav"})
	adviceMustContain(t, a, "## No push needed", "At 172 steps/min you are already", "Look at load first", "Daniels", "## When to see a physio")
	adviceMustNotContain(t, a, "metronome", "next target", "ignored.wav", "Heiderscheit", "How to practise")
}

func TestAdviceWalk(t *testing.T) {
	a := Advice(advWalk(), AdviceOptions{})
	adviceMustContain(t, a, "# Your walk on Monday 13 May 2024", "## A walk", "118 steps/min", "no cadence target for walking")
	adviceMustNotContain(t, a, append(advicePushWords, "overstriding.")...)
	if Target(advWalk()) != 0 {
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
	// 160 × 1.05 = 168, but a typical runner takes 167.7 at 6:15/km: capped at 167.
	if Target(r) != 167 || LaterTarget(r) != 167 {
		t.Fatalf("Target, LaterTarget = %v, %v, want 167, 167", Target(r), LaterTarget(r))
	}
	a := Advice(r, AdviceOptions{ClickTrack: "click-167.wav"})
	adviceMustContain(t, a, "# Your treadmill run on", "Cadence on a treadmill is often a little higher", "footpod",
		"**Then stay there.**", "## About the data", "Cadence taken as steps/min already, not doubled")
	adviceMustNotContain(t, a, "## Downhill", "Later: up to")
}

func TestAdviceDownhill(t *testing.T) {
	a := Advice(advDownhill(), AdviceOptions{})
	adviceMustContain(t, a, "## Downhill", "dropped to **155** steps/min (**163** on the flat)", "shorter, quicker steps")
	if strings.Count(a, "## Downhill") != 1 {
		t.Error("more than one downhill section")
	}
}

func TestAdviceOtherVerdicts(t *testing.T) {
	short := advRun(158, 360)
	short.Running = &analysis.Stats{Median: 158, Samples: 12}
	short.Verdict = analysis.Verdict{Kind: analysis.VerdictTooShort, Reason: "too few running samples to judge (12)"}
	a := Advice(short, AdviceOptions{})
	adviceMustContain(t, a, "## Too little running to judge", "Too few running samples to judge (12).")
	adviceMustNotContain(t, a, advicePushWords...)

	mostlyWalk := advRun(150, 420)
	mostlyWalk.Verdict = analysis.Verdict{Kind: analysis.VerdictWalking, Reason: "mostly walking: 78% of the moving samples are below 140 steps/min"}
	a = Advice(mostlyWalk, AdviceOptions{})
	adviceMustContain(t, a, "## Mostly walking", "Mostly walking: 78%", "run-walk")
	adviceMustNotContain(t, a, advicePushWords...)

	unknown := advRide()
	unknown.Sport = activity.Unknown
	unknown.Verdict = analysis.Verdict{Kind: analysis.VerdictUnknown, Reason: "the file does not say which sport this is and its speed does not tell, so its cadence is not read as steps"}
	a = Advice(unknown, AdviceOptions{})
	adviceMustContain(t, a, "## Which sport was this?", "set the activity type")
	adviceMustNotContain(t, a, advicePushWords...)

	// A runner judged fine but below what is typical for a fast pace gets a gentle option.
	fine := advRun(166, 270)
	if Target(fine) != 174 {
		t.Fatalf("Target(166 at 4:30/km) = %v, want 174", Target(fine))
	}
	a = Advice(fine, AdviceOptions{})
	adviceMustContain(t, a, "That looks fine.", "Your cadence is fine as it is. If your knee is sore", "## Your next target: 174 steps/min")

	// A slow runner below the threshold but at what is typical for the pace: no push.
	slow := advRun(161, 500)
	slow.Verdict.Reason += "; at an easy pace like this a lower cadence is partly expected"
	if Target(slow) != 0 {
		t.Fatalf("Target(161 at 8:20/km) = %v, want 0", Target(slow))
	}
	a = Advice(slow, AdviceOptions{})
	adviceMustContain(t, a, "At this pace, though, it is close to what is typical", "## No push needed",
		"At 8:20/km, runners typically take about 163 steps/min, and you are at 161")
	adviceMustNotContain(t, a, "one of the easier things to change", "metronome", "Now:")

	other := advRide()
	other.Sport, other.OtherCad = activity.Other, nil
	other.Verdict = analysis.Verdict{Kind: analysis.VerdictNotFoot, Reason: "a other activity, not a run"}
	a = Advice(other, AdviceOptions{})
	adviceMustContain(t, a, "# Your activity on", "This is not a run, so there is nothing here to judge")
	adviceMustNotContain(t, a, append(advicePushWords, "a other", "physio")...)

	hike := advWalk()
	hike.Sport = activity.Hiking
	hike.Verdict.Reason = "a hike at a median 118 steps/min, a normal walking rhythm; overstriding is judged on runs only"
	a = Advice(hike, AdviceOptions{})
	adviceMustContain(t, a, "# Your hike on", "## A hike", "A hike at a median 118 steps/min")
	adviceMustNotContain(t, a, advicePushWords...)

	if Advice(nil, AdviceOptions{}) != "" {
		t.Error("Advice(nil) is not empty")
	}
}

func TestTarget(t *testing.T) {
	run := func(med, pace float64) *analysis.Result {
		r := advRun(med, pace)
		if pace == 0 {
			r.RunPace, r.PaceSPerKm = nil, nil
		}
		return r
	}
	withKind := func(r *analysis.Result, kind string) *analysis.Result { r.Verdict.Kind = kind; return r }
	below172 := math.Nextafter(172, 0)
	for _, tc := range []struct {
		name      string
		r         *analysis.Result
		now, then float64
	}{
		{"nil", nil, 0, 0},
		{"156 at 6:00/km", run(156, 360), 164, 168},
		{"160 at 5:00/km, +5% exactly", run(160, 300), 168, 172},
		{"150 at 8:20/km: capped at the typical 163, not 170+", run(150, 500), 158, 163},
		{"158 at 8:20/km: only up to 163", run(158, 500), 163, 163},
		{"160 at 8:20/km: 3 short of typical, still a push", run(160, 500), 163, 163},
		{"161 at 8:20/km: within 3 of typical, no push", run(161, 500), 0, 0},
		{"165 at 6:00/km: up to the typical 168", run(165, 360), 168, 168},
		{"166 at 6:00/km: within 3 of typical, no push", run(166, 360), 0, 0},
		{"just below 172 at 4:00/km", run(below172, 240), 178, 178},
		{"172: no push", run(172, 240), 0, 0},
		{"185: no push", run(185, 200), 0, 0},
		{"170 at 3:30/km: capped at 180", run(170, 210), 179, 180},
		{"140 at 7:00/km, +10% is the later cap", run(140, 420), 147, 154},
		{"no pace: only the +10% and 180 caps", run(150, 0), 158, 165},
		{"no running pace: moving pace used", func() *analysis.Result { r := run(156, 360); r.RunPace = nil; return r }(), 164, 168},
		{"walking verdict", withKind(run(150, 420), analysis.VerdictWalking), 0, 0},
		{"too short", withKind(run(150, 420), analysis.VerdictTooShort), 0, 0},
		{"not a run", advRide(), 0, 0},
		{"no cadence", advNoCadence(), 0, 0},
		{"walk", advWalk(), 0, 0},
		{"no running stats", func() *analysis.Result { r := run(156, 360); r.Running = nil; return r }(), 0, 0},
		{"NaN median", run(math.NaN(), 360), 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now, then := Target(tc.r), LaterTarget(tc.r)
			if now != tc.now || then != tc.then {
				t.Errorf("Target, LaterTarget = %v, %v, want %v, %v", now, then, tc.now, tc.then)
			}
			if now != math.Trunc(now) || then < now {
				t.Errorf("targets %v, %v: want whole numbers, later >= now", now, then)
			}
		})
	}
}

func TestTypicalCadence(t *testing.T) {
	for _, tc := range []struct{ v, want float64 }{
		{3, 170}, {2, 163}, {4, 177}, {0.5, 155}, {10, 185}, {0, math.NaN()}, {-1, math.NaN()}, {math.Inf(1), math.NaN()},
	} {
		got := TypicalCadence(tc.v)
		if !(got == tc.want || math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("TypicalCadence(%v) = %v, want %v", tc.v, got, tc.want)
		}
	}
}
