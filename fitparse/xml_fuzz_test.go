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

// FuzzXMLScan checks the scanner against encoding/xml: any input, read as GPX and as
// TCX, must give the same activities (every field and sample, NaN-aware) or the same
// error with the scanner (falling back where it does) as with encoding/xml alone.
func FuzzXMLScan(f *testing.F) {
	xmlFuzzSeeds(f, []string{
		"gpx/gpxgo-garmin-etrex10-cad-zero.gpx",
		"gpx/runalyze-garmin-connect-run-ns3-cad.gpx",
		"gpx/togeojson-apple-health-route.gpx",
		"bad/gc-metadata-only-no-track.gpx",
		"tcx/runalyze-polar-beat-indoor-one-lap.tcx",
		"tcx/runalyze-ride-first-point-empty.tcx",
	}, nil)
	for _, c := range xmlScanCases {
		f.Add([]byte(c.doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, tcx := range []bool{false, true} {
			if d := xmlSameAsDecoder("fuzz", data, tcx); d != "" {
				t.Fatalf("tcx %v: %s", tcx, d)
			}
		}
	})
}

// FuzzXMLScanValues checks the scanner against encoding/xml as FuzzXMLScan does, on
// GPX and TCX documents whose names, times, numbers, attribute values and extra markup
// the fuzzer writes: most stay well-formed, so the scanner reads them itself.
func FuzzXMLScanValues(f *testing.F) {
	f.Add("Morning Run", "2020-01-01T00:00:00Z", "80", "1.5", "")
	f.Add("Caf&#xE9; &amp; run", " 2020-01-01T00:00:00.5+02:00 ", "8&#48;", "&#49;.5", "<!-- x -->")
	f.Add("<![CDATA[Run]]>\r\n", "2020-01-01T00:00:00Z\r\n", "<![CDATA[80]]>", "1.5\r", "<?pi x?><a:b/>")
	f.Add("Läufchen \U0001F3C3", "2020-01-01 00:00:00", "-7e1", "-0.0000001", "<hr>90</hr><speed>3</speed>")
	f.Fuzz(func(t *testing.T, name, tm, num, attr, extra string) {
		gpx := `<?xml version="1.0" encoding="UTF-8"?><gpx creator="` + attr + `"><metadata><name>` + name + `</name></metadata>` +
			`<trk><name>` + name + `</name><type>` + name + `</type><trkseg><trkpt lat="` + attr + `" lon='2'>` + extra +
			`<time>` + tm + `</time><ele>` + num + `</ele><extensions><cad>` + num + `</cad></extensions></trkpt>` +
			`<trkpt lat="1" lon="2"><time>2020-01-01T00:00:01Z</time></trkpt></trkseg></trk></gpx>`
		tcx := `<TrainingCenterDatabase creator='` + attr + `'><Activities><Activity Sport="` + attr + `"><Id>` + tm + `</Id>` +
			`<Lap StartTime="` + attr + `"><TotalTimeSeconds>` + num + `</TotalTimeSeconds><Cadence>` + num + `</Cadence><Track>` +
			`<Trackpoint><Time>` + tm + `</Time>` + extra + `<Position><LatitudeDegrees>` + num + `</LatitudeDegrees>` +
			`<LongitudeDegrees>2</LongitudeDegrees></Position><HeartRateBpm><Value>` + num + `</Value></HeartRateBpm>` +
			`<Extensions><ns3:TPX><ns3:RunCadence>` + num + `</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint></Track></Lap>` +
			`<Notes>` + name + `</Notes><Creator><Name>` + name + `</Name></Creator></Activity></Activities></TrainingCenterDatabase>`
		for _, doc := range []string{gpx, tcx} {
			for _, asTCX := range []bool{false, true} {
				if d := xmlSameAsDecoder("fuzz", []byte(doc), asTCX); d != "" {
					t.Fatalf("%q as tcx %v: %s", doc, asTCX, d)
				}
			}
		}
	})
}
