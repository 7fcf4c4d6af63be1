package xmlscan

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"testing"
)

// A token is what the scanner delivers for one token, as the readers see it.
type token struct {
	kind  Kind
	name  string            // of a start or end tag
	text  string            // character data
	attrs map[string]string // a start tag's attribute values, by local name
}

func (t token) String() string {
	return fmt.Sprintf("{%d %q %q %q}", t.kind, t.name, t.text, t.attrs)
}

// scanTokens reads data with the scanner up to the end of the root element (the
// readers stop there) and returns its tokens, with the value of each attribute named
// in names; ok is false when the scanner leaves the document to encoding/xml.
func scanTokens(data []byte, names func(i int) []string) (toks []token, ok bool) {
	s := New(data)
	depth := 0
	for i := 0; ; i++ {
		k, err := s.Next()
		if err == io.EOF {
			return toks, true
		}
		if err != nil {
			return nil, false
		}
		t := token{kind: k}
		switch k {
		case StartElement:
			depth++
			t.name = s.Local()
			t.attrs = map[string]string{}
			for _, n := range names(i) {
				if v := s.Attr(n); v != nil {
					t.attrs[n] = string(v)
				}
			}
		case EndElement:
			depth--
			t.name = s.Local()
		case CharData:
			t.text = string(s.Text())
		}
		toks = append(toks, t)
		if k == EndElement && depth == 0 {
			return toks, true
		}
	}
}

// decoderTokens reads data with encoding/xml as the readers set it up (not strict,
// UTF-8) up to the end of the root element, with the first value of each attribute by
// local name, and returns the tokens the scanner would deliver, the names of each
// start tag's attributes, and the first error.
func decoderTokens(data []byte) ([]token, [][]string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	var toks []token
	var names [][]string
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF && depth == 0 {
				return toks, names, nil
			}
			return toks, names, err
		}
		var t token
		var n []string
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			t = token{kind: StartElement, name: e.Name.Local, attrs: map[string]string{}}
			for _, a := range e.Attr {
				if _, dup := t.attrs[a.Name.Local]; !dup {
					t.attrs[a.Name.Local] = a.Value
					n = append(n, a.Name.Local)
				}
			}
		case xml.EndElement:
			depth--
			t = token{kind: EndElement, name: e.Name.Local}
		case xml.CharData:
			t = token{kind: CharData, text: string(e)}
		default:
			continue
		}
		toks = append(toks, t)
		names = append(names, n)
		if t.kind == EndElement && depth == 0 {
			return toks, names, nil
		}
	}
}

// sameAsDecoder returns the first difference between the tokens of the scanner and
// of encoding/xml on data, or "" when the scanner leaves data to encoding/xml or
// agrees with it on every token up to the end of the root element.
func sameAsDecoder(data []byte) string {
	want, names, err := decoderTokens(data)
	// The scanner is asked for the attributes encoding/xml found at the same token,
	// and for one name that no tag has.
	byToken := func(i int) []string {
		if i < len(names) {
			return append(names[i], "absent")
		}
		return []string{"absent"}
	}
	got, ok := scanTokens(data, byToken)
	if !ok {
		return ""
	}
	if err != nil {
		return fmt.Sprintf("the scanner read the document, encoding/xml failed: %v", err)
	}
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			return fmt.Sprintf("token %d: none, encoding/xml %v", i, want[i])
		case i >= len(want):
			return fmt.Sprintf("token %d: %v, encoding/xml none", i, got[i])
		case got[i].String() != want[i].String():
			return fmt.Sprintf("token %d: %v, encoding/xml %v", i, got[i], want[i])
		}
	}
	return ""
}

// scanSeeds are documents for the fuzz targets: the markup the scanner reads itself
// and some it leaves to encoding/xml.
var scanSeeds = []string{
	`<?xml version="1.0" encoding="UTF-8"?><gpx creator="Garmin &amp; co"><trk><name>Run</name><trkseg>` +
		`<trkpt lat="1.5" lon='-2'><time>2020-01-01T00:00:00Z</time><extensions><ns3:cad>80</ns3:cad></extensions></trkpt>` +
		`</trkseg></trk></gpx>`,
	"<a x='1' b:y=\"&#65;&lt;\"><!-- c --><?pi x?><![CDATA[x]]>\r\nt&#x1F3C3;</a>",
	`<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2020-01-01T00:00:00Z</Id></Activity></Activities></TrainingCenterDatabase>`,
	`<!DOCTYPE gpx><gpx/>`,
	`<a><b></a>`,
	`<a>&nbsp;</a>`,
	`<a x=1/>`,
	"<a>\x01</a>",
	`<a:b:c/>`,
}

// FuzzScan checks the scanner against encoding/xml on any input: where the scanner
// reads a document to the end of its root element, every token (kind, local name,
// character data, the attributes' values) must be encoding/xml's, and encoding/xml
// must read it without error.
func FuzzScan(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := sameAsDecoder(data); d != "" {
			t.Fatalf("%q: %s", data, d)
		}
	})
}

// FuzzScanValues checks the scanner against encoding/xml as FuzzScan does, on
// documents whose names, character data and attribute values the fuzzer writes: most
// stay well-formed, so the scanner reads them itself. Float and Time must give the
// same on the scanner's attribute as on encoding/xml's.
func FuzzScanValues(f *testing.F) {
	f.Add("gpx", "Morning Run", "80", "1.5", "")
	f.Add("ns3:RunCadence", "Caf&#xE9; &amp; run", " 2020-01-01T00:00:00.5+02:00 ", "&#49;.5", "<!-- x -->")
	f.Add("a", "<![CDATA[Run]]>\r\n", "<![CDATA[80]]>", "1.5\r", "<?pi x?><a:b/>")
	f.Add("Trackpoint", "Läufchen \U0001F3C3", "-7e1", "-0.0000001", "<hr>90</hr>")
	f.Fuzz(func(t *testing.T, name, text, num, attr, extra string) {
		doc := `<?xml version="1.0"?><root v="` + attr + `" w='` + num + `'><` + name + ` lat="` + attr + `">` + text +
			extra + `</` + name + `><n>` + num + `</n><t>` + text + `</t></root>`
		if d := sameAsDecoder([]byte(doc)); d != "" {
			t.Fatalf("%q: %s", doc, d)
		}
		s := New([]byte(doc))
		if k, err := s.Next(); err != nil || k != StartElement {
			return // the scanner left it to encoding/xml
		}
		for _, a := range []string{"v", "w"} {
			want := string(s.Attr(a))
			if got, ref := s.AttrFloat(a), Float(want); math.Float64bits(got) != math.Float64bits(ref) && !(math.IsNaN(got) && math.IsNaN(ref)) {
				t.Fatalf("AttrFloat(%q) = %v, Float gives %v", a, got, ref)
			}
			if got, ref := s.AttrTime(a), Time(want); got != ref && !(math.IsNaN(got) && math.IsNaN(ref)) {
				t.Fatalf("AttrTime(%q) = %v, Time gives %v", a, got, ref)
			}
		}
	})
}

// TestScanTokens checks the tokens of a small GPX document: names without their
// prefixes, attribute values with entities replaced, character data with line ends
// read as "\n", and nothing after the root element.
func TestScanTokens(t *testing.T) {
	doc := "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<gpx creator=\" Garmin &amp; co \"><!-- note -->" +
		"<gpxtpx:trkpt lat=\"47.5\" lon='8.25'><time>2020-01-01T00:00:01Z</time><cad>8&#48;</cad>" +
		"<name>a\r\nb<![CDATA[<c>]]></name><x/></gpxtpx:trkpt></gpx>"
	want := []string{
		`{3 "" "\n" map[]}`,
		`{1 "gpx" "" map["creator":" Garmin & co "]}`,
		`{1 "trkpt" "" map["lat":"47.5" "lon":"8.25"]}`,
		`{1 "time" "" map[]}`, `{3 "" "2020-01-01T00:00:01Z" map[]}`, `{2 "time" "" map[]}`,
		`{1 "cad" "" map[]}`, `{3 "" "80" map[]}`, `{2 "cad" "" map[]}`,
		`{1 "name" "" map[]}`, `{3 "" "a\nb" map[]}`, `{3 "" "<c>" map[]}`, `{2 "name" "" map[]}`,
		`{1 "x" "" map[]}`, `{2 "x" "" map[]}`,
		`{2 "trkpt" "" map[]}`, `{2 "gpx" "" map[]}`,
	}
	toks, ok := scanTokens([]byte(doc), func(int) []string { return []string{"creator", "lat", "lon"} })
	if !ok {
		t.Fatal("the scanner left the document to encoding/xml")
	}
	var got []string
	for _, tok := range toks {
		got = append(got, tok.String())
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("tokens\n%q\nwant\n%q", got, want)
	}
	s := New([]byte(doc))
	for range 3 { // the line end, gpx, trkpt
		s.Next()
	}
	if lat, lon := s.AttrFloat("lat"), s.AttrFloat("lon"); lat != 47.5 || lon != 8.25 {
		t.Errorf("lat %v lon %v, want 47.5 8.25", lat, lon)
	}
	if d := sameAsDecoder([]byte(doc)); d != "" {
		t.Error(d)
	}
}

// TestScanFallback checks that the scanner leaves to encoding/xml what it does not
// read itself.
func TestScanFallback(t *testing.T) {
	for _, doc := range []string{
		`<!DOCTYPE gpx><gpx/>`, `<a><b></a>`, `<a>&nbsp;</a>`, `<a x=1/>`, "<a>\x01</a>", `<a:b:c/>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`, `<a>`, `<é/>`,
	} {
		if _, ok := scanTokens([]byte(doc), func(int) []string { return nil }); ok {
			t.Errorf("%q: read by the scanner, want it left to encoding/xml", doc)
		}
	}
}
