package fitparse

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cadence-run/cadence/activity"
)

// xmlFuzzSeeds adds small corpus files (when the corpus is present) and inline
// documents to a fuzz target's seed corpus.
func xmlFuzzSeeds(f *testing.F, files []string, inline []string) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	for _, name := range files {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			f.Add(data)
		}
	}
	for _, doc := range inline {
		f.Add([]byte(doc))
	}
}

// xmlFuzzCheck checks the invariants of a parse: an error is a *ParseError, and the
// activities have non-decreasing times where known and no infinite values.
func xmlFuzzCheck(t *testing.T, name string, acts []*activity.Activity, err error) {
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %T %v is not a *ParseError", err, err)
		}
		if acts != nil {
			t.Fatalf("activities with an error")
		}
		return
	}
	if len(acts) == 0 {
		t.Fatalf("no activities and no error")
	}
	for i, a := range acts {
		if a == nil || a.Index != i || a.File != name {
			t.Fatalf("activity %d: %+v", i, a)
		}
		xmlCheckActivity(t, a)
	}
}

func FuzzParseGPX(f *testing.F) {
	xmlFuzzSeeds(f, []string{
		"gpx/gpxgo-garmin-etrex10-cad-zero.gpx",
		"gpx/runalyze-garmin-connect-run-ns3-cad.gpx",
		"gpx/togeojson-apple-health-route.gpx",
		"gpx/runalyze-sportractive-run-cad-zero-hr-gaps.gpx",
		"bad/gc-metadata-only-no-track.gpx",
	}, []string{
		``,
		`<gpx/>`,
		`<?xml version="1.0"?><gpx><trk><type>9</type><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time><cad>80</cad></trkpt></trkseg></trk></gpx>`,
		`<gpx><trk><trkseg><trkpt><time>2020-01-01T00:00:05.5+02:00</time></trkpt><trkpt lat="x"><time>2020-01-01T00:00:01Z</time></trkpt></trkseg></trk></gpx>`,
		`<gpx><trk><type>run</type><trkseg><trkpt><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk><trk><type>ride</type><trkseg><trkpt><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`,
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><gpx creator=\"\xe9\"><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time></trkpt>",
		`<gpx><rte><rtept lat="1" lon="2"/></rte></gpx>`,
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := parseGPX("fuzz.gpx", data)
		xmlFuzzCheck(t, "fuzz.gpx", acts, err)
	})
}

func FuzzParseTCX(f *testing.F) {
	xmlFuzzSeeds(f, []string{
		"tcx/runalyze-polar-beat-indoor-one-lap.tcx",
		"tcx/runalyze-ride-first-point-empty.tcx",
		"tcx/runalyze-runtastic-run-lowercase-sport.tcx",
		"tcx/runalyze-garmin-ride-watts-no-namespace.tcx",
		"bad/runalyze-course-only-no-activity.tcx",
	}, []string{
		``,
		`<TrainingCenterDatabase/>`,
		`  <?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2020-01-01T00:00:00Z</Id><Lap><TotalTimeSeconds>5</TotalTimeSeconds><Track><Trackpoint><Time>2020-01-01T00:00:01Z</Time><Cadence>80</Cadence><Extensions><TPX><RunCadence>81</RunCadence><Speed>3</Speed></TPX></Extensions></Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>`,
		`<TrainingCenterDatabase><Activities><MultiSportSession><FirstSport><Activity Sport="Biking"><Lap/></Activity></FirstSport><NextSport><Activity Sport="Other"><Lap><Track><Trackpoint/></Track></Lap></Activity></NextSport></MultiSportSession></Activities></TrainingCenterDatabase>`,
		`<TrainingCenterDatabase><Activities><Activity><Lap><Track><Trackpoint><Time>2020-01-01T00:00:05Z</Time></Trackpoint><Trackpoint><Time>2020-01-01T00:00:01Z</Time></Trackpoint>`,
		`<TrainingCenterDatabase><Courses><Course><Track><Trackpoint><Time>2020-01-01T00:00:05Z</Time></Trackpoint></Track></Course></Courses></TrainingCenterDatabase>`,
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := parseTCX("fuzz.tcx", data)
		xmlFuzzCheck(t, "fuzz.tcx", acts, err)
	})
}
