package fitparse

// This file reads GPX and holds the helpers that the GPX and TCX readers share (all
// named xml...). Both readers take a stream of tokens (xmlTokens) from the fast scanner
// of xmlscan.go, or from encoding/xml for the documents the scanner leaves to it, and
// match elements by their local name, never by prefix, so a Garmin TrackPointExtension
// under gpxtpx:, ns3: or an undeclared prefix is read the same way.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cadence-run/cadence/activity"
	"golang.org/x/text/transform"
)

// The GPX fields a track point's character data can fill.
const (
	gpxNone = iota
	gpxTime
	gpxEle
	gpxCad
	gpxHR
	gpxSpeed
	gpxDist
	gpxTrkName
	gpxTrkType
	gpxMetaName
	gpxMetaType
)

// A gpxTrack is one <trk> element as read.
type gpxTrack struct {
	name, typ string
	samples   []activity.Sample
	timed     int // samples with a valid time
}

// parseGPX reads a GPX file. Each <trkpt> becomes one Sample, in file order; points
// without time or position are kept with NaN there. All <trk> elements form one
// activity, unless their <type>s name different sports: then each <trk> with timed
// points is an activity of its own. Routes, waypoints and files whose track points have
// no time give a *ParseError wrapping ErrNoActivity.
//
// The fast scanner (xmlscan.go) reads the file; what it leaves to encoding/xml (a
// DOCTYPE, an unusual encoding, malformed or truncated XML) is read again from the start
// with encoding/xml, which gives the same result for every file the scanner reads.
func parseGPX(name string, data []byte) ([]*activity.Activity, error) {
	return xmlParseWith(name, data, gpxRead, true)
}

// parseGPXDecoder reads a GPX file with encoding/xml alone: the reader parseGPX falls
// back to, and the reference the scanner is tested against.
func parseGPXDecoder(name string, data []byte) ([]*activity.Activity, error) {
	return xmlParseWith(name, data, gpxRead, false)
}

// gpxRead reads the tokens of a GPX document from x.src and builds its activities.
func gpxRead(x *xmlReader) ([]*activity.Activity, error) {
	src, name := x.src, x.name
	var (
		stack      []string // local names of the open elements
		tracks     []*gpxTrack
		cur        *gpxTrack
		device     string
		metaName   string
		metaType   string
		inPt       bool
		ptDepth    int
		pt         activity.Sample
		field      int
		fieldDepth int
		text       []byte
		routePts   int
		trkPts     int
		ended      bool
		readErr    error
	)
	for !ended {
		kind, err := src.next()
		if err != nil {
			if err == errXMLFallback {
				return nil, err
			}
			if err != io.EOF {
				readErr = err
			}
			break
		}
		switch kind {
		case xmlStartTok:
			local := src.local()
			stack = append(stack, local)
			parent := ""
			if len(stack) >= 2 {
				parent = stack[len(stack)-2]
			}
			if inPt {
				f := gpxNone
				switch local {
				case "time":
					if parent == "trkpt" {
						f = gpxTime
					}
				case "ele":
					if parent == "trkpt" {
						f = gpxEle
					}
				case "cad", "cadence", "Cadence", "RunCadence", "runcadence":
					if math.IsNaN(pt.Cadence) {
						f = gpxCad
					}
				case "hr", "heartrate", "HeartRate", "heartRate", "HR":
					if math.IsNaN(pt.HR) {
						f = gpxHR
					}
				case "speed", "Speed":
					if math.IsNaN(pt.Speed) {
						f = gpxSpeed
					}
				case "distance", "Distance":
					if math.IsNaN(pt.Distance) {
						f = gpxDist
					}
				}
				if f != gpxNone {
					field, fieldDepth, text = f, len(stack), text[:0]
				}
				continue
			}
			switch local {
			case "gpx":
				if len(stack) == 1 {
					device = src.attrText("creator")
				}
			case "trk":
				cur = &gpxTrack{}
				tracks = append(tracks, cur)
			case "trkpt":
				if cur == nil { // a trkpt outside any <trk>: read it all the same
					cur = &gpxTrack{}
					tracks = append(tracks, cur)
				}
				inPt, ptDepth = true, len(stack)
				trkPts++
				pt = activity.NewSample()
				lat := src.attrFloat("lat")
				lon := src.attrFloat("lon")
				if lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 {
					pt.Lat, pt.Lon = lat, lon
				}
			case "rtept":
				routePts++
			case "name", "type":
				f := gpxNone
				switch {
				case parent == "trk" && local == "name":
					f = gpxTrkName
				case parent == "trk":
					f = gpxTrkType
				case parent == "metadata" && local == "name":
					f = gpxMetaName
				case parent == "metadata":
					f = gpxMetaType
				}
				if f != gpxNone {
					field, fieldDepth, text = f, len(stack), text[:0]
				}
			}
		case xmlTextTok:
			switch field {
			case gpxNone:
			case gpxTrkName, gpxTrkType, gpxMetaName, gpxMetaType:
				text = xmlAppendName(text, src.text())
			default:
				text = append(text, src.text()...)
			}
		case xmlEndTok:
			depth := len(stack)
			if field != gpxNone && depth == fieldDepth {
				switch field {
				case gpxTime:
					pt.T = xmlTime(text)
				case gpxEle:
					pt.Altitude = xmlFloat(text)
				case gpxCad:
					pt.Cadence = xmlFloat(text)
				case gpxHR:
					pt.HR = xmlFloat(text)
				case gpxSpeed:
					pt.Speed = xmlFloat(text)
				case gpxDist:
					pt.Distance = xmlFloat(text)
				case gpxTrkName:
					if cur != nil && cur.name == "" {
						cur.name = xmlName(text)
					}
				case gpxTrkType:
					if cur != nil && cur.typ == "" {
						cur.typ = xmlName(text)
					}
				case gpxMetaName:
					if metaName == "" {
						metaName = xmlName(text)
					}
				case gpxMetaType:
					if metaType == "" {
						metaType = xmlName(text)
					}
				}
				field, fieldDepth = gpxNone, 0
			}
			if inPt && depth == ptDepth {
				inPt = false
				cur.samples = append(cur.samples, pt)
				if !math.IsNaN(pt.T) {
					cur.timed++
				}
			}
			if depth > 0 {
				stack = stack[:depth-1]
			}
			if depth == 1 {
				ended = true // ignore anything after the root element
			}
		}
	}

	timed := 0
	for _, tr := range tracks {
		timed += tr.timed
	}
	if readErr != nil && (timed == 0 || !xmlTruncated(readErr)) {
		return nil, x.malformed(readErr)
	}
	if timed == 0 {
		switch {
		case trkPts > 0 || routePts > 0:
			return nil, x.noActivity("route without times, not an activity")
		default:
			return nil, x.noActivity("no track points in the GPX file")
		}
	}

	// One activity, or one per track when the tracks name different sports.
	sports := map[activity.Sport]bool{}
	for _, tr := range tracks {
		if tr.typ != "" {
			sports[activity.ParseSport(tr.typ)] = true
		}
	}
	var acts []*activity.Activity
	if len(sports) <= 1 {
		all := &gpxTrack{}
		for _, tr := range tracks {
			if all.name == "" {
				all.name = tr.name
			}
			if all.typ == "" {
				all.typ = tr.typ
			}
			all.samples = append(all.samples, tr.samples...)
		}
		acts = append(acts, gpxActivity(name, 0, device, metaName, metaType, all))
	} else {
		for _, tr := range tracks {
			if tr.timed > 0 {
				acts = append(acts, gpxActivity(name, len(acts), device, metaName, metaType, tr))
			}
		}
		acts[0].Warn(fmt.Sprintf("the file holds %d tracks of different sports: read as %d activities", len(tracks), len(acts)))
	}
	x.finish(acts, readErr)
	return acts, nil
}

// gpxActivity builds the activity for one track (or for all tracks merged).
func gpxActivity(file string, index int, device, metaName, metaType string, tr *gpxTrack) *activity.Activity {
	a := activity.New(file, "gpx", index)
	a.CadenceUnit = activity.CadenceUnitUnknown
	a.Device = device
	a.Name = tr.name
	if a.Name == "" {
		a.Name = metaName
	}
	typ := tr.typ
	if typ == "" {
		typ = metaType
	}
	if typ != "" {
		s := activity.ParseSport(typ)
		switch {
		case s == activity.Unknown:
		case xmlDigits(string(s)):
			a.Warn(fmt.Sprintf("unknown numeric activity type %q", typ))
		default:
			a.Sport, a.SportFrom = s, "file"
		}
	}
	if a.SportFrom == "" {
		if s := xmlSportFromName(a.Name); s != activity.Unknown {
			a.Sport, a.SportFrom = s, "name"
		}
	}
	a.Samples = tr.samples
	xmlSortByTime(a)
	for _, s := range a.Samples {
		if !math.IsNaN(s.T) {
			a.Start = unixTime(s.T)
			break
		}
	}
	return a
}

// xmlSportFromName returns the sport that a track name such as Strava's "Morning Run"
// names by a whole word, or Unknown when it names none or more than one.
func xmlSportFromName(name string) activity.Sport {
	found := activity.Unknown
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !('a' <= r && r <= 'z')
	})
	for _, w := range words {
		s := activity.Unknown
		switch w {
		case "run", "running":
			s = activity.Running
		case "ride", "cycling":
			s = activity.Cycling
		case "walk", "walking":
			s = activity.Walking
		case "swim", "swimming":
			s = activity.Swimming
		case "hike", "hiking":
			s = activity.Hiking
		}
		if s == activity.Unknown {
			continue
		}
		if found != activity.Unknown && found != s {
			return activity.Unknown
		}
		found = s
	}
	return found
}

// xmlSortByTime sorts a's samples by time when the file's timestamps go backwards, and
// then drops samples whose time repeats an earlier one, keeping the first. A sample
// without time stays behind the timed sample that preceded it in the file. It adds one
// warning saying how many backward steps there were.
func xmlSortByTime(a *activity.Activity) {
	s := a.Samples
	back := 0
	last := math.Inf(-1)
	for i := range s {
		t := s[i].T
		if math.IsNaN(t) {
			continue
		}
		if t < last {
			back++
		}
		last = t
	}
	if back == 0 {
		return
	}
	type keyed struct {
		key float64
		s   activity.Sample
	}
	ks := make([]keyed, len(s))
	key := math.Inf(-1)
	for i := range s {
		if !math.IsNaN(s[i].T) {
			key = s[i].T
		}
		ks[i] = keyed{key, s[i]}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	out := s[:0]
	lastKept := math.NaN()
	for _, k := range ks {
		if !math.IsNaN(k.s.T) {
			if k.s.T == lastKept {
				continue
			}
			lastKept = k.s.T
		}
		out = append(out, k.s)
	}
	dropped := len(s) - len(out)
	clear(s[len(out):])
	a.Samples = out
	msg := fmt.Sprintf("timestamps go backwards %d times; samples sorted by time", back)
	if dropped > 0 {
		msg += fmt.Sprintf(", %d with a repeated timestamp dropped", dropped)
	}
	a.Warn(msg)
}

// An xmlReader is one GPX or TCX file being read.
type xmlReader struct {
	name     string
	body     []byte    // the document as UTF-8, without a leading BOM or whitespace
	src      xmlTokens // where the tokens come from: the scanner or encoding/xml
	skipped  int64     // bytes of BOM and whitespace removed before the decoder
	warnings []string
}

// xmlParseWith reads a GPX or TCX document with read: first from the fast scanner when
// fast is true, and from encoding/xml when fast is false or the scanner leaves the
// document to it.
func xmlParseWith(name string, data []byte, read func(*xmlReader) ([]*activity.Activity, error), fast bool) ([]*activity.Activity, error) {
	x, err := xmlStart(name, data)
	if err != nil {
		return nil, err
	}
	if fast {
		x.src = newXMLScanner(x.body)
		acts, err := read(x)
		if err != errXMLFallback {
			return acts, err
		}
		x.warnings = nil
	}
	x.src = x.decoder()
	return read(x)
}

// xmlStart prepares the body of a document. It strips a byte order mark and whitespace
// before the XML declaration (encoding/xml rejects a declaration not at the start) and
// converts UTF-16 to UTF-8.
func xmlStart(name string, data []byte) (*xmlReader, error) {
	x := &xmlReader{name: name}
	body := data
	if big, ok := xmlUTF16(body); ok {
		body = xmlFromUTF16(body, big)
	}
	for len(body) > 0 {
		if bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
			body = body[3:]
			continue
		}
		if c := body[0]; c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			body = body[1:]
			continue
		}
		break
	}
	if len(body) == 0 {
		return nil, &ParseError{File: name, Offset: -1, Err: ErrEmpty}
	}
	x.skipped = int64(len(data) - len(body))
	if x.skipped < 0 { // UTF-16 input shrank: offsets are approximate
		x.skipped = 0
	}
	x.body = body
	return x, nil
}

// decoder returns a token source reading the body with encoding/xml, which also reads
// ISO-8859-1 and windows-1252 documents.
func (x *xmlReader) decoder() *xmlDecoderTokens {
	d := xml.NewDecoder(bytes.NewReader(x.body))
	d.Strict = false
	d.CharsetReader = x.charsetReader
	return &xmlDecoderTokens{dec: d}
}

// xmlUTF8Label reports whether an encoding label names UTF-8 or a subset of it, or
// UTF-16 (which xmlStart has already converted): a document so labelled is read as it
// is, without a warning.
func xmlUTF8Label(label string) bool {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii", "utf-16", "utf16", "utf-16le", "utf-16be":
		return true
	}
	return false
}

// charsetReader returns a reader that converts the declared encoding to UTF-8.
// ISO-8859-1 is read as windows-1252, as web browsers do. An encoding it does not know
// is read as UTF-8, with a warning.
func (x *xmlReader) charsetReader(label string, in io.Reader) (io.Reader, error) {
	if xmlUTF8Label(label) {
		return in, nil
	}
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-8859-15", "iso8859-15", "latin1", "latin-1", "l1",
		"cp819", "ibm819", "iso-ir-100", "windows-1252", "cp1252", "x-cp1252", "win-1252", "ansi":
		return transform.NewReader(in, xmlCP1252Decoder()), nil
	}
	x.warnings = append(x.warnings, fmt.Sprintf("unsupported encoding %q read as UTF-8", label))
	return in, nil
}

// malformed wraps a decoding error as a *ParseError at the decoder's position.
func (x *xmlReader) malformed(err error) error {
	return &ParseError{File: x.name, Offset: x.src.offset() + x.skipped,
		Err: fmt.Errorf("malformed XML: %w", err)}
}

// noActivity returns a *ParseError wrapping ErrNoActivity with a reason.
func (x *xmlReader) noActivity(reason string) error {
	return &ParseError{File: x.name, Offset: -1, Err: fmt.Errorf("%s: %w", reason, ErrNoActivity)}
}

// finish adds the reader's warnings to the activities and, when the document ended
// early, a warning on the last activity saying how much of it was kept.
func (x *xmlReader) finish(acts []*activity.Activity, readErr error) {
	for _, a := range acts {
		a.Warnings = append(a.Warnings, x.warnings...)
	}
	if readErr != nil && len(acts) > 0 {
		a := acts[len(acts)-1]
		a.Warn(fmt.Sprintf("file ends early (truncated XML at byte %d): kept the %d points read",
			x.src.offset()+x.skipped, len(a.Samples)))
	}
}

// xmlTruncated reports whether err says the document ended before it was complete.
func xmlTruncated(err error) bool {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var se *xml.SyntaxError
	return errors.As(err, &se) && se.Msg == "unexpected EOF"
}

// The kinds of token an xmlTokens source delivers.
const (
	xmlStartTok = iota + 1 // an element's start tag (or the first half of an empty element)
	xmlEndTok              // an element's end tag
	xmlTextTok             // character data
)

// errXMLFallback is the error with which the scanner leaves a document to encoding/xml.
var errXMLFallback = errors.New("fitparse: document left to encoding/xml")

// xmlTokens is a source of the tokens that the GPX and TCX readers use: element starts
// and ends, known by their local names, and character data. Comments, processing
// instructions and directives are not delivered. The fast scanner and encoding/xml
// (xmlDecoderTokens) implement it.
type xmlTokens interface {
	// next moves to the next token and returns its kind. At the end of the input it
	// returns io.EOF; a scanner that leaves the document to encoding/xml returns
	// errXMLFallback; any other error says the document is malformed.
	next() (int, error)
	// local returns the local name (without prefix) of the current start or end tag.
	local() string
	// attrFloat returns xmlFloat of the value of the current start tag's first
	// attribute with the given local name, or NaN when there is none.
	attrFloat(local string) float64
	// attrTime returns xmlTime of that value, or NaN.
	attrTime(local string) float64
	// attrText returns that value with surrounding white space removed, or "".
	attrText(local string) string
	// text returns the current character data; it is valid until next is called.
	text() []byte
	// offset returns the byte offset in the body reached so far.
	offset() int64
}

// xmlDecoderTokens delivers the tokens of encoding/xml's Decoder.
type xmlDecoderTokens struct {
	dec   *xml.Decoder
	attr  []xml.Attr // of the current start tag
	name  string
	chars xml.CharData
}

// next implements xmlTokens.
func (s *xmlDecoderTokens) next() (int, error) {
	for {
		tok, err := s.dec.Token()
		if err != nil {
			return 0, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s.name, s.attr = t.Name.Local, t.Attr
			return xmlStartTok, nil
		case xml.EndElement:
			s.name = t.Name.Local
			return xmlEndTok, nil
		case xml.CharData:
			s.chars = t
			return xmlTextTok, nil
		}
	}
}

// local implements xmlTokens.
func (s *xmlDecoderTokens) local() string { return s.name }

// attrValue returns the value of the first attribute with the given local name, or "".
func (s *xmlDecoderTokens) attrValue(local string) string {
	for _, a := range s.attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// attrFloat implements xmlTokens.
func (s *xmlDecoderTokens) attrFloat(local string) float64 { return xmlFloat(s.attrValue(local)) }

// attrTime implements xmlTokens.
func (s *xmlDecoderTokens) attrTime(local string) float64 { return xmlTime(s.attrValue(local)) }

// attrText implements xmlTokens.
func (s *xmlDecoderTokens) attrText(local string) string {
	return strings.TrimSpace(s.attrValue(local))
}

// text implements xmlTokens.
func (s *xmlDecoderTokens) text() []byte { return s.chars }

// offset implements xmlTokens.
func (s *xmlDecoderTokens) offset() int64 { return s.dec.InputOffset() }

// xmlText returns character data as a trimmed string.
func xmlText(b []byte) string { return string(xmlTrim(b)) }

// maxNameRunes is the most runes of an activity name that the readers keep.
const maxNameRunes = 200

// xmlAppendName appends the character data src of a name to dst, turning every run of
// whitespace (newlines and tabs included) into one space, dropping leading whitespace,
// and stopping once dst holds enough bytes for maxNameRunes runes: a huge name is never
// kept whole.
func xmlAppendName(dst, src []byte) []byte {
	for _, c := range src {
		if len(dst) >= 4*maxNameRunes+1 {
			break
		}
		if xmlSpace(c) {
			if len(dst) == 0 || dst[len(dst)-1] == ' ' {
				continue
			}
			c = ' '
		}
		dst = append(dst, c)
	}
	return dst
}

// xmlName returns a name gathered by xmlAppendName, trimmed and cut to maxNameRunes
// runes.
func xmlName(b []byte) string {
	s := string(xmlTrim(b))
	n := 0
	for i := range s {
		if n == maxNameRunes {
			s = strings.TrimRight(s[:i], " ")
			break
		}
		n++
	}
	return s
}

// xmlDigits reports whether s is a non-empty string of ASCII digits.
func xmlDigits[T ~string | ~[]byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// xmlTrim removes leading and trailing XML whitespace.
func xmlTrim[T ~string | ~[]byte](s T) T {
	i, j := 0, len(s)
	for i < j && xmlSpace(s[i]) {
		i++
	}
	for j > i && xmlSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// xmlSpace reports whether c is XML whitespace.
func xmlSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// xmlFloat parses a decimal number, returning NaN for an empty, malformed or
// non-finite value.
func xmlFloat[T ~string | ~[]byte](b T) float64 {
	b = xmlTrim(b)
	if len(b) == 0 {
		return math.NaN()
	}
	// Fast path: an integer of up to 15 digits, the usual cadence, heart rate or
	// elevation.
	if len(b) <= 15 {
		digits := b
		if b[0] == '-' || b[0] == '+' {
			digits = b[1:]
		}
		if xmlDigits(digits) {
			var v int64
			for i := 0; i < len(digits); i++ {
				v = v*10 + int64(digits[i]-'0')
			}
			if b[0] == '-' {
				return -float64(v)
			}
			return float64(v)
		}
	}
	// Fast path: a decimal of up to 15 digits without exponent, such as a latitude. The
	// digits and the power of ten are exact in a float64, so one division gives the
	// correctly rounded value, as strconv does.
	if v, ok := xmlDecimal(b); ok {
		return v
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

// xmlPow10 holds the powers of ten that xmlDecimal divides by.
var xmlPow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// xmlDecimal parses b, an optional sign and then digits with at most one '.', at most
// 15 digits in all; ok is false for anything else.
func xmlDecimal[T ~string | ~[]byte](b T) (v float64, ok bool) {
	i := 0
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		i = 1
	}
	var m int64
	digits, frac := 0, -1
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case '0' <= c && c <= '9':
			m = m*10 + int64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	v = float64(m)
	if frac > 0 {
		v /= xmlPow10[frac]
	}
	if b[0] == '-' {
		v = -v
	}
	return v, true
}

// xmlFinite returns v, or NaN when v is infinite.
func xmlFinite(v float64) float64 {
	if math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

// xmlTimeLayouts are the layouts tried when the fast path of xmlTime fails. A time
// without a zone is taken as UTC.
var xmlTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999Z07",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// xmlTime parses an XML timestamp to Unix seconds, or NaN.
func xmlTime[T ~string | ~[]byte](b T) float64 {
	b = xmlTrim(b)
	if t, ok := xmlFastTime(b); ok {
		return t
	}
	if len(b) == 0 || len(b) > 64 {
		return math.NaN()
	}
	s := string(b)
	for _, layout := range xmlTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return float64(t.Unix()) + float64(t.Nanosecond())/1e9
		}
	}
	return math.NaN()
}

// xmlFastTime parses "2006-01-02T15:04:05" with an optional fraction and an optional
// zone (Z, ±hh:mm, ±hhmm or ±hh; none means UTC) without allocating.
func xmlFastTime[T ~string | ~[]byte](b T) (float64, bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') ||
		b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	num := func(i, n int) int {
		v := 0
		for j := i; j < i+n; j++ {
			c := b[j]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 ||
		minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return 0, false
	}
	if day > xmlDaysIn(year, month) {
		return 0, false
	}
	i := 19
	frac := 0.0
	if i < len(b) && (b[i] == '.' || b[i] == ',') {
		i++
		start := i
		var v int64
		scale := 1.0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			if i-start < 15 {
				v = v*10 + int64(b[i]-'0')
				scale *= 10
			}
			i++
		}
		if i == start {
			return 0, false
		}
		frac = float64(v) / scale
	}
	offset := 0
	if i < len(b) {
		switch b[i] {
		case 'Z', 'z':
			i++
		case '+', '-':
			sign := 1
			if b[i] == '-' {
				sign = -1
			}
			rest := b[i+1:]
			var hh, mm int
			switch {
			case len(rest) == 5 && rest[2] == ':':
				hh, mm = num(i+1, 2), num(i+4, 2)
			case len(rest) == 4:
				hh, mm = num(i+1, 2), num(i+3, 2)
			case len(rest) == 2:
				hh, mm = num(i+1, 2), 0
			default:
				return 0, false
			}
			if hh < 0 || hh > 23 || mm < 0 || mm > 59 {
				return 0, false
			}
			offset = sign * (hh*3600 + mm*60)
			i = len(b)
		default:
			return 0, false
		}
	}
	if i != len(b) {
		return 0, false
	}
	days := xmlDaysFromCivil(year, month, day)
	secs := days*86400 + int64(hour*3600+minute*60+sec-offset)
	return float64(secs) + frac, true
}

// xmlDaysIn returns the number of days in a month of the proleptic Gregorian calendar.
func xmlDaysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// xmlDaysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian date
// (Howard Hinnant's algorithm).
func xmlDaysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 { // year 0000 in January or February
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
