package fitparse

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
)

// xmlCorpus returns the shared corpus folder, or skips the test when it is absent.
func xmlCorpus(tb testing.TB) string {
	tb.Helper()
	dir := fitCorpus
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus not found at %s: skipping real-file tests", dir)
	}
	return dir
}

// xmlParseFile reads a corpus file and parses it as GPX or TCX by its extension.
func xmlParseFile(tb testing.TB, rel string) ([]*activity.Activity, error) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(xmlCorpus(tb), rel))
	if err != nil {
		tb.Fatal(err)
	}
	return xmlParse(rel, data)
}

// xmlParse parses data as GPX or TCX according to name's extension.
func xmlParse(name string, data []byte) ([]*activity.Activity, error) {
	if strings.HasSuffix(name, ".tcx") {
		return parseTCX(name, data)
	}
	return parseGPX(name, data)
}

// xmlMustParse parses an inline document and fails the test on an error.
func xmlMustParse(t *testing.T, name, doc string) []*activity.Activity {
	t.Helper()
	acts, err := xmlParse(name, []byte(doc))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return acts
}

// xmlCadStats counts the samples with a cadence value and with a positive one, and
// returns the mean over the positive ones (NaN when none).
func xmlCadStats(a *activity.Activity) (present, positive int, mean float64) {
	sum := 0.0
	for _, s := range a.Samples {
		if !math.IsNaN(s.Cadence) {
			present++
		}
		if s.Cadence > 0 {
			positive++
			sum += s.Cadence
		}
	}
	if positive == 0 {
		return present, 0, math.NaN()
	}
	return present, positive, sum / float64(positive)
}

// xmlCheckActivity checks what every parsed activity must satisfy: times that do not
// go backwards, no infinite values, positions both known or both NaN.
func xmlCheckActivity(tb testing.TB, a *activity.Activity) {
	tb.Helper()
	last := math.Inf(-1)
	for i, s := range a.Samples {
		for _, v := range []float64{s.T, s.Cadence, s.Speed, s.Distance, s.Altitude, s.Lat, s.Lon, s.HR} {
			if math.IsInf(v, 0) {
				tb.Fatalf("%s #%d sample %d: infinite value in %+v", a.File, a.Index, i, s)
			}
		}
		if math.IsNaN(s.Lat) != math.IsNaN(s.Lon) {
			tb.Fatalf("%s #%d sample %d: half a position %v,%v", a.File, a.Index, i, s.Lat, s.Lon)
		}
		if math.IsNaN(s.T) {
			continue
		}
		if s.T < last {
			tb.Fatalf("%s #%d sample %d: time %v before %v", a.File, a.Index, i, s.T, last)
		}
		last = s.T
	}
	for _, v := range []float64{a.ElapsedS, a.DistanceM, a.AvgCadence} {
		if math.IsInf(v, 0) {
			tb.Fatalf("%s #%d: infinite summary value", a.File, a.Index)
		}
	}
}

// xmlWant is what one activity of a corpus file must give.
type xmlWant struct {
	sport    activity.Sport
	samples  int
	cad      int     // samples with a cadence value (0 included)
	pos      int     // samples with cadence > 0
	meanPos  float64 // raw cadence mean over the positive values, rounded to 2 decimals
	deviceIs string  // when not empty, the expected Device
}

// xmlCorpusWant lists every GPX and TCX file of the shared corpus (gpx/, tcx/ and the
// two bad/ files that must still parse).
//
// The counts and means were derived independently of this reader, with a Python script
// that reads the raw XML with regular expressions only: each <trkpt ...>...</trkpt> (or
// each <Trackpoint> inside each <Activity ...>...</Activity>) is one sample; its
// cadence is the first <(prefix:)?cad> or <(prefix:)?cadence> in the point (TCX: the
// point's RunCadence, else its Cadence); where a file's times go backwards the points
// are stably sorted by time and repeated times dropped, keeping the first. The means
// agree with the raw_mean_pos of sports-lib in tools/peers/dev-oracle.jsonl wherever
// sports-lib does not fill gaps (e.g. gc-urbanbiker 70.969, strava-android 79.478).
// Sports follow the MANIFEST sport column, mapped by activity.ParseSport: GPX files
// without <type> are unknown except trackeR's "Afternoon Run" (from the name).
var xmlCorpusWant = []struct {
	file string
	acts []xmlWant
}{
	{"bad/sportslib-strava-run-unbound-ns-prefix.gpx", []xmlWant{{activity.Running, 4040, 4040, 3414, 67.57, "StravaGPX"}}},
	{"gpx/gc-movescount-move-hr-no-cad.gpx", []xmlWant{{activity.Unknown, 1405, 0, 0, 0, "Movescount - http://www.movescount.com"}}},
	{"gpx/gc-urbanbiker-ride-tpx-v2-cad.gpx", []xmlWant{{activity.Unknown, 2870, 2869, 2419, 70.97, ""}}},
	{"gpx/gpxgo-garmin-etrex10-cad-zero.gpx", []xmlWant{{activity.Unknown, 4, 4, 0, 0, "eTrex 10"}}},
	{"gpx/heartandsole-garmin-fr220-run-tiny.gpx", []xmlWant{{activity.Running, 46, 46, 19, 65.53, "Garmin Connect"}}},
	{"gpx/runalyze-garmin-connect-run-ns3-cad.gpx", []xmlWant{{activity.Running, 16, 16, 16, 87.81, ""}}},
	{"gpx/runalyze-garmin-etrex30-track.gpx", []xmlWant{{activity.Unknown, 350, 0, 0, 0, ""}}},
	{"gpx/runalyze-gpsmaster-navrun500-run.gpx", []xmlWant{{activity.Unknown, 1328, 0, 0, 0, ""}}},
	{"gpx/runalyze-polar-websync-exercise.gpx", []xmlWant{{activity.Unknown, 452, 0, 0, 0, ""}}},
	{"gpx/runalyze-sportractive-run-cad-zero-hr-gaps.gpx", []xmlWant{{activity.Unknown, 52, 46, 0, 0, ""}}},
	{"gpx/runalyze-strava-export-run.gpx", []xmlWant{{activity.Unknown, 241, 241, 241, 88.51, ""}}},
	{"gpx/sportslib-amazfit-run-duplicate-hr.gpx", []xmlWant{{activity.Running, 1216, 0, 0, 0, ""}}},
	{"gpx/sportslib-garmin-edge1000-road-ride.gpx", []xmlWant{{activity.Cycling, 2547, 2547, 1801, 68.55, ""}}},
	{"gpx/sportslib-garmin-vivoactivehr-run.gpx", []xmlWant{{activity.Running, 502, 502, 477, 67.30, ""}}},
	{"gpx/sportslib-movescount-run.gpx", []xmlWant{{activity.Unknown, 1592, 1590, 1590, 80.56, ""}}},
	{"gpx/sportslib-sports-tracker-time-backwards.gpx", []xmlWant{{activity.Unknown, 4108, 0, 0, 0, "Sports Tracker"}}},
	{"gpx/sportslib-strava-android-run.gpx", []xmlWant{{activity.Running, 1038, 1038, 1030, 79.48, ""}}},
	{"gpx/sportslib-strava-swim-stroke-rate.gpx", []xmlWant{{activity.Swimming, 88, 88, 86, 36.42, ""}}},
	{"gpx/sweatpy-garmin-connect-ride-short.gpx", []xmlWant{{activity.Cycling, 96, 96, 88, 87.26, ""}}},
	{"gpx/togeojson-apple-health-route.gpx", []xmlWant{{activity.Unknown, 44, 0, 0, 0, "Apple Health Export"}}},
	{"gpx/trackeR-strava-run-cad-spikes.gpx", []xmlWant{{activity.Running, 5104, 5104, 5103, 87.62, ""}}},
	{"gpx/workoutizer-garmin-connect-run.gpx", []xmlWant{{activity.Running, 602, 602, 544, 72.85, ""}}},

	{"bad/sportslib-polar-v800-run-leading-whitespace.tcx", []xmlWant{{activity.Running, 1545, 1543, 1539, 82.27, "Polar V800"}}},
	{"tcx/gc-garmin-fr15-run-10k-no-cadence.tcx", []xmlWant{{activity.Running, 686, 0, 0, 0, "Forerunner 15"}}},
	{"tcx/gc-garmin-fr305-multisport-run-bike.tcx", []xmlWant{
		{activity.Running, 656, 0, 0, 0, ""}, {activity.Cycling, 235, 0, 0, 0, ""},
		{activity.Running, 733, 0, 0, 0, ""}, {activity.Cycling, 269, 0, 0, 0, ""}}},
	{"tcx/gc-garmin-fr310xt-velodrome-ride-nogps.tcx", []xmlWant{{activity.Cycling, 490, 490, 420, 86.73, ""}}},
	{"tcx/heartandsole-garmin-fr220-run-tiny.tcx", []xmlWant{{activity.Running, 49, 49, 21, 65.76, "Garmin Forerunner 220"}}},
	{"tcx/runalyze-garmin-fr305-multisport.tcx", []xmlWant{
		{activity.Cycling, 77, 0, 0, 0, ""}, {activity.Running, 859, 0, 0, 0, ""}, {activity.Cycling, 74, 0, 0, 0, ""}}},
	{"tcx/runalyze-garmin-fr305-run.tcx", []xmlWant{{activity.Running, 1528, 0, 0, 0, "Forerunner305 (Geräte-ID 3464792754)"}}},
	{"tcx/runalyze-garmin-fr310xt-run-missing-distances.tcx", []xmlWant{{activity.Running, 36, 0, 0, 0, ""}}},
	{"tcx/runalyze-garmin-fr310xt-swim-no-times.tcx", []xmlWant{{activity.Other, 53, 0, 0, 0, ""}}},
	{"tcx/runalyze-garmin-fr405-indoor-ride.tcx", []xmlWant{{activity.Cycling, 258, 0, 0, 0, ""}}},
	{"tcx/runalyze-garmin-fr610-three-runs.tcx", []xmlWant{
		{activity.Running, 1054, 0, 0, 0, "Forerunner 610"}, {activity.Running, 541, 0, 0, 0, ""}, {activity.Running, 773, 0, 0, 0, ""}}},
	{"tcx/runalyze-garmin-ride-watts-no-namespace.tcx", []xmlWant{{activity.Cycling, 27, 27, 25, 60.20, ""}}},
	{"tcx/runalyze-indoor-ride-ns2-power.tcx", []xmlWant{{activity.Cycling, 2731, 2731, 2688, 87.33, ""}}},
	{"tcx/runalyze-polar-beat-indoor-one-lap.tcx", []xmlWant{{activity.Cycling, 13, 0, 0, 0, "Polar BEAT"}}},
	{"tcx/runalyze-ride-first-point-empty.tcx", []xmlWant{{activity.Cycling, 24, 0, 0, 0, ""}}},
	{"tcx/runalyze-runtastic-run-lowercase-sport.tcx", []xmlWant{{activity.Running, 22, 0, 0, 0, ""}}},
	{"tcx/runalyze-sigma-rox10-ride-negative-pause.tcx", []xmlWant{{activity.Cycling, 118, 118, 0, 0, "ROX 10.0 GPS"}}},
	{"tcx/runalyze-treadmill-run-doubled-cadence.tcx", []xmlWant{{activity.Running, 262, 262, 261, 134.43, ""}}},
	{"tcx/sportslib-garmin-edge1000-road-ride.tcx", []xmlWant{{activity.Cycling, 2547, 2547, 1801, 68.55, "Garmin Edge 1000"}}},
	{"tcx/sportslib-garmin-fr945-treadmill-stryd.tcx", []xmlWant{{activity.Running, 3101, 3101, 2957, 86.80, ""}}},
	{"tcx/sportslib-strava-export-run.tcx", []xmlWant{{activity.Running, 1495, 1495, 1476, 69.25, ""}}},
	{"tcx/sportslib-strava-virtual-ride-sport-other.tcx", []xmlWant{{activity.Other, 2435, 2435, 2373, 69.99, ""}}},
	{"tcx/sportstracker-garmin-fr405-run-footpod-nogps.tcx", []xmlWant{{activity.Running, 270, 269, 269, 80.46, ""}}},
	{"tcx/sweatpy-garmin-edge1000-ride-short.tcx", []xmlWant{{activity.Cycling, 100, 100, 92, 87.33, ""}}},
	{"tcx/tcxreader-garmin-vivoactivehr-sup.tcx", []xmlWant{{activity.Other, 111, 0, 0, 0, "vívoactive HR"}}},
	{"tcx/trackeR-garmin-fr310xt-run-a.tcx", []xmlWant{{activity.Running, 318, 318, 318, 87.01, ""}}},
	{"tcx/trackeR-garmin-fr310xt-run-b.tcx", []xmlWant{{activity.Running, 359, 359, 359, 87.84, ""}}},
}

// TestXMLCorpus reads every GPX and TCX corpus file and checks the activities, sports,
// sample counts and raw cadence against values derived without this reader.
func TestXMLCorpus(t *testing.T) {
	dir := xmlCorpus(t)
	// Every gpx/ and tcx/ file must be in the table.
	listed := map[string]bool{}
	for _, c := range xmlCorpusWant {
		listed[c.file] = true
	}
	for _, pat := range []string{"gpx/*.gpx", "tcx/*.tcx"} {
		files, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, f := range files {
			rel := filepath.ToSlash(filepath.Join(filepath.Base(filepath.Dir(f)), filepath.Base(f)))
			if !listed[rel] {
				t.Errorf("%s is not in xmlCorpusWant", rel)
			}
		}
	}
	for _, c := range xmlCorpusWant {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			acts, err := xmlParseFile(t, c.file)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if len(acts) != len(c.acts) {
				t.Fatalf("%d activities, want %d", len(acts), len(c.acts))
			}
			format := strings.TrimPrefix(filepath.Ext(c.file), ".")
			for i, a := range acts {
				w := c.acts[i]
				xmlCheckActivity(t, a)
				if a.Index != i || a.Format != format || a.File != c.file {
					t.Errorf("#%d: index %d, format %q, file %q", i, a.Index, a.Format, a.File)
				}
				if a.CadenceUnit != activity.CadenceUnitUnknown {
					t.Errorf("#%d: cadence unit %v, want unknown", i, a.CadenceUnit)
				}
				if a.Sport != w.sport {
					t.Errorf("#%d: sport %q, want %q", i, a.Sport, w.sport)
				}
				if (a.SportFrom == "") != (a.Sport == activity.Unknown) {
					t.Errorf("#%d: sport %q from %q", i, a.Sport, a.SportFrom)
				}
				if len(a.Samples) != w.samples {
					t.Errorf("#%d: %d samples, want %d", i, len(a.Samples), w.samples)
				}
				present, pos, mean := xmlCadStats(a)
				if present != w.cad || pos != w.pos {
					t.Errorf("#%d: cadence present %d, positive %d; want %d, %d", i, present, pos, w.cad, w.pos)
				}
				if pos > 0 && math.Abs(mean-w.meanPos) > 0.0051 {
					t.Errorf("#%d: mean positive cadence %.4f, want %.2f", i, mean, w.meanPos)
				}
				if w.deviceIs != "" && a.Device != w.deviceIs {
					t.Errorf("#%d: device %q, want %q", i, a.Device, w.deviceIs)
				}
				if a.Start.IsZero() {
					t.Errorf("#%d: no start time", i)
				}
			}
		})
	}
}

func TestGPXVersionAttributeIgnored(t *testing.T) {
	// The root says version="1.0" but the body is GPX 1.1 with TrackPointExtension:
	// the 46 gpxtpx:cad values (all 0) must be read, as 0 and not NaN.
	acts, err := xmlParseFile(t, "gpx/runalyze-sportractive-run-cad-zero-hr-gaps.gpx")
	if err != nil {
		t.Fatal(err)
	}
	present, pos, _ := xmlCadStats(acts[0])
	if present != 46 || pos != 0 {
		t.Fatalf("cadence present %d positive %d, want 46 and 0", present, pos)
	}
	hr := 0
	for _, s := range acts[0].Samples {
		if !math.IsNaN(s.HR) {
			hr++
		}
	}
	if hr != 46 {
		t.Errorf("%d heart rates, want 46 (the MANIFEST counts 46 HR elements)", hr)
	}
	// Sub-second times are kept: the first point is at 16:31:53.243Z.
	want := float64(time.Date(2016, 9, 16, 16, 31, 53, 0, time.UTC).Unix()) + 0.243
	if got := acts[0].Samples[0].T; math.Abs(got-want) > 1e-6 {
		t.Errorf("first time %.3f, want %.3f", got, want)
	}
	if !acts[0].Start.Equal(time.Date(2016, 9, 16, 16, 31, 53, 243e6, time.UTC)) {
		t.Errorf("start %v", acts[0].Start)
	}
}

func TestGPXUnboundPrefix(t *testing.T) {
	// gpxdata: is never declared, and the file starts with a BOM.
	acts, err := xmlParseFile(t, "bad/sportslib-strava-run-unbound-ns-prefix.gpx")
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	present, _, _ := xmlCadStats(a)
	if len(a.Samples) != 4040 || present != 4040 {
		t.Fatalf("%d points, %d with cadence; want 4040 and 4040", len(a.Samples), present)
	}
	if a.Sport != activity.Running || a.SportFrom != "file" {
		t.Errorf("sport %q from %q, want running from the Strava type 9", a.Sport, a.SportFrom)
	}
	if a.Samples[0].Cadence != 43 || a.Samples[2].Cadence != 83 {
		t.Errorf("first cadences %v, %v; want 43, 83", a.Samples[0].Cadence, a.Samples[2].Cadence)
	}
	if a.Name != "Stage O Vercors : Pose proba" {
		t.Errorf("name %q", a.Name)
	}
}

func TestGPXPointWithoutPosition(t *testing.T) {
	acts, err := xmlParseFile(t, "gpx/runalyze-garmin-etrex30-track.gpx")
	if err != nil {
		t.Fatal(err)
	}
	s := acts[0].Samples
	if !math.IsNaN(s[0].Lat) || !math.IsNaN(s[0].Lon) {
		t.Errorf("first point at %v,%v; want NaN (the file gives no lat/lon)", s[0].Lat, s[0].Lon)
	}
	if s[0].Altitude != 270.27 || math.IsNaN(s[0].T) {
		t.Errorf("first point altitude %v time %v; want 270.27 and a time", s[0].Altitude, s[0].T)
	}
	if s[1].Lat != 50.7748849411 || s[1].Lon != 6.1124603078 {
		t.Errorf("second point at %v,%v", s[1].Lat, s[1].Lon)
	}
	for i, p := range s {
		if p.Lat == 0 && p.Lon == 0 {
			t.Fatalf("point %d at 0,0", i)
		}
	}
}

func TestGPXTimeBackwards(t *testing.T) {
	acts, err := xmlParseFile(t, "gpx/sportslib-sports-tracker-time-backwards.gpx")
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	if len(a.Warnings) != 1 || !strings.HasPrefix(a.Warnings[0], "timestamps go backwards 3078 times; samples sorted by time") {
		t.Fatalf("warnings %q", a.Warnings)
	}
	// 7785 points, 4108 distinct times (sports-lib also keeps 4108 one-second slots).
	if len(a.Samples) != 4108 || !strings.Contains(a.Warnings[0], "3677 with a repeated timestamp dropped") {
		t.Errorf("%d samples, warning %q", len(a.Samples), a.Warnings[0])
	}
	for i := 1; i < len(a.Samples); i++ {
		if !(a.Samples[i].T > a.Samples[i-1].T) {
			t.Fatalf("sample %d: %v after %v", i, a.Samples[i].T, a.Samples[i-1].T)
		}
	}
	if !a.Start.Equal(time.Date(2018, 5, 13, 14, 10, 59, 0, time.UTC)) {
		t.Errorf("start %v", a.Start)
	}
}

func TestXMLNoActivity(t *testing.T) {
	for _, c := range []struct{ file, reason string }{
		{"bad/gc-metadata-only-no-track.gpx", "no track points"},
		{"bad/runalyze-course-only-no-activity.tcx", "course, not an activity"},
	} {
		acts, err := xmlParseFile(t, c.file)
		if !errors.Is(err, ErrNoActivity) || acts != nil {
			t.Errorf("%s: %v, %d activities; want ErrNoActivity", c.file, err, len(acts))
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.File != c.file || !strings.Contains(err.Error(), c.reason) {
			t.Errorf("%s: error %q, want a *ParseError saying %q", c.file, err, c.reason)
		}
	}
}

func TestTCXLeadingWhitespace(t *testing.T) {
	// Nine spaces before <?xml: not well-formed, but read.
	acts, err := xmlParseFile(t, "bad/sportslib-polar-v800-run-leading-whitespace.tcx")
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	if a.Sport != activity.Running || len(a.Samples) != 1545 || a.Device != "Polar V800" {
		t.Errorf("sport %q, %d samples, device %q", a.Sport, len(a.Samples), a.Device)
	}
	if !a.Start.Equal(time.Date(2016, 9, 12, 11, 19, 55, 0, time.UTC)) {
		t.Errorf("start %v", a.Start)
	}
}

func TestTCXThreeRuns(t *testing.T) {
	acts, err := xmlParseFile(t, "tcx/runalyze-garmin-fr610-three-runs.tcx")
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 3 {
		t.Fatalf("%d activities, want 3", len(acts))
	}
	// Start from each Activity's Id; totals are the sums of its laps' TotalTimeSeconds
	// and DistanceMeters (1, 3 and 1 laps), summed by hand from the file.
	want := []struct {
		start      time.Time
		elapsed, m float64
	}{
		{time.Date(2012, 1, 22, 14, 10, 39, 0, time.UTC), 3600, 11500.1494141},
		{time.Date(2012, 1, 20, 9, 21, 2, 0, time.UTC), 2084.585, 7236.4900131},
		{time.Date(2012, 1, 19, 10, 30, 21, 0, time.UTC), 3000, 9196.5693359},
	}
	for i, a := range acts {
		w := want[i]
		if a.Index != i || a.Sport != activity.Running || a.SportFrom != "file" || !a.Start.Equal(w.start) {
			t.Errorf("#%d: index %d sport %q from %q start %v", i, a.Index, a.Sport, a.SportFrom, a.Start)
		}
		if math.Abs(a.ElapsedS-w.elapsed) > 1e-6 || math.Abs(a.DistanceM-w.m) > 1e-6 {
			t.Errorf("#%d: elapsed %v distance %v, want %v %v", i, a.ElapsedS, a.DistanceM, w.elapsed, w.m)
		}
	}
}

func TestTCXSportNames(t *testing.T) {
	for _, c := range []struct {
		file string
		want activity.Sport
	}{
		{"tcx/runalyze-runtastic-run-lowercase-sport.tcx", activity.Running},  // Sport="running"
		{"tcx/sportslib-strava-virtual-ride-sport-other.tcx", activity.Other}, // Sport="Other"
		{"tcx/runalyze-garmin-fr405-indoor-ride.tcx", activity.Cycling},       // Sport="Biking"
	} {
		acts, err := xmlParseFile(t, c.file)
		if err != nil {
			t.Fatal(err)
		}
		if acts[0].Sport != c.want || acts[0].SportFrom != "file" {
			t.Errorf("%s: sport %q from %q, want %q from the file", c.file, acts[0].Sport, acts[0].SportFrom, c.want)
		}
	}
}

func TestTCXTreadmillRawCadence(t *testing.T) {
	// RunCadence here already holds steps/min: the reader must not change it.
	acts, err := xmlParseFile(t, "tcx/runalyze-treadmill-run-doubled-cadence.tcx")
	if err != nil {
		t.Fatal(err)
	}
	var pos []float64
	for _, s := range acts[0].Samples {
		if s.Cadence > 0 {
			pos = append(pos, s.Cadence)
		}
	}
	slices.Sort(pos)
	med := pos[len(pos)/2]
	if len(pos)%2 == 0 {
		med = (pos[len(pos)/2-1] + pos[len(pos)/2]) / 2
	}
	if med != 120 || pos[len(pos)-1] != 180 {
		t.Errorf("median %v max %v, want the raw 120 and 180", med, pos[len(pos)-1])
	}
	if acts[0].CadenceUnit != activity.CadenceUnitUnknown {
		t.Errorf("cadence unit %v", acts[0].CadenceUnit)
	}
}

func TestTCXMultisport(t *testing.T) {
	acts, err := xmlParseFile(t, "tcx/gc-garmin-fr305-multisport-run-bike.tcx")
	if err != nil {
		t.Fatal(err)
	}
	var sports []activity.Sport
	for _, a := range acts {
		sports = append(sports, a.Sport)
	}
	want := []activity.Sport{activity.Running, activity.Cycling, activity.Running, activity.Cycling}
	if !slices.Equal(sports, want) {
		t.Fatalf("sports %v, want %v", sports, want)
	}
	// The bike sections have no GPS: positions NaN, never 0,0.
	for _, s := range acts[1].Samples {
		if !math.IsNaN(s.Lat) {
			t.Fatalf("bike point with position %v,%v", s.Lat, s.Lon)
		}
	}
	if acts[0].DistanceM != 7651.0292969 || acts[0].ElapsedS != 3601.84 {
		t.Errorf("run totals %v m %v s", acts[0].DistanceM, acts[0].ElapsedS)
	}
}

func TestTCXLapAverages(t *testing.T) {
	// heartandsole: 4 laps with AvgRunCadence 32, 17, 2, 50 and TotalTimeSeconds
	// 44.526, 50.356, 66.625, 28.848 (read from the file): the lap-time weighted mean
	// is 20.2597.
	acts, err := xmlParseFile(t, "tcx/heartandsole-garmin-fr220-run-tiny.tcx")
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	if math.Abs(a.ElapsedS-190.355) > 1e-9 || math.Abs(a.DistanceM-158.71) > 1e-9 {
		t.Errorf("totals %v s %v m, want 190.355 s 158.71 m", a.ElapsedS, a.DistanceM)
	}
	if math.Abs(a.AvgCadence-20.2597) > 1e-4 {
		t.Errorf("average cadence %v, want 20.2597", a.AvgCadence)
	}
	s := a.Samples[len(a.Samples)-1]
	if math.IsNaN(s.Speed) || math.IsNaN(s.Distance) || math.IsNaN(s.HR) || math.IsNaN(s.Altitude) {
		t.Errorf("last sample %+v lacks speed, distance, HR or altitude", s)
	}
}

func TestGPXSubSecondAndFields(t *testing.T) {
	acts, err := xmlParseFile(t, "gpx/gc-movescount-move-hr-no-cad.gpx")
	if err != nil {
		t.Fatal(err)
	}
	s := acts[0].Samples[0]
	// <time>2014-01-17T08:33:11.150Z</time>, gpxdata:hr 92, gpxdata:distance 12, ele 416.
	if math.Abs(s.T-1389947591.15) > 1e-6 || s.HR != 92 || s.Distance != 12 || s.Altitude != 416 {
		t.Errorf("first sample %+v", s)
	}
	if got := acts[0].Start.Format(time.RFC3339Nano); got != "2014-01-17T08:33:11.15Z" {
		t.Errorf("start %s", got)
	}
	// Apple Health puts <speed> in the point's extensions.
	acts, err = xmlParseFile(t, "gpx/togeojson-apple-health-route.gpx")
	if err != nil {
		t.Fatal(err)
	}
	if s := acts[0].Samples[0]; s.Speed != 1.310662 || s.Lat != 32.064999 || s.Lon != -81.097216 {
		t.Errorf("apple first sample %+v", s)
	}
}

// xmlGPXDoc wraps track points in a minimal GPX document.
func xmlGPXDoc(head, trk string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" ` +
		`xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">` + head + trk + `</gpx>`
}

func TestGPXInline(t *testing.T) {
	t.Run("extensions directly in trkpt", func(t *testing.T) {
		doc := xmlGPXDoc("", `<trk><trkseg>
<trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time><gpxtpx:TrackPointExtension><gpxtpx:cad>85</gpxtpx:cad><gpxtpx:hr>140</gpxtpx:hr></gpxtpx:TrackPointExtension></trkpt>
<trkpt lat="1" lon="2"><time>2020-01-01T00:00:01Z</time><gpxtpx:cad>0</gpxtpx:cad><speed>3.5</speed></trkpt>
<trkpt lat="1" lon="2"><time>2020-01-01T00:00:02Z</time></trkpt>
</trkseg></trk>`)
		a := xmlMustParse(t, "x.gpx", doc)[0]
		s := a.Samples
		if len(s) != 3 || s[0].Cadence != 85 || s[0].HR != 140 || s[1].Cadence != 0 || s[1].Speed != 3.5 || !math.IsNaN(s[2].Cadence) {
			t.Errorf("samples %+v", s)
		}
	})
	t.Run("strava numeric type 9", func(t *testing.T) {
		doc := xmlGPXDoc("", `<trk><name>Lunch</name><type>9</type><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk>`)
		a := xmlMustParse(t, "x.gpx", doc)[0]
		if a.Sport != activity.Running || a.SportFrom != "file" || a.Name != "Lunch" || a.Device != "test" {
			t.Errorf("sport %q from %q name %q device %q", a.Sport, a.SportFrom, a.Name, a.Device)
		}
	})
	t.Run("type in metadata", func(t *testing.T) {
		doc := xmlGPXDoc(`<metadata><name>m</name><type>cycling</type><time>2001-01-01T00:00:00Z</time></metadata>`,
			`<trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk>`)
		a := xmlMustParse(t, "x.gpx", doc)[0]
		if a.Sport != activity.Cycling || a.SportFrom != "file" || a.Name != "m" {
			t.Errorf("sport %q from %q name %q", a.Sport, a.SportFrom, a.Name)
		}
		if a.Start.Year() != 2020 {
			t.Errorf("start %v taken from metadata time", a.Start)
		}
	})
	t.Run("sport from track name", func(t *testing.T) {
		for name, want := range map[string]activity.Sport{
			"Morning Run": activity.Running, "Evening Ride": activity.Cycling, "walk to work": activity.Walking,
			"Morning Swim": activity.Swimming, "Brunch": activity.Unknown, "Run and Ride": activity.Unknown,
			"Rundgang": activity.Unknown,
		} {
			doc := xmlGPXDoc("", `<trk><name>`+name+`</name><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk>`)
			a := xmlMustParse(t, "x.gpx", doc)[0]
			wantFrom := "name"
			if want == activity.Unknown {
				wantFrom = ""
			}
			if a.Sport != want || a.SportFrom != wantFrom {
				t.Errorf("%q: sport %q from %q, want %q from %q", name, a.Sport, a.SportFrom, want, wantFrom)
			}
		}
	})
	t.Run("points without time or position are kept", func(t *testing.T) {
		doc := xmlGPXDoc("", `<trk><trkseg><trkpt><ele>5</ele></trkpt><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt><trkpt lat="1" lon="200"><time>2020-01-01T00:00:01Z</time></trkpt></trkseg></trk>`)
		s := xmlMustParse(t, "x.gpx", doc)[0].Samples
		if len(s) != 3 || !math.IsNaN(s[0].T) || !math.IsNaN(s[0].Lat) || s[0].Altitude != 5 || !math.IsNaN(s[2].Lon) {
			t.Errorf("samples %+v", s)
		}
	})
	t.Run("tracks of one sport make one activity", func(t *testing.T) {
		trk := `<trk><type>running</type><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk>` +
			`<trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:05Z</time></trkpt></trkseg></trk>`
		acts := xmlMustParse(t, "x.gpx", xmlGPXDoc("", trk))
		if len(acts) != 1 || len(acts[0].Samples) != 2 || acts[0].Sport != activity.Running {
			t.Errorf("%d activities", len(acts))
		}
	})
	t.Run("tracks of different sports make one activity each", func(t *testing.T) {
		trk := `<trk><type>running</type><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk>` +
			`<trk><type>Ride</type><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T01:00:00Z</time></trkpt><trkpt lat="1" lon="2"><time>2020-01-01T01:00:01Z</time></trkpt></trkseg></trk>`
		acts := xmlMustParse(t, "x.gpx", xmlGPXDoc("", trk))
		if len(acts) != 2 || acts[0].Sport != activity.Running || acts[1].Sport != activity.Cycling ||
			acts[1].Index != 1 || len(acts[1].Samples) != 2 {
			t.Fatalf("%d activities", len(acts))
		}
	})
	t.Run("routes and untimed tracks are not activities", func(t *testing.T) {
		for _, doc := range []string{
			xmlGPXDoc("", `<rte><rtept lat="1" lon="2"/><rtept lat="1" lon="3"/></rte>`),
			xmlGPXDoc("", `<trk><trkseg><trkpt lat="1" lon="2"><ele>3</ele></trkpt></trkseg></trk>`),
		} {
			_, err := parseGPX("routes/r.gpx", []byte(doc))
			var pe *ParseError
			if !errors.Is(err, ErrNoActivity) || !errors.As(err, &pe) || !strings.Contains(err.Error(), "route without times, not an activity") {
				t.Errorf("error %v", err)
			}
		}
	})
	t.Run("time going backwards with untimed points", func(t *testing.T) {
		trk := `<trk><trkseg>` +
			`<trkpt lat="1" lon="1"><time>2020-01-01T00:00:05Z</time></trkpt>` +
			`<trkpt lat="2" lon="2"></trkpt>` +
			`<trkpt lat="3" lon="3"><time>2020-01-01T00:00:01Z</time></trkpt>` +
			`<trkpt lat="4" lon="4"><time>2020-01-01T00:00:05Z</time></trkpt>` +
			`</trkseg></trk>`
		a := xmlMustParse(t, "x.gpx", xmlGPXDoc("", trk))[0]
		var lats []float64
		for _, s := range a.Samples {
			lats = append(lats, s.Lat)
		}
		// Sorted 00:01 (3), 00:05 (1) with its untimed follower (2); the repeated
		// 00:05 (4) is dropped.
		if !slices.Equal(lats, []float64{3, 1, 2}) || len(a.Warnings) != 1 ||
			a.Warnings[0] != "timestamps go backwards 1 times; samples sorted by time, 1 with a repeated timestamp dropped" {
			t.Errorf("lats %v warnings %q", lats, a.Warnings)
		}
	})
}

func TestXMLEncodings(t *testing.T) {
	trk := "<trk><name>Caf\xe9 \x80 run</name><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time>" +
		"<extensions><cad>80</cad></extensions></trkpt></trkseg></trk>"
	for _, enc := range []string{"ISO-8859-1", "windows-1252", "latin1"} {
		doc := `<?xml version="1.0" encoding="` + enc + `"?><gpx version="1.1" creator="G` + "\xe4" + `rmin">` + trk + `</gpx>`
		a := xmlMustParse(t, "x.gpx", doc)[0]
		if a.Name != "Café € run" || a.Device != "Gärmin" || a.Sport != activity.Running || a.Samples[0].Cadence != 80 {
			t.Errorf("%s: name %q device %q sport %q", enc, a.Name, a.Device, a.Sport)
		}
	}
	// An unknown encoding is read as UTF-8, with a warning.
	plain := strings.NewReplacer("\xe9", "e", "\x80", "").Replace(trk)
	doc := `<?xml version="1.0" encoding="x-made-up"?><gpx>` + plain + `</gpx>`
	a := xmlMustParse(t, "x.gpx", doc)[0]
	if len(a.Samples) != 1 || len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], "x-made-up") {
		t.Errorf("unknown encoding: %d samples, warnings %q", len(a.Samples), a.Warnings)
	}
	// UTF-16 with a byte order mark.
	utf8doc := `<?xml version="1.0" encoding="UTF-16"?><gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`
	u16 := []byte{0xFF, 0xFE}
	for _, r := range utf8doc {
		u16 = append(u16, byte(r), 0)
	}
	if acts, err := parseGPX("x.gpx", u16); err != nil || len(acts[0].Samples) != 1 {
		t.Errorf("UTF-16: %v", err)
	}
}

func TestXMLTruncated(t *testing.T) {
	doc := strings.TrimSuffix(xmlGPXDoc("", `<trk><trkseg>
<trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time><extensions><gpxtpx:cad>80</gpxtpx:cad></extensions></trkpt>
<trkpt lat="1" lon="2"><time>2020-01-01T00:00:01Z</time><extensions><gpxtpx:cad>81</gpxtpx:cad></extensions></trkpt>
<trkpt lat="1" lon="2"><time>2020-01-01T00:00:02Z</time><extensions><gpxtpx:cad>8`), "</gpx>")
	acts, err := parseGPX("t.gpx", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	want := "file ends early (truncated XML at byte " // the offset follows
	if len(a.Samples) != 2 || len(a.Warnings) != 1 || !strings.HasPrefix(a.Warnings[0], want) ||
		!strings.HasSuffix(a.Warnings[0], "): kept the 2 points read") {
		t.Errorf("%d samples, warnings %q", len(a.Samples), a.Warnings)
	}

	tcx := `<?xml version="1.0"?><TrainingCenterDatabase><Activities>
<Activity Sport="Running"><Id>2020-01-01T00:00:00Z</Id><Lap StartTime="2020-01-01T00:00:00Z"><TotalTimeSeconds>10</TotalTimeSeconds><Track>
<Trackpoint><Time>2020-01-01T00:00:00Z</Time><Cadence>80</Cadence></Trackpoint>
<Trackpoint><Time>2020-01-01T00:00:01Z</Time><Cad`
	acts, err = parseTCX("t.tcx", []byte(tcx))
	if err != nil || len(acts) != 1 || len(acts[0].Samples) != 1 || len(acts[0].Warnings) != 1 {
		t.Fatalf("TCX: %v, %d activities", err, len(acts))
	}

	// Cut before any point: an error, not an empty activity.
	_, err = parseGPX("t.gpx", []byte(doc[:strings.Index(doc, "<trkpt")+10]))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Offset < 0 || !strings.Contains(err.Error(), "malformed XML") {
		t.Errorf("cut before the first point: %v", err)
	}

	// Every prefix of a small document gives either activities or a *ParseError.
	for _, d := range []string{doc, tcx} {
		for i := 0; i <= len(d); i++ {
			acts, err := xmlParse(map[bool]string{true: "p.tcx", false: "p.gpx"}[d == tcx], []byte(d[:i]))
			if err != nil {
				if !errors.As(err, &pe) {
					t.Fatalf("prefix %d: %T %v", i, err, err)
				}
				continue
			}
			for _, a := range acts {
				xmlCheckActivity(t, a)
			}
		}
	}
}

func TestXMLMalformed(t *testing.T) {
	for _, c := range []struct{ name, doc, want string }{
		{"empty.gpx", "", "empty file"},
		{"blank.gpx", " \n\t", "empty file"},
		{"garbage.gpx", "\x00\x01binary", "malformed XML"},
		{"bad.gpx", xmlGPXDoc("", `<trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt><trkpt <<<>`) + "</trkseg></trk>", "malformed XML"},
		{"notcx.tcx", `<TrainingCenterDatabase><Activities/></TrainingCenterDatabase>`, "no Activity"},
		{"tcx.gpx", `<TrainingCenterDatabase/>`, "no track points"},
	} {
		acts, err := xmlParse(c.name, []byte(c.doc))
		var pe *ParseError
		if acts != nil || !errors.As(err, &pe) || pe.File != c.name || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestTCXInline(t *testing.T) {
	doc := `<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:x="urn:x">
<Activities><Activity Sport="Biking"><Id>2020-01-01T00:00:00Z</Id>
<Lap StartTime="2020-01-01T00:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>100</DistanceMeters><Cadence>90</Cadence><Track>
<Trackpoint><Time>2020-01-01T00:00:01+01:00</Time><Position><LatitudeDegrees>1.5</LatitudeDegrees><LongitudeDegrees>2.5</LongitudeDegrees></Position>
<AltitudeMeters>10</AltitudeMeters><DistanceMeters>3</DistanceMeters><HeartRateBpm><Value>100</Value></HeartRateBpm><Cadence>70</Cadence>
<Extensions><x:TPX><x:Speed>4.5</x:Speed><x:RunCadence>88</x:RunCadence></x:TPX></Extensions></Trackpoint>
<Trackpoint><Cadence>0</Cadence></Trackpoint>
</Track></Lap>
<Lap><TotalTimeSeconds>20</TotalTimeSeconds><DistanceMeters>50</DistanceMeters><Cadence>70</Cadence></Lap>
<Creator><Name> Edge </Name></Creator></Activity>
<Activity><Lap><TotalTimeSeconds>1</TotalTimeSeconds></Lap></Activity>
<Activity Sport="Running"><Id>2020-01-02T00:00:00Z</Id></Activity>
</Activities></TrainingCenterDatabase>`
	acts := xmlMustParse(t, "x.tcx", doc)
	if len(acts) != 2 {
		t.Fatalf("%d activities, want 2 (the third has neither laps nor points)", len(acts))
	}
	a := acts[0]
	s := a.Samples
	want0 := activity.Sample{T: float64(time.Date(2019, 12, 31, 23, 0, 1, 0, time.UTC).Unix()),
		Cadence: 88, Speed: 4.5, Distance: 3, Altitude: 10, Lat: 1.5, Lon: 2.5, HR: 100}
	if len(s) != 2 || s[0] != want0 || s[1].Cadence != 0 || !math.IsNaN(s[1].T) || !math.IsNaN(s[1].Lat) {
		t.Errorf("samples %+v", s)
	}
	if a.Sport != activity.Cycling || a.Device != "Edge" || a.ElapsedS != 80 || a.DistanceM != 150 || a.AvgCadence != 85 {
		t.Errorf("sport %q device %q elapsed %v distance %v avg cadence %v", a.Sport, a.Device, a.ElapsedS, a.DistanceM, a.AvgCadence)
	}
	if !a.Start.Equal(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("start %v", a.Start)
	}
	if b := acts[1]; b.Sport != activity.Unknown || b.SportFrom != "" || b.Index != 1 || len(b.Samples) != 0 || b.ElapsedS != 1 {
		t.Errorf("second activity %+v", b)
	}
}

// xmlLoadCorpus returns the contents of every file matching pattern in the corpus.
func xmlLoadCorpus(b *testing.B, pattern string) ([][]byte, []string, int64) {
	dir := xmlCorpus(b)
	files, _ := filepath.Glob(filepath.Join(dir, pattern))
	var datas [][]byte
	var total int64
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		datas = append(datas, d)
		total += int64(len(d))
	}
	if len(datas) == 0 {
		b.Skip("no files")
	}
	return datas, files, total
}

func BenchmarkParseGPX(b *testing.B) {
	datas, files, total := xmlLoadCorpus(b, "gpx/*.gpx")
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for i, d := range datas {
			if _, err := parseGPX(files[i], d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkParseTCX(b *testing.B) {
	datas, files, total := xmlLoadCorpus(b, "tcx/*.tcx")
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for i, d := range datas {
			if _, err := parseTCX(files[i], d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
