package coach

import (
	"math"
	"testing"
	"time"
)

func TestLongestBefore(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	l := NewLongest([]Prior{
		{day(-31), 30000}, // 31 days before day 0: outside the window
		{day(-30).Add(time.Hour), 15000},
		{day(-3), 10000},
		{day(0).Add(-30 * time.Second), 25000}, // a copy of the run itself, 30 s earlier
	})
	if got, ok := l.Before(day(0)); !ok || got != 15000 {
		t.Errorf("Before(day 0) = %g, %v; want 15000 (the 31-day-old run and the copy left out)", got, ok)
	}
	if sp := l.SpikeOf(day(0), 20000); sp == nil || sp.LongestPrior30dM != 15000 || math.Abs(sp.Ratio-4.0/3) > 1e-9 || sp.DaysKnown != 30 {
		t.Errorf("SpikeOf = %+v", sp)
	}
	// Days known: from the earliest run, whole days, at most 30.
	for _, tc := range []struct {
		at   time.Time
		want int
	}{{day(-31), 0}, {day(-30), 1}, {day(-18).Add(-time.Minute), 12}, {day(-1), 30}, {day(5), 30}} {
		if got := l.DaysKnown(tc.at); got != tc.want {
			t.Errorf("DaysKnown(%s) = %d, want %d", tc.at, got, tc.want)
		}
	}
	// A run 13 days into a history: a spike on 13 days known.
	early := NewLongest([]Prior{{day(0), 5000}, {day(13), 11600}})
	if sp := early.SpikeOf(day(13), 11600); sp == nil || sp.DaysKnown != 13 {
		t.Errorf("SpikeOf 13 days in = %+v, want 13 days known", sp)
	}
	if sp := l.SpikeOf(day(-40), 5000); sp != nil {
		t.Errorf("a run with nothing before it: %+v, want nil", sp)
	}
	for ratio, want := range map[float64]string{1.05: "", 1.2: "10-30% longer", 1.5: "30-100% longer", 2.5: "more than twice as long"} {
		if got, _ := SpikeBand(ratio); got != want {
			t.Errorf("SpikeBand(%g) = %q, want %q", ratio, got, want)
		}
	}
}

func TestShoes(t *testing.T) {
	d := func(n int) time.Time { return time.Date(2026, 1, 1, 7, 0, 0, 0, time.UTC).AddDate(0, 0, n) }
	runs := []Run{
		{Start: d(0), DistanceM: 10000, Gear: "Pegasus 39"},
		{Start: d(5), DistanceM: 12000, Gear: "Pegasus 39"},
		{Start: d(3), DistanceM: 8000, Gear: "Trail shoes"},
		{Start: d(4), DistanceM: 5000},
	}
	shoes := Shoes(runs, 20000)
	if len(shoes) != 2 {
		t.Fatalf("%d shoes, want 2", len(shoes))
	}
	p := shoes[0]
	if p.Name != "Pegasus 39" || p.Runs != 2 || p.DistanceM != 22000 || !p.First.Equal(d(0)) || !p.Last.Equal(d(5)) || !p.OverLimit {
		t.Errorf("first shoe %+v", p)
	}
	if s := shoes[1]; s.Name != "Trail shoes" || s.Runs != 1 || s.OverLimit {
		t.Errorf("second shoe %+v", s)
	}
}

func TestWeeksAreISOWeeksInLocalTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	// Sunday 22:00 in New York is Monday in UTC: it belongs to the week it was run in.
	sunday := time.Date(2026, 1, 11, 22, 0, 0, 0, ny)
	tr := Weeks([]Run{{Start: sunday, DistanceM: 5000, MovingS: 1800, MedianSPM: 164, RunningM: math.NaN(), DownhillM: math.NaN(), PaceSPerKm: 360}}, 0)
	if len(tr.Weeks) != 1 || tr.Weeks[0].Week != "2026-W02" || tr.Weeks[0].Start != "2026-01-05" {
		t.Errorf("weeks %+v", tr.Weeks)
	}
	if w := tr.Weeks[0]; w.CadenceAtRefPaceSPM != nil || w.Note == "" || w.DownhillShare != nil {
		t.Errorf("a run without speed bins or altitude: %+v", w)
	}
}

// TestNextLongRun: the next long run is up to 10% over the longest run of the 30 days
// to now, or to the last run when the archive ended more than 30 days ago.
func TestNextLongRun(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	runs := []Run{{Start: day(-40), DistanceM: 30000}, {Start: day(-20), DistanceM: 12000}, {Start: day(-2), DistanceM: 8000}}
	lr, ok := NextLongRun(runs, day(0))
	if !ok || !lr.AsOf.Equal(day(0)) || lr.LongestM != 12000 || math.Abs(lr.UpToM-13200) > 1e-9 {
		t.Errorf("NextLongRun = %+v, %v; want 12 km, up to 13.2 km as of day 0", lr, ok)
	}
	// An archive that ended 60 days ago: as of a minute after its last run.
	lr, ok = NextLongRun(runs, day(58))
	if !ok || !lr.AsOf.Equal(day(-2).Add(time.Minute)) || lr.LongestM != 12000 {
		t.Errorf("old archive: %+v, %v; want as of the last run, 12 km", lr, ok)
	}
	// The only run is the one the window ends after: nothing before it.
	lr, ok = NextLongRun(runs[:1], day(0))
	if ok || !lr.AsOf.Equal(day(-40).Add(time.Minute)) || lr.LongestM != 0 || lr.UpToM != 0 {
		t.Errorf("one run: %+v, %v; want none as of a minute after it", lr, ok)
	}
	if got := SpikeLimitM(20000); math.Abs(got-22000) > 1e-9 {
		t.Errorf("SpikeLimitM(20 km) = %v, want 22 km", got)
	}
}

// TestSameStart: two starts are one activity within a minute either way, inclusive.
func TestSameStart(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 11, 19, 0, 0, time.UTC)
	for d, want := range map[time.Duration]bool{0: true, 33 * time.Second: true, -time.Minute: true, time.Minute: true,
		time.Minute + time.Millisecond: false, -61 * time.Second: false, time.Hour: false} {
		if got := SameStart(t0, t0.Add(d)); got != want {
			t.Errorf("SameStart(t, t%+v) = %v, want %v", d, got, want)
		}
	}
	if SameActivityWindow != time.Minute {
		t.Errorf("SameActivityWindow = %v, want a minute", SameActivityWindow)
	}
}
