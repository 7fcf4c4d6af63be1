package fitparse

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestNamesFromCorpus checks that track and activity names reach Activity.Name: the GPX
// <trk><name> (before <metadata><name>), and the TCX workout plan's name, trimmed.
func TestNamesFromCorpus(t *testing.T) {
	if acts, err := Parse("tiny.gpx", sample(t, "heartandsole-garmin-fr220-run-tiny.gpx")); err != nil || acts[0].Name != "Boulder Running" {
		t.Errorf("sample GPX: name %q, %v; want Boulder Running", acts[0].Name, err)
	}
	needFITCorpus(t)
	for _, tc := range []struct {
		file  string
		names []string
	}{
		{"gpx/sportslib-strava-android-run.gpx", []string{"Run avec Nico & Mag"}},
		{"gpx/runalyze-sportractive-run-cad-zero-hr-gaps.gpx", []string{"Sankt Pölten"}},
		{"gpx/gc-urbanbiker-ride-tpx-v2-cad.gpx", []string{"Rose X-Lite CRS Force – Do., 18. Apr. 2019, 16:12"}},
		// <metadata><name> is "Amazfit Sport Record"; the track's own name wins.
		{"gpx/sportslib-amazfit-run-duplicate-hr.gpx", []string{"Sport"}},
		// Empty <Notes>, then <Training><Plan><Name>FTP Test </Name>.
		{"tcx/runalyze-indoor-ride-ns2-power.tcx", []string{"FTP Test"}},
		{"tcx/runalyze-garmin-fr610-three-runs.tcx", []string{"Training-1", "", "Training-3"}},
		{"tcx/runalyze-polar-beat-indoor-one-lap.tcx", []string{"Indoorcycling"}},
		{"tcx/heartandsole-garmin-fr220-run-tiny.tcx", []string{""}},
	} {
		acts, err := Parse(tc.file, readCorpus(t, tc.file))
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		var got []string
		for _, a := range acts {
			got = append(got, a.Name)
		}
		if strings.Join(got, "|") != strings.Join(tc.names, "|") {
			t.Errorf("%s: names %q, want %q", tc.file, got, tc.names)
		}
	}
}

// TestNamesCleaned checks that names are trimmed, that newlines and tabs inside them
// become single spaces, that TCX Notes win over the plan's name, and that <metadata>
// names a GPX file whose track has no name.
func TestNamesCleaned(t *testing.T) {
	gpx := `<gpx><metadata><name>
		Lunch	Run </name></metadata><trk><trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>`
	acts, err := Parse("m.gpx", []byte(gpx))
	if err != nil || acts[0].Name != "Lunch Run" {
		t.Errorf("GPX metadata name: %q, %v; want \"Lunch Run\"", acts[0].Name, err)
	}
	tcx := `<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2024-05-01T10:00:00Z</Id>
		<Lap StartTime="2024-05-01T10:00:00Z"><Notes>lap note</Notes><Track><Trackpoint><Time>2024-05-01T10:00:00Z</Time></Trackpoint></Track></Lap>
		<Notes>
			Easy run,
			6 strides
		</Notes>
		<Training><Plan><Name>Plan B</Name></Plan></Training></Activity></Activities></TrainingCenterDatabase>`
	acts, err = Parse("n.tcx", []byte(tcx))
	if err != nil || acts[0].Name != "Easy run, 6 strides" {
		t.Errorf("TCX notes: %q, %v; want \"Easy run, 6 strides\"", acts[0].Name, err)
	}
	acts, err = Parse("p.tcx", []byte(strings.NewReplacer("Easy run,", "", "6 strides", "").Replace(tcx)))
	if err != nil || acts[0].Name != "Plan B" {
		t.Errorf("TCX without notes: %q, %v; want \"Plan B\"", acts[0].Name, err)
	}
}

// TestNamesCapped checks that a name is cut to 200 runes (on a rune boundary), and that
// a huge name is not gathered whole while reading.
func TestNamesCapped(t *testing.T) {
	long := strings.Repeat("ü", 300)
	gpx := `<gpx><trk><name>` + long + `</name><trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>`
	acts, err := Parse("long.gpx", []byte(gpx))
	if err != nil || acts[0].Name != strings.Repeat("ü", 200) {
		t.Errorf("300-rune name: %d runes, %v; want 200", utf8.RuneCountInString(acts[0].Name), err)
	}
	huge := strings.Repeat("Long run ", 2<<20) // 18 MB
	tcx := `<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2024-05-01T10:00:00Z</Id><Lap><Track><Trackpoint><Time>2024-05-01T10:00:00Z</Time></Trackpoint></Track></Lap><Notes>` +
		huge + `</Notes></Activity></Activities></TrainingCenterDatabase>`
	acts, err = Parse("huge.tcx", []byte(tcx))
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(acts[0].Name); n > 200 || !strings.HasPrefix(acts[0].Name, "Long run Long run") || strings.HasSuffix(acts[0].Name, " ") {
		t.Errorf("huge notes: %d runes %q", n, acts[0].Name)
	}
	if got := xmlAppendName(nil, []byte(huge)); len(got) > 4*maxNameRunes+1 {
		t.Errorf("xmlAppendName kept %d bytes of a %d-byte name", len(got), len(huge))
	}
}
