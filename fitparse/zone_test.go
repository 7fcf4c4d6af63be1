package fitparse

import (
	"math"
	"testing"
	"time"
)

// zoneOf returns the name and offset of a's zone, or "" and 0 when it has none.
func zoneOf(t *testing.T, file string, data []byte) []string {
	t.Helper()
	acts, err := Parse(file, data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var zones []string
	for _, a := range acts {
		if a.Zone == nil {
			zones = append(zones, "")
			continue
		}
		zones = append(zones, a.Zone.String())
	}
	return zones
}

// TestFITZoneSamples checks the zone that the activity message of the sample files
// gives: a Forerunner 25 run in Germany in August (UTC+2), a Forerunner 220 run in
// Boulder in April (UTC-6), and a Stryd file without an activity message (unknown).
func TestFITZoneSamples(t *testing.T) {
	for _, tc := range []struct {
		file string
		want string
		secs int
	}{
		{"workoutizer-garmin-fr25-run-pauses.fit", "UTC+02:00", 7200},
		{"heartandsole-garmin-fr220-run-tiny.fit", "UTC-06:00", -6 * 3600},
		{"fitparse-stryd-run-devfields.fit", "", 0},
		{"fitparse-zwift-virtual-ride.fit", "", 0},
	} {
		acts, err := Parse(tc.file, sample(t, tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		a := acts[0]
		if tc.want == "" {
			if a.Zone != nil {
				t.Errorf("%s: zone %v, want none", tc.file, a.Zone)
			}
			continue
		}
		if a.Zone == nil {
			t.Errorf("%s: no zone, want %s", tc.file, tc.want)
			continue
		}
		name, off := a.Start.In(a.Zone).Zone()
		if name != tc.want || off != tc.secs {
			t.Errorf("%s: zone %s %d, want %s %d", tc.file, name, off, tc.want, tc.secs)
		}
	}
	// The Boulder run started at 13:37:53 UTC, 07:37:53 local time.
	acts, _ := Parse("tiny.fit", sample(t, "heartandsole-garmin-fr220-run-tiny.fit"))
	if got := acts[0].Start.In(acts[0].Zone).Format("2006-01-02 15:04:05 -07:00"); got != "2021-04-16 07:37:53 -06:00" {
		t.Errorf("local start %s, want 2021-04-16 07:37:53 -06:00", got)
	}
}

// TestFITZoneCorpus checks real offsets from corpus files (about two thirds of fit/
// give one, from UTC-07:00 to UTC+08:00), that every session of a multisport file
// carries the file's zone, and that files without an activity message give none.
func TestFITZoneCorpus(t *testing.T) {
	needFITCorpus(t)
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"fit/activitylog2-garmin-fr920xt-run.fit", []string{"UTC+08:00"}},
		{"fit/fitparse-garmin-fenix5-run-short.fit", []string{"UTC-07:00"}},
		{"fit/gc-garmin-fr15-run-10k-no-cadence.fit", []string{"UTC-03:00"}},
		{"fit/garmindb-garmin-fr965-indoor-swim-run-swim.fit", []string{"UTC+02:00", "UTC+02:00", "UTC+02:00", "UTC+02:00", "UTC+02:00"}},
		{"fit/sportslib-garmin-fr945-triathlon-chained.fit", []string{"UTC-04:00", "UTC-04:00", "UTC-04:00", "UTC-04:00", "UTC-04:00"}},
		{"fit/gc-hammerhead-karoo2-ride.fit", []string{""}},
		{"fit/runalyze-garmin-fr310xt-run-no-cadence.fit", []string{""}},
	} {
		got := zoneOf(t, tc.file, readCorpus(t, tc.file))
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d activities %q, want %q", tc.file, len(got), got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: zones %q, want %q", tc.file, got, tc.want)
				break
			}
		}
	}
}

// TestFITZoneOffsets checks fitZone on an activity message's two times: offsets round to the nearest
// quarter hour, offsets beyond ±14 hours and missing fields give no zone.
func TestFITZoneOffsets(t *testing.T) {
	const ts = 1000000000
	for _, tc := range []struct {
		off  int64
		want string
		secs int
	}{
		{0, "UTC+00:00", 0},
		{7200, "UTC+02:00", 7200},
		{7200 + 3, "UTC+02:00", 7200}, // a few seconds of clock skew
		{-18000 - 2, "UTC-05:00", -18000},
		{19800, "UTC+05:30", 19800},       // India
		{20700 - 100, "UTC+05:45", 20700}, // Nepal, rounded up
		{-12600, "UTC-03:30", -12600},     // Newfoundland
		{14 * 3600, "UTC+14:00", 14 * 3600},
		{-12 * 3600, "UTC-12:00", -12 * 3600},
		{15 * 3600, "", 0},
		{-15 * 3600, "", 0},
		{86400 * 30, "", 0},
	} {
		z := fitZone(ts, uint32(ts+tc.off))
		switch {
		case tc.want == "" && z != nil:
			t.Errorf("offset %d: zone %v, want none", tc.off, z)
		case tc.want != "" && z == nil:
			t.Errorf("offset %d: no zone, want %s", tc.off, tc.want)
		case z != nil:
			if name, secs := time.Unix(0, 0).In(z).Zone(); name != tc.want || secs != tc.secs {
				t.Errorf("offset %d: %s %d, want %s %d", tc.off, name, secs, tc.want, tc.secs)
			}
		}
	}
	if z := fitZone(ts, math.MaxUint32); z != nil {
		t.Errorf("no local_timestamp: zone %v", z)
	}
	if z := fitZone(math.MaxUint32, ts); z != nil {
		t.Errorf("no timestamp: zone %v", z)
	}
}
