package synth

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/filedef"
	"github.com/muktihari/fit/profile/typedef"
)

// The specs the format tests decode: a 10 km run at an odd step rate (so that the FIT
// fractional cadence is used), a ride and a walk, in Berlin summer and winter time.
var (
	run = Spec{Sport: Running, Start: time.Date(2024, 5, 1, 6, 15, 30, 0, berlin), DistanceM: 10000,
		CadenceSPM: 171, SpeedMS: 3.3, Zone: berlin, Name: "Morning Run"}
	ride = Spec{Sport: Cycling, Start: time.Date(2023, 12, 9, 9, 0, 5, 0, berlin), DistanceM: 21097.5,
		CadenceSPM: 88, SpeedMS: 7.25, Zone: berlin, Name: "Morning Ride"}
	walk = Spec{Sport: Walking, Start: time.Date(2022, 7, 3, 18, 40, 0, 0, time.UTC), DistanceM: 3210,
		CadenceSPM: 116, SpeedMS: 1.4, Name: "Evening Walk"}
)

func parseOne(t *testing.T, name string, data []byte) *activity.Activity {
	t.Helper()
	acts, err := fitparse.Parse(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(acts) != 1 {
		t.Fatalf("%s: %d activities, want 1", name, len(acts))
	}
	if len(acts[0].Warnings) != 0 {
		t.Errorf("%s: warnings %q", name, acts[0].Warnings)
	}
	return acts[0]
}

// checkSamples asserts what every format must give: start, record count, cadence in
// every sample, and the path's length.
func checkSamples(t *testing.T, name string, s Spec, a *activity.Activity, wantRecords int) {
	t.Helper()
	if !a.Start.Equal(s.Start) {
		t.Errorf("%s: start %v, want %v", name, a.Start, s.Start)
	}
	if len(a.Samples) != wantRecords {
		t.Errorf("%s: %d samples, want %d", name, len(a.Samples), wantRecords)
	}
	for i, p := range a.Samples {
		if p.Cadence != s.FileCadence() {
			t.Fatalf("%s: sample %d cadence %v, want %v", name, i, p.Cadence, s.FileCadence())
		}
		if want := float64(s.Start.Unix() + int64(i)); p.T != want {
			t.Fatalf("%s: sample %d at %v, want %v (1 Hz)", name, i, p.T, want)
		}
	}
	if d := pathLength(a.Samples); math.Abs(d-s.DistanceM) > 0.01*s.DistanceM {
		t.Errorf("%s: path length %.1f m, want %.1f ±1%%", name, d, s.DistanceM)
	}
	last := a.Samples[len(a.Samples)-1]
	if home := haversine(last.Lat, last.Lon, homeLat, homeLon); home > 1 {
		t.Errorf("%s: the loop ends %.2f m from home", name, home)
	}
}

// checkSpeed asserts that the samples' speeds stay within 10% of s.SpeedMS, vary with
// the hills, and that each sample's distance is the previous one's plus its speed.
func checkSpeed(t *testing.T, name string, s Spec, a *activity.Activity) {
	t.Helper()
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, p := range a.Samples {
		if p.Speed < 0.9*s.SpeedMS-0.001 || p.Speed > 1.1*s.SpeedMS+0.001 {
			t.Fatalf("%s: sample %d speed %v, want within 10%% of %v", name, i, p.Speed, s.SpeedMS)
		}
		lo, hi = min(lo, p.Speed), max(hi, p.Speed)
		if i+1 < len(a.Samples) {
			if next := min(p.Distance+p.Speed, s.DistanceM); math.Abs(a.Samples[i+1].Distance-next) > 0.02 {
				t.Fatalf("%s: sample %d at %v m, then %v m at %v m/s", name, i, p.Distance, a.Samples[i+1].Distance, p.Speed)
			}
		}
	}
	if hi-lo < 0.05*s.SpeedMS {
		t.Errorf("%s: speed only %v to %v: the hills should vary it", name, lo, hi)
	}
}

func pathLength(ss []activity.Sample) float64 {
	d := 0.0
	for i := 1; i < len(ss); i++ {
		d += haversine(ss[i-1].Lat, ss[i-1].Lon, ss[i].Lat, ss[i].Lon)
	}
	return d
}

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * 6371008.8 * math.Asin(math.Sqrt(h))
}

func TestSpecDerived(t *testing.T) {
	for _, s := range []Spec{run, ride, walk} {
		// The hills slow and speed the pace by up to 7%, but average out over the loop.
		want := s.DistanceM / s.SpeedMS
		if got := float64(s.Seconds()); math.Abs(got-want) > 0.01*want {
			t.Errorf("%s: Seconds() = %v, want %.0f ±1%%", s.Name, got, want)
		}
	}
	if got := run.Seconds(); got != 3034 {
		t.Errorf("run.Seconds() = %d, want 3034 (10 km at 3.3 m/s on the flat)", got)
	}
	if got := run.FileCadence(); got != 85.5 {
		t.Errorf("run.FileCadence() = %v, want 85.5", got)
	}
	if got := ride.FileCadence(); got != 88 {
		t.Errorf("ride.FileCadence() = %v, want 88", got)
	}
	if got, want := run.End(), time.Date(2024, 5, 1, 7, 6, 4, 0, berlin); !got.Equal(want) {
		t.Errorf("run.End() = %v, want %v", got, want)
	}
}

func TestFIT(t *testing.T) {
	for _, tc := range []struct {
		s      Spec
		sport  activity.Sport
		device string
	}{
		{run, activity.Running, "garmin fr965"},
		{ride, activity.Cycling, "garmin edge_840"},
		{walk, activity.Walking, "garmin fr965"},
	} {
		data, err := FIT(tc.s)
		if err != nil {
			t.Fatal(err)
		}
		name := tc.s.Name + ".fit"
		a := parseOne(t, name, data)
		if a.Sport != tc.sport || a.Device != tc.device {
			t.Errorf("%s: sport %q device %q, want %q %q", name, a.Sport, a.Device, tc.sport, tc.device)
		}
		if a.DistanceM != tc.s.DistanceM {
			t.Errorf("%s: session distance %v, want %v", name, a.DistanceM, tc.s.DistanceM)
		}
		if a.ElapsedS != float64(tc.s.Seconds()) {
			t.Errorf("%s: elapsed %v, want %v", name, a.ElapsedS, tc.s.Seconds())
		}
		if a.AvgCadence != tc.s.FileCadence() {
			t.Errorf("%s: session cadence %v, want %v", name, a.AvgCadence, tc.s.FileCadence())
		}
		if last := a.Samples[len(a.Samples)-1]; last.Distance != tc.s.DistanceM {
			t.Errorf("%s: last distance %v, want %v", name, last.Distance, tc.s.DistanceM)
		}
		checkSpeed(t, name, tc.s, a)
		checkSamples(t, name, tc.s, a, tc.s.Seconds()+1)
	}
	// A 10 km run is about 3,000 records and on the order of 100 kB, like a watch's.
	data, _ := FIT(run)
	if n := len(data); n < 80_000 || n > 200_000 {
		t.Errorf("a 10 km run is %d bytes of FIT", n)
	}
}

// TestFITStrict decodes with muktihari's decoder, which checks both CRCs, and reads the
// activity message's local_timestamp.
func TestFITStrict(t *testing.T) {
	for _, tc := range []struct {
		s      Spec
		offset time.Duration
	}{
		{run, 2 * time.Hour},  // CEST
		{ride, 1 * time.Hour}, // CET
		{walk, 0},             // no zone: UTC
	} {
		data, err := FIT(tc.s)
		if err != nil {
			t.Fatal(err)
		}
		lis := filedef.NewListener()
		dec := decoder.New(bytes.NewReader(data), decoder.WithMesgListener(lis), decoder.WithBroadcastOnly())
		if _, err := dec.Decode(); err != nil {
			t.Fatalf("%s: strict decode: %v", tc.s.Name, err)
		}
		act, ok := lis.File().(*filedef.Activity)
		if !ok {
			t.Fatalf("%s: decoded as %T, want an activity file", tc.s.Name, lis.File())
		}
		if act.FileId.Type != typedef.FileActivity || act.FileId.Manufacturer != typedef.ManufacturerGarmin {
			t.Errorf("%s: file_id type %v manufacturer %v", tc.s.Name, act.FileId.Type, act.FileId.Manufacturer)
		}
		if len(act.Records) != tc.s.Seconds()+1 || len(act.Laps) != 1 || len(act.Sessions) != 1 {
			t.Errorf("%s: %d records, %d laps, %d sessions", tc.s.Name, len(act.Records), len(act.Laps), len(act.Sessions))
		}
		if act.Activity == nil {
			t.Fatalf("%s: no activity message", tc.s.Name)
		}
		want := tc.s.End().UTC().Add(tc.offset)
		if got := act.Activity.LocalTimestamp; !got.Equal(want) {
			t.Errorf("%s: local_timestamp %v, want %v", tc.s.Name, got, want)
		}
		if got := act.Sessions[0].TotalTimerTime; got != uint32(tc.s.Seconds()*1000) {
			t.Errorf("%s: total_timer_time %d", tc.s.Name, got)
		}
	}
}

func TestGPX(t *testing.T) {
	for _, tc := range []struct {
		s     Spec
		sport activity.Sport
	}{{run, activity.Running}, {ride, activity.Cycling}, {walk, activity.Walking}} {
		name := tc.s.Name + ".gpx"
		data := GPX(tc.s)
		a := parseOne(t, name, data)
		if a.Sport != tc.sport || a.Name != tc.s.Name {
			t.Errorf("%s: sport %q name %q, want %q %q", name, a.Sport, a.Name, tc.sport, tc.s.Name)
		}
		checkSamples(t, name, tc.s, a, tc.s.Seconds()+1)
		if !bytes.Contains(data, []byte("<gpxtpx:TrackPointExtension>")) {
			t.Errorf("%s: no gpxtpx:TrackPointExtension", name)
		}
	}
}

func TestTCX(t *testing.T) {
	for _, tc := range []struct {
		s     Spec
		sport activity.Sport
		tag   string
	}{
		{run, activity.Running, "<ns3:RunCadence>85.5</ns3:RunCadence>"},
		{ride, activity.Cycling, "<Cadence>88</Cadence>"},
		{walk, activity.Other, "<Cadence>58</Cadence>"}, // TCX has no walking sport
	} {
		name := tc.s.Name + ".tcx"
		data := TCX(tc.s)
		a := parseOne(t, name, data)
		if a.Sport != tc.sport {
			t.Errorf("%s: sport %q, want %q", name, a.Sport, tc.sport)
		}
		if a.DistanceM != tc.s.DistanceM || a.ElapsedS != float64(tc.s.Seconds()) || a.AvgCadence != tc.s.FileCadence() {
			t.Errorf("%s: lap distance %v, time %v, cadence %v", name, a.DistanceM, a.ElapsedS, a.AvgCadence)
		}
		if last := a.Samples[len(a.Samples)-1]; last.Distance != tc.s.DistanceM {
			t.Errorf("%s: last distance %v, want %v", name, last.Distance, tc.s.DistanceM)
		}
		checkSpeed(t, name, tc.s, a)
		checkSamples(t, name, tc.s, a, tc.s.Seconds()+1)
		if !bytes.Contains(data, []byte(tc.tag)) {
			t.Errorf("%s: no %s", name, tc.tag)
		}
	}
}

func TestPlan(t *testing.T) {
	const n = 2000
	specs := Plan(n, ArchiveStart, 1)
	if len(specs) != n {
		t.Fatalf("%d specs, want %d", len(specs), n)
	}
	counts := map[string]int{}
	for i, s := range specs {
		counts[s.Sport]++
		if i > 0 && !s.Start.After(specs[i-1].End()) {
			t.Errorf("activity %d starts at %v, before %d ends", i, s.Start, i-1)
		}
		spm := s.CadenceSPM
		switch s.Sport {
		case Running:
			if s.DistanceM < 5000 || s.DistanceM > 20000 || spm < 155 || spm > 175 || s.SpeedMS < 2.6 || s.SpeedMS > 3.6 {
				t.Errorf("run %d out of range: %+v", i, s)
			}
		case Cycling:
			if s.DistanceM < 20000 || s.DistanceM > 80000 || spm < 75 || spm > 95 || s.SpeedMS < 6 || s.SpeedMS > 9 {
				t.Errorf("ride %d out of range: %+v", i, s)
			}
		case Walking:
			if s.DistanceM < 2000 || s.DistanceM > 6000 || spm < 106 || spm > 124 || s.SpeedMS < 1.2 || s.SpeedMS > 1.6 {
				t.Errorf("walk %d out of range: %+v", i, s)
			}
		default:
			t.Errorf("activity %d: sport %q", i, s.Sport)
		}
		if s.OnFoot() && math.Mod(spm, 2) != 0 {
			t.Errorf("activity %d: foot cadence %v is odd", i, spm)
		}
		if s.Zone != berlin || !strings.HasSuffix(s.Name, map[string]string{Running: "Run", Cycling: "Ride", Walking: "Walk"}[s.Sport]) {
			t.Errorf("activity %d: zone %v name %q", i, s.Zone, s.Name)
		}
	}
	weeks := specs[n-1].Start.Sub(specs[0].Start).Hours() / 24 / 7
	if perWeek := float64(counts[Running]) / weeks; perWeek < 3.5 || perWeek > 4.5 {
		t.Errorf("%.2f runs a week, want about 4", perWeek)
	}
	if share := float64(counts[Cycling]) / n; share < 0.13 || share > 0.20 {
		t.Errorf("rides are %.3f of activities, want about 1/6", share)
	}
	if share := float64(counts[Walking]) / n; share < 0.02 || share > 0.08 {
		t.Errorf("walks are %.3f of activities, want about 1/20", share)
	}
	if got := specs[0].Start.Format("2006-01-02"); got != "2018-03-05" {
		t.Errorf("first activity on %s, want 2018-03-05", got)
	}
	// Deterministic, and a longer plan extends a shorter one.
	again := Plan(n+1, ArchiveStart, 1)
	for i := range specs {
		if specs[i] != again[i] {
			t.Fatalf("Plan(%d) and Plan(%d) differ at %d", n, n+1, i)
		}
	}
	if other := Plan(10, ArchiveStart, 2); other[0] == specs[0] && other[1] == specs[1] {
		t.Errorf("seeds 1 and 2 give the same plan")
	}
}

func TestLayout(t *testing.T) {
	const n = 2000
	ws := Layout(n, 1)
	counts := map[string]int{}
	seen := map[string]bool{}
	for _, w := range ws {
		counts[w.Format]++
		if seen[w.Path] {
			t.Errorf("two activities go to %s", w.Path)
		}
		seen[w.Path] = true
		if !strings.HasSuffix(w.Path, "."+w.Format) {
			t.Errorf("%s holds %s", w.Path, w.Format)
		}
	}
	for format, want := range map[string]float64{FormatFIT: 0.70, FormatFITGz: 0.15, FormatGPX: 0.10, FormatTCX: 0.05} {
		if got := float64(counts[format]) / n; math.Abs(got-want) > 0.03 {
			t.Errorf("%s: %.3f of files, want about %.2f", format, got, want)
		}
	}
	longer := Layout(n+1, 1)
	for i := range ws {
		if ws[i] != longer[i] {
			t.Fatalf("Layout(%d) and Layout(%d) differ at %d", n, n+1, i)
		}
	}
}

func TestWriteArchive(t *testing.T) {
	const n = 10
	dirs := [2]string{t.TempDir(), t.TempDir()}
	var ws []Written
	for _, dir := range dirs {
		var err error
		if ws, err = WriteArchive(dir, n, 3); err != nil {
			t.Fatal(err)
		}
	}
	formats := map[string]bool{}
	for _, w := range ws {
		parse := !formats[w.Format] // decoding is slow under -race: one file of each format
		formats[w.Format] = true
		var data [2][]byte
		for k, dir := range dirs {
			var err error
			if data[k], err = os.ReadFile(filepath.Join(dir, filepath.FromSlash(w.Path))); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(data[0], data[1]) {
			t.Errorf("%s differs between two runs", w.Path)
		}
		if int64(len(data[0])) != w.Size {
			t.Errorf("%s: %d bytes, Written says %d", w.Path, len(data[0]), w.Size)
		}
		if !parse {
			continue
		}
		a := parseOne(t, w.Path, data[0])
		if !a.Start.Equal(w.Start) || len(a.Samples) != w.Seconds()+1 || a.Samples[0].Cadence != w.FileCadence() {
			t.Errorf("%s: start %v, %d samples, cadence %v; want %v, %d, %v", w.Path, a.Start,
				len(a.Samples), a.Samples[0].Cadence, w.Start, w.Seconds()+1, w.FileCadence())
		}
	}
	for _, w := range ws {
		info, err := os.Stat(filepath.Join(dirs[0], filepath.FromSlash(w.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if !info.ModTime().Equal(w.End()) {
			t.Errorf("%s: modified %v, want %v", w.Path, info.ModTime(), w.End())
		}
	}
	if !formats[FormatFIT] || !formats[FormatFITGz] {
		t.Errorf("formats %v: want loose and gzipped FIT at least", formats)
	}
	// The same spec gives the same bytes in every format.
	for _, enc := range []func(Spec) []byte{GPX, TCX, func(s Spec) []byte { b, _ := FIT(s); return b }} {
		if !bytes.Equal(enc(run), enc(run)) {
			t.Errorf("an encoding is not deterministic")
		}
	}
}
