package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// TestTrendDashboardShape checks the trend picture's size and that it draws what it
// says: the matched-pace line in blue, the weekly bars in sky blue, and a vermilion
// ring for a week with a spike.
func TestTrendDashboardShape(t *testing.T) {
	var runs []coach.Run
	start := time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC)
	for w := 0; w < 10; w++ {
		dist := 10000.0
		if w == 6 {
			dist = 20000
		}
		bins := []analysis.SpeedBin{{SpeedMS: 2.8, Seconds: 600, MedianSPM: 160 + float64(w)}, {SpeedMS: 3.2, Seconds: 600, MedianSPM: 163 + float64(w)}}
		r := coach.Run{Start: start.AddDate(0, 0, 7*w), DistanceM: dist, MovingS: 3000, RunningM: dist, DownhillM: 0,
			MedianSPM: 161 + float64(w), PaceSPerKm: 330, Bins: bins}
		if w == 6 {
			r.Spike = &analysis.Spike{LongestPrior30dM: 10000, Ratio: 2, DaysKnown: 30}
		}
		runs = append(runs, r)
	}
	tr := coach.Weeks(runs, 0)
	var buf bytes.Buffer
	if err := TrendDashboard(&buf, tr, false); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 853 || b.Dy() != 587 {
		t.Errorf("picture %dx%d, want 853x587", b.Dx(), b.Dy())
	}
	for name, want := range map[string]color.NRGBA{"matched line": dashBlue, "bars": dashSky, "spike ring": dashVermilion} {
		if n := countColor(img, want); n < 20 {
			t.Errorf("%s: %d pixels of %v, want some", name, n, want)
		}
	}
	if _, err := (func() (int, error) { return 0, TrendDashboard(&buf, coach.Trend{}, false) })(); err == nil {
		t.Error("a trend without weeks drew a picture")
	}
}

func countColor(img image.Image, want color.NRGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if absDiff(c.R, want.R) < 8 && absDiff(c.G, want.G) < 8 && absDiff(c.B, want.B) < 8 {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestWeekTicksStayApart checks the trend's time axis: a tick per week for a short
// history, only its dozen labelled ticks for a long one (a tick for each of 430 weeks
// drew a solid bar under the axis).
func TestWeekTicksStayApart(t *testing.T) {
	t0 := time.Date(2013, 2, 4, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		weeks     float64
		max, labs int
	}{{15, 16, 8}, {430, 12, 11}} {
		ticks := weekTicks{t0: t0, weeks: c.weeks}.Ticks(0, c.weeks)
		labelled := 0
		for _, tk := range ticks {
			if tk.Label != "" {
				labelled++
			}
		}
		if len(ticks) > c.max || labelled > c.labs || labelled < 5 {
			t.Errorf("%g weeks: %d ticks, %d labelled; want at most %d and %d", c.weeks, len(ticks), labelled, c.max, c.labs)
		}
	}
}
