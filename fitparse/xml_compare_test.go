package fitparse

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/fitparse/internal/xmlscan"
)

// xmlDiff returns the first difference between two values as a path and the two
// values, or "" when they are equal. Floats are equal when both are NaN or when their
// bits are equal; times are equal when they are the same instant in a location of the
// same name. It walks every exported and unexported field, so a field added to
// activity.Activity is compared without changing this test.
func xmlDiff(path string, a, b reflect.Value) string {
	if a.Kind() != b.Kind() {
		return fmt.Sprintf("%s: kind %v != %v", path, a.Kind(), b.Kind())
	}
	if a.Type() == reflect.TypeFor[time.Time]() {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if !ta.Equal(tb) || ta.Location().String() != tb.Location().String() {
			return fmt.Sprintf("%s: %v != %v", path, ta, tb)
		}
		return ""
	}
	if a.Type() == reflect.TypeFor[*time.Location]() {
		la, lb := a.Interface().(*time.Location), b.Interface().(*time.Location)
		if (la == nil) != (lb == nil) || la != nil && la.String() != lb.String() {
			return fmt.Sprintf("%s: zone %v != %v", path, la, lb)
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		if math.IsNaN(x) && math.IsNaN(y) || math.Float64bits(x) == math.Float64bits(y) {
			return ""
		}
		return fmt.Sprintf("%s: %v != %v", path, x, y)
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil vs not nil", path)
			}
			return ""
		}
		return xmlDiff(path, a.Elem(), b.Elem())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := xmlDiff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d != %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := xmlDiff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d keys != %d", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				return fmt.Sprintf("%s[%v]: missing", path, k)
			}
			if d := xmlDiff(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), bv); d != "" {
				return d
			}
		}
		return ""
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q != %q", path, a.String(), b.String())
		}
		return ""
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Sprintf("%s: %v != %v", path, a.Bool(), b.Bool())
		}
		return ""
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d != %d", path, a.Int(), b.Int())
		}
		return ""
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d != %d", path, a.Uint(), b.Uint())
		}
		return ""
	}
	return fmt.Sprintf("%s: cannot compare a %v", path, a.Kind())
}

// xmlSameAsDecoder parses data as GPX (tcx false) or TCX with the scanner (falling back
// as parseGPX and parseTCX do) and with encoding/xml alone, and returns the first
// difference between the two results, or "". Errors must match in text and in
// the sentinel they wrap.
func xmlSameAsDecoder(name string, data []byte, tcx bool) string {
	fast, ref := parseGPX, parseGPXDecoder
	if tcx {
		fast, ref = parseTCX, parseTCXDecoder
	}
	got, gotErr := fast(name, data)
	want, wantErr := ref(name, data)
	switch {
	case (gotErr == nil) != (wantErr == nil):
		return fmt.Sprintf("error %v, reference %v", gotErr, wantErr)
	case gotErr != nil:
		if gotErr.Error() != wantErr.Error() || errors.Is(gotErr, ErrNoActivity) != errors.Is(wantErr, ErrNoActivity) ||
			errors.Is(gotErr, ErrEmpty) != errors.Is(wantErr, ErrEmpty) {
			return fmt.Sprintf("error %q, reference %q", gotErr, wantErr)
		}
		if got != nil {
			return "activities with an error"
		}
		return ""
	}
	return xmlDiff("acts", reflect.ValueOf(got), reflect.ValueOf(want))
}

// xmlScanOnly reads data with the scanner alone and reports whether it read the
// document to the end (true) or left it to encoding/xml.
func xmlScanOnly(name string, data []byte, tcx bool) bool {
	x, err := xmlStart(name, data)
	if err != nil {
		return true
	}
	x.src = xmlscan.New(x.body)
	read := gpxRead
	if tcx {
		read = tcxRead
	}
	_, err = read(x)
	return err != xmlscan.ErrFallback
}

// xmlCompareFiles lists the files that the comparison with the reference reads: the
// GPX and TCX files of the shared corpus's gpx/, tcx/ and bad/ folders, and the FIT
// files of bad/ and testdata/sample (read as GPX and TCX, they must fail alike).
func xmlCompareFiles(t *testing.T) []string {
	dir := xmlCorpus(t)
	var files []string
	for _, pat := range []string{
		filepath.Join(dir, "gpx", "*"), filepath.Join(dir, "tcx", "*"), filepath.Join(dir, "bad", "*"),
		filepath.Join("..", "testdata", "sample", "*"),
	} {
		m, _ := filepath.Glob(pat)
		for _, f := range m {
			if ext := filepath.Ext(f); ext == ".gpx" || ext == ".tcx" || ext == ".fit" {
				files = append(files, f)
			}
		}
	}
	if len(files) < 40 {
		t.Fatalf("only %d files found", len(files))
	}
	return files
}

// TestXMLScanCorpusSameAsDecoder checks that the scanner gives exactly the reference
// reader's activities (every field, every sample, every warning) or error for every
// GPX and TCX file of the corpus (whole, read as the other format, with CRLF line ends
// and cut short) and for the FIT files of bad/ and testdata/sample, and that it reads
// every well-formed GPX and TCX file without falling back.
func TestXMLScanCorpusSameAsDecoder(t *testing.T) {
	skipUnderRace(t)
	for _, f := range xmlCompareFiles(t) {
		rel := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(f, ".fit") {
				for _, tcx := range []bool{false, true} {
					if d := xmlSameAsDecoder(rel, data, tcx); d != "" {
						t.Errorf("as tcx %v: %s", tcx, d)
					}
				}
				return
			}
			isTCX := strings.HasSuffix(f, ".tcx")
			if d := xmlSameAsDecoder(rel, data, isTCX); d != "" {
				t.Fatalf("as %s: %s", filepath.Ext(f), d)
			}
			if !xmlScanOnly(rel, data, isTCX) {
				t.Errorf("the scanner left the file to encoding/xml")
			}
			// On the smaller files (the others take long under the race detector), read
			// as the other format (no activity, the same way), with CRLF line ends, and
			// cut short at four places (the scanner falls back, and the points read and
			// the warning with its byte offset are encoding/xml's); cut the others once.
			cuts := 1
			if len(data) < 256<<10 {
				cuts = 4
				if d := xmlSameAsDecoder(rel, data, !isTCX); d != "" {
					t.Errorf("as the other format: %s", d)
				}
				crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
				if d := xmlSameAsDecoder(rel, crlf, isTCX); d != "" {
					t.Errorf("CRLF: %s", d)
				}
			}
			for i := 1; i <= cuts; i++ {
				n := len(data) * i / (cuts + 1)
				if d := xmlSameAsDecoder(rel, data[:n], isTCX); d != "" {
					t.Errorf("cut at %d: %s", n, d)
				}
			}
		})
	}
}

// xmlScanPoint is a GPX track point for the documents of xmlScanCases.
const xmlScanPoint = `<trkpt lat="1.5" lon='2.5'><time>2020-01-01T00:00:00Z</time><extensions><gpxtpx:cad>80</gpxtpx:cad></extensions></trkpt>`

// xmlScanGPX returns a one-point GPX document with head before the root and trk at the
// start of the track.
func xmlScanGPX(head, trk string) string {
	return head + `<gpx creator=" Dev &amp; Co " xmlns:gpxtpx="urn:x"><trk>` + trk + `<trkseg>` + xmlScanPoint + `</trkseg></trk></gpx>`
}

// xmlScanCases are small documents that use what the scanner reads itself and what it
// leaves to encoding/xml. TestXMLScanInline checks them; FuzzXMLScan starts from them.
var xmlScanCases = []struct {
	name    string
	doc     string
	scanned bool // the scanner reads it without falling back
}{
	{"plain", xmlScanGPX("", ""), true},
	{"declaration", xmlScanGPX(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`, ""), true},
	{"declaration utf-16 label", xmlScanGPX(`<?xml version='1.0' encoding='utf-16'?>`, ""), true},
	{"declaration ascii", xmlScanGPX(`<?xml version="1.0" encoding="US-ASCII"?>`, ""), true},
	{"declaration 1.1", xmlScanGPX(`<?xml version="1.1"?>`, ""), false},
	{"latin1", xmlScanGPX(`<?xml version="1.0" encoding="ISO-8859-1"?>`, "<name>Caf\xe9</name>"), false},
	{"unknown encoding", xmlScanGPX(`<?xml version="1.0" encoding="x-made-up"?>`, ""), false},
	{"stylesheet", xmlScanGPX(`<?xml-stylesheet href="a.xsl"?>`, ""), true},
	{"doctype", xmlScanGPX(`<!DOCTYPE gpx [<!ENTITY r "Run">]>`, "<name>&r;</name>"), false},
	{"comment", xmlScanGPX("<!-- a - comment --><!---->", "<!-- <trkpt> -->"), true},
	{"bad comment", xmlScanGPX("<!-- a -- b -->", ""), false},
	{"cdata name", xmlScanGPX("", "<name><![CDATA[Morning <Run>]]></name>"), true},
	{"cdata crlf", xmlScanGPX("", "<name><![CDATA[Morning\r\nRun]]></name>"), true},
	{"entities", xmlScanGPX("", "<name>Run &lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#x1F3C3; &#xD800;</name>"), true},
	{"unknown entity", xmlScanGPX("", "<name>AT&T Run</name>"), false},
	{"nul reference", xmlScanGPX("", "<name>&#0;</name>"), false},
	{"control character", xmlScanGPX("", "<name>a\x01b</name>"), false},
	{"invalid utf-8", xmlScanGPX("", "<name>a\xffb</name>"), false},
	{"utf-8 name", xmlScanGPX("", "<name>Läufchen 🏃</name>"), true},
	{"non-character", xmlScanGPX("", "<name>\uFFFE</name>"), false},
	{"]]> in text", xmlScanGPX("", "<name>a]]>b</name>"), false},
	{"]] in text", xmlScanGPX("", "<name>a]]b]</name>"), true},
	{"cr in text", xmlScanGPX("", "<name>a\rb\r\n\rc</name>"), true},
	{"empty elements", xmlScanGPX("", "<name/><type  />"), true},
	{"spaces around =", `<gpx creator = "x"><trk><trkseg><trkpt lat = "1" lon="2" ><time>2020-01-01T00:00:00Z</time></trkpt ></trkseg></trk></gpx>`, true},
	{"attributes unspaced", `<gpx><trk><trkseg><trkpt lat="1"lon="2"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`, true},
	{"unquoted attribute", `<gpx><trk><trkseg><trkpt lat=1 lon=2><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`, false},
	{"bare attribute", `<gpx><trk><trkseg><trkpt lat lon="2"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`, false},
	{"< in attribute", `<gpx creator="a<b"><trk><trkseg>` + xmlScanPoint + `</trkseg></trk></gpx>`, false},
	{"entity in attribute", `<gpx><trk><trkseg><trkpt lat="&#49;" lon="2&#x0d;"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`, true},
	{"xmlns attribute named lat", `<gpx><trk><trkseg><trkpt xmlns:lat="5" lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`, true},
	{"two colons", `<gpx><trk><trkseg><a:b:c/>` + xmlScanPoint + `</trkseg></trk></gpx>`, false},
	{"colon at the ends", `<gpx><trk><trkseg><:a/><b:/>` + xmlScanPoint + `</trkseg></trk></gpx>`, true},
	{"prefix mismatch", `<gpx><trk><trkseg>` + xmlScanPoint + `<a:x></b:x></trkseg></trk></gpx>`, false},
	{"autoclosed", `<gpx><trk><trkseg>` + xmlScanPoint + `<x></y></trkseg></trk></gpx>`, false},
	{"non-ascii element name", `<gpx><trk><trkseg>` + xmlScanPoint + `<é/></trkseg></trk></gpx>`, false},
	{"digit name", `<gpx><trk><trkseg>` + xmlScanPoint + `<1a/></trkseg></trk></gpx>`, false},
	{"slash space", `<gpx><trk><trkseg>` + xmlScanPoint + `<a / ></trkseg></trk></gpx>`, false},
	{"end with space", `<gpx><trk><trkseg>` + xmlScanPoint + `</trkseg ></trk	></gpx >`, true},
	{"garbage after root", xmlScanGPX("", "") + "<<<&&&\x00", true},
	{"text before root", "hello &amp; " + xmlScanGPX("", ""), true},
	{"truncated", xmlScanGPX("", "")[:150], false},
	{"unclosed root", strings.TrimSuffix(xmlScanGPX("", ""), "</gpx>"), false},
	{"tcx", `<?xml version="1.0"?><TrainingCenterDatabase creator=" c "><Activities><Activity Sport="Running"><Id>2020-01-01T00:00:00Z</Id>` +
		`<Lap StartTime="2020-01-01T00:00:00Z"><TotalTimeSeconds>5</TotalTimeSeconds><Track><Trackpoint><Time>2020-01-01T00:00:01Z</Time>` +
		`<Cadence>80</Cadence><Extensions><ns3:TPX><ns3:RunCadence>81</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint></Track></Lap>` +
		`<Notes>  Tempo &amp;
 hills </Notes></Activity></Activities></TrainingCenterDatabase>`, true},
}

// TestXMLScanInline compares the scanner with the reference on xmlScanCases, and
// checks which of them the scanner reads itself.
func TestXMLScanInline(t *testing.T) {
	for _, c := range xmlScanCases {
		data := []byte(c.doc)
		for _, tcx := range []bool{false, true} {
			if d := xmlSameAsDecoder(c.name, data, tcx); d != "" {
				t.Errorf("%s (tcx %v): %s", c.name, tcx, d)
			}
		}
		tcx := strings.Contains(c.doc, "TrainingCenterDatabase")
		if got := xmlScanOnly(c.name, data, tcx); got != c.scanned {
			t.Errorf("%s: scanned %v, want %v", c.name, got, c.scanned)
		}
	}
}

// TestXMLScanNames checks that the scanner reads the local names and attributes the
// readers use as encoding/xml does, for every ASCII byte in every place of a name.
func TestXMLScanNames(t *testing.T) {
	for c := 0; c < 128; c++ {
		for _, form := range []string{"<gpx><%cname>Run</%cname>", "<gpx><n%came>Run</n%came>", "<gpx><a:%c>Run</a:%c>",
			`<gpx a%cb="1" c='2'>`, "<gpx><?p%c x?><!--%c-->"} {
			doc := fmt.Sprintf(form, c, c) + `<trk><name>x</name><trkseg><trkpt><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`
			if d := xmlSameAsDecoder("n.gpx", []byte(doc), false); d != "" {
				t.Errorf("%q: %s", doc, d)
			}
		}
	}
}
