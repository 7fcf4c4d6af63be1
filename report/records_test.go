package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// runResult is an overstriding 10 km run at 3 m/s starting at start, as analyze
// shows it.
func runResult(file, athlete string, start time.Time, dist float64) *analysis.Result {
	moving, pace, run, down := dist/3, 1000.0/3, dist*0.9, dist*0.1
	return &analysis.Result{File: file, Athlete: athlete, Sport: activity.Running, Start: &start, DistanceM: &dist,
		MovingS: &moving, RunPace: &pace, Running: &analysis.Stats{Median: 150.0004, Samples: 3000},
		SpeedBins: []analysis.SpeedBin{{SpeedMS: 2.9, Seconds: 1000.0004, MedianSPM: 149.9996}, {SpeedMS: 3.1 + 1e-12, Seconds: 2000, MedianSPM: 152}},
		Verdict:   analysis.Verdict{Kind: analysis.VerdictOverstride}, Threshold: 165, RunningM: &run, DownhillM: &down,
		Gear: "Pegasus"}
}

// records writes results as analyze --format json does.
func records(t testing.TB, rs ...*analysis.Result) string {
	t.Helper()
	var b bytes.Buffer
	s, err := NewSummary(&b, "json", SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if err := s.Result(r); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// TestRecordsRunOf: a run read back from its record is the run RunOf makes of the
// result, number for number, its time in the record's zone; the spike is judged
// again among the athlete's own runs.
func TestRecordsRunOf(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// Sunday 29 March 2026: summer time begins at 02:00.
	a := runResult("a.fit", "anna", time.Date(2026, 3, 29, 9, 0, 0, 0, berlin), 10000.123456)
	a.TimeZone, a.TimeZoneFrom = "Europe/Berlin", "position"
	b := runResult("b.fit", "anna", time.Date(2026, 3, 27, 9, 0, 0, 0, berlin), 8000)
	b.TimeZone = "Europe/Berlin"
	want, _ := coach.RunOf(a)
	var rs Records
	in := records(t, b, a)
	if err := rs.Read(strings.NewReader(in), "r.jsonl", func(b BadRecord) { t.Errorf("bad: %s", b) }); err != nil {
		t.Fatal(err)
	}
	runs := rs.Runs("anna", nil)
	if len(runs) != 2 {
		t.Fatalf("%d runs, want 2", len(runs))
	}
	got := runs[1]
	if got.Start.Location().String() != "Europe/Berlin" || !got.Start.Equal(want.Start) {
		t.Errorf("start %v in %v, want %v in Europe/Berlin", got.Start, got.Start.Location(), want.Start)
	}
	if got.DistanceM != want.DistanceM || got.DistanceM != 10000.123 || got.MovingS != want.MovingS || got.MedianSPM != want.MedianSPM ||
		got.PaceSPerKm != want.PaceSPerKm || got.RunningM != want.RunningM || got.DownhillM != want.DownhillM {
		t.Errorf("run %+v, want %+v", got, want)
	}
	for i := range want.Bins {
		if got.Bins[i] != want.Bins[i] {
			t.Errorf("bin %d: %+v, want %+v", i, got.Bins[i], want.Bins[i])
		}
	}
	if got.TargetSPM != 158 || want.TargetSPM != 158 || got.Gear != "Pegasus" || got.File != "a.fit" || got.Walk || got.Workout {
		t.Errorf("target %g (want %g), gear %q, file %q, walk %v, workout %v", got.TargetSPM, want.TargetSPM, got.Gear, got.File, got.Walk, got.Workout)
	}
	// 10000.123 m after 8000 m two days before: +25%, with 1 day known (47 hours,
	// across the change to summer time).
	if sp := got.Spike; sp == nil || sp.LongestPrior30dM != 8000 || sp.Ratio != 10000.123/8000 || sp.DaysKnown != 1 {
		t.Errorf("spike %+v, want 8000 m, ratio %g, 1 day known", sp, 10000.123/8000)
	}
	if runs[0].Spike != nil {
		t.Errorf("the first run's spike %+v", runs[0].Spike)
	}
}

// TestRecordsPassOver: error records, rides, copies and walks by their sport are
// passed over and counted; bad lines are answered with their number and reason and
// the rest are read; athletes are kept apart and spikes judged within each.
func TestRecordsPassOver(t *testing.T) {
	day := time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC)
	ride := runResult("ride.fit", "", day, 30000)
	ride.Sport = activity.Cycling
	dup := runResult("dup.gpx", "", day, 10000)
	orig := "a.fit"
	dup.DuplicateOf = &orig
	noStart := runResult("x.fit", "", day, 10000)
	noStart.Start = nil
	var b bytes.Buffer
	s, _ := NewSummary(&b, "json", SummaryOptions{})
	s.Error("broken.fit", "", errors.New("truncated"))
	lines := records(t, runResult("a.fit", "", day, 10000), ride, dup, noStart,
		runResult("ben1.fit", "ben", day.Add(time.Hour), 20000), runResult("ben2.fit", "ben", day.AddDate(0, 0, 2), 5000),
		runResult("b.fit", "", day.AddDate(0, 0, 3), 12000))
	ls := strings.SplitAfter(lines, "\n")
	in := b.String() + strings.Join(ls[:3], "") + "{not json\n\n" +
		`{"schema_version":2,"file":"new.fit","sport":"running"}` + "\n" +
		`{"file":"old.fit","sport":"running"}` + "\n" +
		`{"schema_version":1,"distance_m":"far"}` + "\n" + strings.Join(ls[3:], "") + strings.Repeat("x", MaxRecordLine+5) + "\n" + `{"schema_version":1}`
	var rs Records
	var bad []string
	if err := rs.Read(strings.NewReader(in), "in\x1b.jsonl", func(b BadRecord) { bad = append(bad, b.String()) }); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`in\x1b.jsonl:5: not JSON: invalid character 'n' looking for beginning of object key string`,
		`in\x1b.jsonl:7: schema_version 2 is newer than this cadence reads (1): update cadence to read it`,
		`in\x1b.jsonl:8: a record without schema_version, from an older cadence: run analyze --format json again`,
		`in\x1b.jsonl:9: not a record: distance_m holds a JSON string`,
		`in\x1b.jsonl:14: a line longer than 1048576 bytes is not a record`,
	}
	if strings.Join(bad, "\n") != strings.Join(want, "\n") {
		t.Errorf("bad lines:\n%s\nwant:\n%s", strings.Join(bad, "\n"), strings.Join(want, "\n"))
	}
	if rs.Errors != 1 || rs.Others != 4 { // ride, copy, no start, and the empty record of line 15
		t.Errorf("%d error records, %d others; want 1 and 4", rs.Errors, rs.Others)
	}
	if got := rs.Athletes(); len(got) != 2 || got[0] != "" || got[1] != "ben" {
		t.Fatalf("athletes %q", got)
	}
	// The default athlete's 12 km is against its own 10 km, not ben's 20 km.
	def := rs.Runs("", nil)
	if len(def) != 2 || def[1].Spike == nil || def[1].Spike.LongestPrior30dM != 10000 || !coach.IsSpike(def[1].Spike) {
		t.Errorf("default athlete's runs %+v", def)
	}
	if ben := rs.Runs("ben", nil); len(ben) != 2 || ben[1].Spike == nil || ben[1].Spike.LongestPrior30dM != 20000 {
		t.Errorf("ben's runs %+v", ben)
	}
}

// TestRecordsZone: a zone name that does not load or disagrees with the record's
// offset leaves the time at its offset.
func TestRecordsZone(t *testing.T) {
	var rs Records
	st := time.Date(2026, 7, 1, 9, 0, 0, 0, time.FixedZone("", 2*3600))
	for _, zone := range []string{"UTC+02:00", "America/Denver", "../../etc/passwd", "No/Such_Zone"} {
		got := rs.local(&st, zone)
		if _, off := got.Zone(); off != 2*3600 || !got.Equal(st) {
			t.Errorf("zone %q: %v", zone, got)
		}
	}
	if got := rs.local(&st, "Europe/Berlin"); got.Location().String() != "Europe/Berlin" {
		t.Errorf("Europe/Berlin: %v", got.Location())
	}
}

// TestRecordsTooMany: more runs than MaxRecordRuns stop the reading.
func TestRecordsTooMany(t *testing.T) {
	rs := Records{n: MaxRecordRuns}
	in := records(t, runResult("a.fit", "", time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC), 10000))
	if err := rs.Read(strings.NewReader(in), "r", func(BadRecord) {}); !errors.Is(err, ErrTooManyRuns) {
		t.Errorf("error %v, want ErrTooManyRuns", err)
	}
}

// FuzzRecords: no input makes the reader or the trend over what it read panic, a
// bad line never stops the lines after it, and every run kept has a distance.
func FuzzRecords(f *testing.F) {
	f.Add([]byte(records(f, runResult("a.fit", "anna", time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC), 10000))))
	f.Add([]byte(`{"schema_version":1,"file":"b","sport":"running","start":"2026-03-29T09:00:00+02:00","time_zone":"Europe/Berlin","distance_m":5000,"cadence_by_speed":[{"speed_m_s":3,"seconds":60,"median_spm":170}],"verdict":{"kind":"ok"},"running_cadence_spm":{"median":170}}`))
	f.Add([]byte("{\"schema_version\":1,\"error\":\"x\"}\n{bad\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var rs Records
		bad := 0
		if err := rs.Read(bytes.NewReader(data), "fuzz", func(b BadRecord) {
			bad++
			if b.Line < 1 || strings.ContainsAny(b.String(), "\n\r\x1b") {
				t.Fatalf("bad line %q", b.String())
			}
		}); err != nil {
			t.Fatal(err)
		}
		if lines := bytes.Count(data, []byte("\n")) + 1; bad > lines {
			t.Fatalf("%d bad lines of %d", bad, lines)
		}
		for _, a := range rs.Athletes() {
			runs := rs.Runs(a, nil)
			for _, r := range runs {
				if math.IsNaN(r.DistanceM) {
					t.Fatalf("run %+v", r)
				}
			}
			tr := coach.WeeksOf(runs, coach.WeeksOptions{})
			if _, err := json.Marshal(tr.Weeks); err != nil && !strings.Contains(err.Error(), "unsupported value") {
				t.Fatal(err)
			}
		}
	})
}

// BenchmarkRecords reads the records of 5,000 runs of two athletes and makes
// each athlete's runs with their spikes: the reduce's part before the trend.
func BenchmarkRecords(b *testing.B) {
	day := time.Date(2024, 1, 1, 7, 0, 0, 0, time.UTC)
	var rs []*analysis.Result
	for i := range 5000 {
		rs = append(rs, runResult("run.fit", []string{"anna", "ben"}[i%2], day.Add(time.Duration(i)*7*time.Hour), 5000+float64(i%17)*700))
	}
	in := []byte(records(b, rs...))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		var rec Records
		if err := rec.Read(bytes.NewReader(in), "bench", func(BadRecord) { b.Fatal("bad line") }); err != nil {
			b.Fatal(err)
		}
		for _, a := range rec.Athletes() {
			if len(rec.Runs(a, nil)) != 2500 {
				b.Fatal("runs lost")
			}
		}
	}
}
