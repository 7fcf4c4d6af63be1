package fitparse

// This file holds what the GPX and TCX readers share: the reader of one document
// (xmlReader: its start, encoding, errors and warnings), the token source over
// encoding/xml that the fast scanner falls back to, and the handling of names.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/fitparse/internal/xmlscan"
	"golang.org/x/text/transform"
)

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
		x.src = xmlscan.New(x.body)
		acts, err := read(x)
		if err != xmlscan.ErrFallback {
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

// charsetReader returns a reader that converts the declared encoding to UTF-8.
// ISO-8859-1 is read as windows-1252, as web browsers do. An encoding it does not know
// is read as UTF-8, with a warning.
func (x *xmlReader) charsetReader(label string, in io.Reader) (io.Reader, error) {
	if xmlscan.UTF8Label(label) {
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
	return &ParseError{File: x.name, Offset: x.src.Offset() + x.skipped,
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
			x.src.Offset()+x.skipped, len(a.Samples)))
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

// xmlTokens is a source of the tokens that the GPX and TCX readers use: element starts
// and ends, known by their local names, and character data. Comments, processing
// instructions and directives are not delivered. The fast scanner (*xmlscan.Scanner)
// and encoding/xml (xmlDecoderTokens) implement it.
type xmlTokens interface {
	// Next moves to the next token and returns its kind. At the end of the input it
	// returns io.EOF; a scanner that leaves the document to encoding/xml returns
	// xmlscan.ErrFallback; any other error says the document is malformed.
	Next() (xmlscan.Kind, error)
	// Local returns the local name (without prefix) of the current start or end tag.
	Local() string
	// AttrFloat returns xmlscan.Float of the value of the current start tag's first
	// attribute with the given local name, or NaN when there is none.
	AttrFloat(local string) float64
	// AttrTime returns xmlscan.Time of that value, or NaN.
	AttrTime(local string) float64
	// AttrText returns that value with surrounding white space removed, or "".
	AttrText(local string) string
	// Text returns the current character data; it is valid until Next is called.
	Text() []byte
	// Offset returns the byte offset in the body reached so far.
	Offset() int64
}

// xmlDecoderTokens delivers the tokens of encoding/xml's Decoder.
type xmlDecoderTokens struct {
	dec   *xml.Decoder
	attr  []xml.Attr // of the current start tag
	name  string
	chars xml.CharData
}

// Next implements xmlTokens.
func (s *xmlDecoderTokens) Next() (xmlscan.Kind, error) {
	for {
		tok, err := s.dec.Token()
		if err != nil {
			return 0, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s.name, s.attr = t.Name.Local, t.Attr
			return xmlscan.StartElement, nil
		case xml.EndElement:
			s.name = t.Name.Local
			return xmlscan.EndElement, nil
		case xml.CharData:
			s.chars = t
			return xmlscan.CharData, nil
		}
	}
}

// Local implements xmlTokens.
func (s *xmlDecoderTokens) Local() string { return s.name }

// attrValue returns the value of the first attribute with the given local name, or "".
func (s *xmlDecoderTokens) attrValue(local string) string {
	for _, a := range s.attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// AttrFloat implements xmlTokens.
func (s *xmlDecoderTokens) AttrFloat(local string) float64 { return xmlscan.Float(s.attrValue(local)) }

// AttrTime implements xmlTokens.
func (s *xmlDecoderTokens) AttrTime(local string) float64 { return xmlscan.Time(s.attrValue(local)) }

// AttrText implements xmlTokens.
func (s *xmlDecoderTokens) AttrText(local string) string {
	return strings.TrimSpace(s.attrValue(local))
}

// Text implements xmlTokens.
func (s *xmlDecoderTokens) Text() []byte { return s.chars }

// Offset implements xmlTokens.
func (s *xmlDecoderTokens) Offset() int64 { return s.dec.InputOffset() }

// xmlText returns character data as a trimmed string.
func xmlText(b []byte) string { return string(xmlscan.Trim(b)) }

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
		if xmlscan.Space(c) {
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
	s := string(xmlscan.Trim(b))
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

// xmlFinite returns v, or NaN when v is infinite.
func xmlFinite(v float64) float64 {
	if math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}
