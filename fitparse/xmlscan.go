package fitparse

// This file holds the fast tokenizer of the GPX and TCX readers: a byte-level scanner
// over the document in memory that delivers the tokens encoding/xml would (as the
// readers use them: local names, the attributes they ask for, character data), without
// encoding/xml's allocations and per-byte reads.
//
// The scanner reads the XML that watches and services write: UTF-8 (or ASCII, or UTF-16
// that xmlStart has converted), ASCII element and attribute names, quoted attribute
// values, comments, processing instructions, CDATA sections, the five predefined
// entities and character references. On anything else it returns errXMLFallback, and
// the whole document is read again by encoding/xml: a DOCTYPE or other directive,
// another encoding, an unknown entity, a non-ASCII name, an unquoted attribute, a
// syntax error, a mismatched end tag, a document that ends early. So every error, and
// every warning about a truncated file, still comes from encoding/xml, and the scanner
// only has to agree with it on the documents it reads to the end of the root element.

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// The classes of a byte, as bits of xmlClass.
const (
	xmlClsName      = 1 << iota // may appear in an ASCII XML name
	xmlClsNameStart             // may begin an ASCII XML name
	xmlClsSpecial               // needs care in character data or an attribute value
)

// xmlClass holds the classes of each byte value.
var xmlClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == ':':
			t[c] |= xmlClsName | xmlClsNameStart
		case '0' <= c && c <= '9', c == '.', c == '-':
			t[c] |= xmlClsName
		}
		// Special: control characters (a tab or a newline is plain), a carriage return
		// (read as a newline), an entity, the ']' of "]]>", a '<' in an attribute
		// value, and every byte of a multi-byte UTF-8 sequence.
		if c < 0x20 && c != '\t' && c != '\n' || c == '\r' || c == '&' || c == ']' || c == '<' || c >= 0x80 {
			t[c] |= xmlClsSpecial
		}
	}
	return t
}()

// An xmlOpenTag is an element whose start tag the scanner has read and whose end tag
// it has not.
type xmlOpenTag struct {
	raw   []byte // the name as written, prefix included
	local string
}

// xmlScanner delivers the tokens of a document held in memory; see the file comment.
type xmlScanner struct {
	data      []byte
	pos       int
	name      string // the local name of the current start or end tag
	attrs     []byte // the attributes of the current start tag, already checked
	chars     []byte // the current character data
	buf       []byte // character data or an attribute value with entities replaced
	open      []xmlOpenTag
	closeNext bool              // the current start tag was empty (<a/>): its end comes next
	names     map[string]string // the local names seen, to convert each to a string once
	recent    [64]string        // the last local names interned, by length and last byte
}

// newXMLScanner returns a scanner over a document's body (see xmlStart).
func newXMLScanner(body []byte) *xmlScanner {
	return &xmlScanner{data: body, names: make(map[string]string, 32)}
}

// next implements xmlTokens.
func (s *xmlScanner) next() (int, error) {
	if s.closeNext {
		s.closeNext = false
		s.pop()
		return xmlEndTok, nil
	}
	for {
		data, pos := s.data, s.pos
		if pos >= len(data) {
			if len(s.open) > 0 {
				return 0, errXMLFallback // ends early: encoding/xml says where
			}
			return 0, io.EOF
		}
		if data[pos] != '<' {
			end := bytes.IndexByte(data[pos:], '<')
			if end < 0 {
				end = len(data)
			} else {
				end += pos
			}
			s.pos = end
			if !s.setText(data[pos:end]) {
				return 0, errXMLFallback
			}
			return xmlTextTok, nil
		}
		if pos+1 >= len(data) {
			return 0, errXMLFallback
		}
		switch data[pos+1] {
		case '/':
			if s.endTag() {
				return xmlEndTok, nil
			}
		case '?':
			if s.procInst() {
				continue
			}
		case '!':
			if text, ok := s.bang(); ok && text {
				return xmlTextTok, nil
			} else if ok {
				continue
			}
		default:
			if s.startTag() {
				return xmlStartTok, nil
			}
		}
		return 0, errXMLFallback
	}
}

// local implements xmlTokens.
func (s *xmlScanner) local() string { return s.name }

// text implements xmlTokens.
func (s *xmlScanner) text() []byte { return s.chars }

// offset implements xmlTokens.
func (s *xmlScanner) offset() int64 { return int64(s.pos) }

// attrFloat implements xmlTokens.
func (s *xmlScanner) attrFloat(local string) float64 { return xmlFloat(s.attr(local)) }

// attrTime implements xmlTokens.
func (s *xmlScanner) attrTime(local string) float64 { return xmlTime(s.attr(local)) }

// attrText implements xmlTokens.
func (s *xmlScanner) attrText(local string) string {
	return strings.TrimSpace(string(s.attr(local)))
}

// pop ends the innermost open element, making it the current token's name.
func (s *xmlScanner) pop() {
	n := len(s.open) - 1
	s.name = s.open[n].local
	s.open = s.open[:n]
}

// skipSpace returns the position of the first byte at or after p that is not XML
// white space.
func (s *xmlScanner) skipSpace(p int) int {
	for p < len(s.data) && xmlSpace(s.data[p]) {
		p++
	}
	return p
}

// scanName returns the end of the ASCII XML name that starts at p, or -1 when there is
// none there or the name has a non-ASCII byte (encoding/xml checks those against
// Unicode tables: the scanner leaves them to it). local is where the name's local part
// begins as encoding/xml splits it: after the colon, unless the colon begins or ends
// the name. A name with two colons, an error in encoding/xml, gives -1.
func (s *xmlScanner) scanName(p int) (end, local int) {
	data := s.data
	if p >= len(data) || xmlClass[data[p]]&xmlClsNameStart == 0 {
		return -1, 0
	}
	colon := -1
	if data[p] == ':' {
		colon = p
	}
	e := p + 1
	for e < len(data) {
		c := data[e]
		if xmlClass[c]&xmlClsName == 0 {
			if c >= utf8.RuneSelf {
				return -1, 0
			}
			break
		}
		if c == ':' {
			if colon >= 0 {
				return -1, 0
			}
			colon = e
		}
		e++
	}
	if colon <= p || colon == e-1 {
		return e, p
	}
	return e, colon + 1
}

// xmlLocalName returns the local part of a name that scanName accepted.
func xmlLocalName(raw []byte) []byte {
	if i := bytes.IndexByte(raw, ':'); i > 0 && i < len(raw)-1 {
		return raw[i+1:]
	}
	return raw
}

// intern returns b as a string, allocating each distinct local name once per document.
// A small cache indexed by length and last byte answers most look-ups without hashing.
func (s *xmlScanner) intern(b []byte) string {
	slot := &s.recent[(len(b)*8+int(b[len(b)-1]))%len(s.recent)]
	if *slot == string(b) {
		return *slot
	}
	v, ok := s.names[string(b)]
	if !ok {
		v = string(b)
		s.names[v] = v
	}
	*slot = v
	return v
}

// startTag reads the start tag at s.pos and checks its attributes. It reports false,
// leaving the document to encoding/xml, for a tag it does not read.
func (s *xmlScanner) startTag() bool {
	data := s.data
	p := s.pos + 1
	e, l := s.scanName(p)
	if e < 0 {
		return false
	}
	raw, local := data[p:e], data[l:e]
	p = e
	attrStart := p
	empty := false
	for {
		p = s.skipSpace(p)
		if p >= len(data) {
			return false
		}
		c := data[p]
		if c == '>' {
			break
		}
		if c == '/' {
			if p+1 >= len(data) || data[p+1] != '>' {
				return false
			}
			empty = true
			break
		}
		e, _ := s.scanName(p)
		if e < 0 {
			return false
		}
		p = s.skipSpace(e)
		if p >= len(data) || data[p] != '=' {
			return false // encoding/xml reads a bare name as name="name": rare
		}
		p = s.skipSpace(p + 1)
		if p >= len(data) || data[p] != '"' && data[p] != '\'' {
			return false
		}
		q := data[p]
		end := bytes.IndexByte(data[p+1:], q)
		if end < 0 {
			return false
		}
		if _, ok := s.value(data[p+1:p+1+end], false); !ok {
			return false
		}
		p += end + 2
	}
	s.attrs = data[attrStart:p]
	if empty {
		p++
	}
	s.pos = p + 1
	s.name = s.intern(local)
	s.open = append(s.open, xmlOpenTag{raw: raw, local: s.name})
	s.closeNext = empty
	return true
}

// attr returns the value of the current start tag's first attribute with the given
// local name, with entities replaced, or nil.
func (s *xmlScanner) attr(local string) []byte {
	a := s.attrs
	p := 0
	for {
		for p < len(a) && xmlSpace(a[p]) {
			p++
		}
		if p >= len(a) {
			return nil
		}
		e := p
		for e < len(a) && xmlClass[a[e]]&xmlClsName != 0 {
			e++
		}
		name := a[p:e]
		p = e
		for a[p] != '"' && a[p] != '\'' { // white space and '=': checked by startTag
			p++
		}
		end := p + 1 + bytes.IndexByte(a[p+1:], a[p])
		v := a[p+1 : end]
		p = end + 1
		if string(xmlLocalName(name)) == local {
			v, _ = s.value(v, false)
			return v
		}
	}
}

// endTag reads the end tag at s.pos, which must close the innermost open element; it
// reports false for any other.
func (s *xmlScanner) endTag() bool {
	data := s.data
	p := s.pos + 2
	if len(s.open) == 0 {
		return false
	}
	raw := s.open[len(s.open)-1].raw
	e := p + len(raw)
	// The same name, not followed by more of a name.
	if e >= len(data) || !bytes.Equal(data[p:e], raw) || xmlClass[data[e]]&xmlClsName != 0 || data[e] >= utf8.RuneSelf {
		return false // encoding/xml closes mismatched elements its own way
	}
	p = s.skipSpace(e)
	if p >= len(data) || data[p] != '>' {
		return false
	}
	s.pos = p + 1
	s.pop()
	return true
}

// procInst skips the processing instruction at s.pos. It reports false for an XML
// declaration unless encoding/xml would read the document as UTF-8 without a warning.
func (s *xmlScanner) procInst() bool {
	data := s.data
	p := s.pos + 2
	e, _ := s.scanName(p)
	if e < 0 {
		return false
	}
	target := data[p:e]
	p = s.skipSpace(e)
	end := bytes.Index(data[p:], []byte("?>"))
	if end < 0 {
		return false
	}
	if string(target) == "xml" {
		content := string(data[p : p+end])
		if v := xmlProcInstParam("version", content); v != "" && v != "1.0" {
			return false
		}
		if enc := xmlProcInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") && !xmlUTF8Label(enc) {
			return false
		}
	}
	s.pos = p + end + 2
	return true
}

// xmlProcInstParam returns the value of a pseudo-attribute of a processing instruction
// exactly as encoding/xml finds it (its procInst): after the first "param=" that a
// quote follows, up to the next such quote.
func xmlProcInstParam(param, s string) string {
	param += "="
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || len(param)+k >= len(sub) {
			return ""
		}
		i += len(param) + k + 1
		if c := sub[len(param)+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// bang reads the comment or CDATA section at s.pos. text says it was a CDATA section,
// whose content is now the current character data; ok is false for a directive such as
// a DOCTYPE, or a malformed comment or section.
func (s *xmlScanner) bang() (text, ok bool) {
	data := s.data
	p := s.pos + 2
	rest := data[p:]
	switch {
	case bytes.HasPrefix(rest, []byte("--")):
		p += 2
		// encoding/xml ends the comment at the first "--", which must be followed by '>'.
		i := bytes.Index(data[p:], []byte("--"))
		if i < 0 || p+i+2 >= len(data) || data[p+i+2] != '>' {
			return false, false
		}
		s.pos = p + i + 3
		return false, true
	case bytes.HasPrefix(rest, []byte("[CDATA[")):
		p += len("[CDATA[")
		i := bytes.Index(data[p:], []byte("]]>"))
		if i < 0 {
			return false, false
		}
		s.pos = p + i + 3
		s.chars, ok = s.cdata(data[p : p+i])
		return true, ok
	}
	return false, false // a DOCTYPE or another directive
}

// setText makes seg, the character data up to the next '<', the current token's,
// replacing entities and checking its characters as encoding/xml does.
func (s *xmlScanner) setText(seg []byte) bool {
	var ok bool
	s.chars, ok = s.value(seg, true)
	return ok
}

// value returns character data (text true) or an attribute value as encoding/xml
// delivers it: entities replaced, "\r\n" and "\r" read as "\n". ok is false for what
// encoding/xml rejects or reads its own way: an unknown or unterminated entity, "]]>"
// in character data, '<' in a value, a character outside the XML character range,
// invalid UTF-8. The result is v itself when nothing needs replacing, else s.buf.
func (s *xmlScanner) value(v []byte, text bool) ([]byte, bool) {
	plain := true
	for _, c := range v {
		if xmlClass[c]&xmlClsSpecial != 0 {
			plain = false
			break
		}
	}
	if plain {
		return v, true
	}
	if text && bytes.Contains(v, []byte("]]>")) {
		return nil, false
	}
	buf := s.buf[:0]
	for i := 0; i < len(v); {
		switch c := v[i]; c {
		case '&':
			r, n := xmlEntity(v[i:])
			if n == 0 {
				return nil, false
			}
			buf = utf8.AppendRune(buf, r)
			i += n
		case '\r':
			buf = append(buf, '\n')
			i++
			if i < len(v) && v[i] == '\n' {
				i++
			}
		case '<':
			return nil, false // only in an attribute value: character data ends at '<'
		default:
			buf = append(buf, c)
			i++
		}
	}
	s.buf = buf
	return buf, xmlValidChars(buf)
}

// cdata returns the content of a CDATA section as encoding/xml delivers it: "\r\n"
// and "\r" read as "\n", characters checked.
func (s *xmlScanner) cdata(v []byte) ([]byte, bool) {
	if bytes.IndexByte(v, '\r') < 0 {
		return v, xmlValidChars(v)
	}
	buf := s.buf[:0]
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\r' {
			c = '\n'
			if i+1 < len(v) && v[i+1] == '\n' {
				i++
			}
		}
		buf = append(buf, c)
	}
	s.buf = buf
	return buf, xmlValidChars(buf)
}

// xmlValidChars reports whether b is valid UTF-8 of characters in the XML character
// range, as encoding/xml requires of character data and attribute values.
func xmlValidChars(b []byte) bool {
	for len(b) > 0 {
		c := b[0]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 || !xmlCharInRange(r) {
			return false
		}
		b = b[size:]
	}
	return true
}

// xmlCharInRange reports whether r is in the XML character range (the Char production
// of XML 1.0, section 2.2).
func xmlCharInRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// xmlEntity reads the entity or character reference at the start of b (which begins
// with '&') and returns the character and the reference's length, or n == 0 for a
// reference that encoding/xml would not replace (the scanner leaves those to it).
// A character reference to a surrogate gives U+FFFD, as in encoding/xml.
func xmlEntity(b []byte) (r rune, n int) {
	if len(b) >= 2 && b[1] == '#' {
		i, base := 2, rune(10)
		if i < len(b) && b[i] == 'x' {
			i, base = 3, 16
		}
		start := i
		var v rune
		for ; i < len(b); i++ {
			c := b[i]
			var d rune
			switch {
			case '0' <= c && c <= '9':
				d = rune(c - '0')
			case base == 16 && 'a' <= c && c <= 'f':
				d = rune(c-'a') + 10
			case base == 16 && 'A' <= c && c <= 'F':
				d = rune(c-'A') + 10
			default:
				d = -1
			}
			if d < 0 {
				break
			}
			v = v*base + d
			if v > utf8.MaxRune {
				return 0, 0
			}
		}
		if i == start || i >= len(b) || b[i] != ';' {
			return 0, 0
		}
		if 0xD800 <= v && v <= 0xDFFF {
			v = utf8.RuneError
		}
		return v, i + 1
	}
	for _, e := range [...]struct {
		name string
		r    rune
	}{{"&lt", '<'}, {"&gt", '>'}, {"&amp", '&'}, {"&apos", '\''}, {"&quot", '"'}} {
		if len(b) > len(e.name) && string(b[:len(e.name)]) == e.name && b[len(e.name)] == ';' {
			return e.r, len(e.name) + 1
		}
	}
	return 0, 0
}
