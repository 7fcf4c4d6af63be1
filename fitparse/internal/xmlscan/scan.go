package xmlscan

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// A Kind is the kind of a token.
type Kind int

// The kinds of token the scanner delivers.
const (
	StartElement Kind = iota + 1 // an element's start tag (or the first half of an empty element)
	EndElement                   // an element's end tag
	CharData                     // character data
)

// ErrFallback is the error with which the scanner leaves a document to encoding/xml.
var ErrFallback = errors.New("xmlscan: document left to encoding/xml")

// The classes of a byte, as bits of class.
const (
	clsName      = 1 << iota // may appear in an ASCII XML name
	clsNameStart             // may begin an ASCII XML name
	clsSpecial               // needs care in character data or an attribute value
)

// class holds the classes of each byte value.
var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == ':':
			t[c] |= clsName | clsNameStart
		case '0' <= c && c <= '9', c == '.', c == '-':
			t[c] |= clsName
		}
		// Special: control characters (a tab or a newline is plain), a carriage return
		// (read as a newline), an entity, the ']' of "]]>", a '<' in an attribute
		// value, and every byte of a multi-byte UTF-8 sequence.
		if c < 0x20 && c != '\t' && c != '\n' || c == '\r' || c == '&' || c == ']' || c == '<' || c >= 0x80 {
			t[c] |= clsSpecial
		}
	}
	return t
}()

// An openTag is an element whose start tag the scanner has read and whose end tag
// it has not.
type openTag struct {
	raw   []byte // the name as written, prefix included
	local string
}

// Scanner delivers the tokens of a document held in memory; see the package comment.
type Scanner struct {
	data      []byte
	pos       int
	name      string // the local name of the current start or end tag
	attrs     []byte // the attributes of the current start tag, already checked
	chars     []byte // the current character data
	buf       []byte // character data or an attribute value with entities replaced
	open      []openTag
	closeNext bool              // the current start tag was empty (<a/>): its end comes next
	names     map[string]string // the local names seen, to convert each to a string once
	recent    [64]string        // the last local names interned, by length and last byte
}

// New returns a scanner over body, a document in UTF-8 without a byte order mark or
// white space before its first markup.
func New(body []byte) *Scanner {
	return &Scanner{data: body, names: make(map[string]string, 32)}
}

// Next moves to the next token and returns its kind: a start tag (an empty element
// gives a start and then an end), an end tag, or character data; comments and
// processing instructions are skipped. It returns io.EOF at the end of the body, and
// ErrFallback for anything it leaves to encoding/xml (see the package comment).
func (s *Scanner) Next() (Kind, error) {
	if s.closeNext {
		s.closeNext = false
		s.pop()
		return EndElement, nil
	}
	for {
		data, pos := s.data, s.pos
		if pos >= len(data) {
			if len(s.open) > 0 {
				return 0, ErrFallback // ends early: encoding/xml says where
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
				return 0, ErrFallback
			}
			return CharData, nil
		}
		if pos+1 >= len(data) {
			return 0, ErrFallback
		}
		switch data[pos+1] {
		case '/':
			if s.endTag() {
				return EndElement, nil
			}
		case '?':
			if s.procInst() {
				continue
			}
		case '!':
			if text, ok := s.bang(); ok && text {
				return CharData, nil
			} else if ok {
				continue
			}
		default:
			if s.startTag() {
				return StartElement, nil
			}
		}
		return 0, ErrFallback
	}
}

// Local returns the local name (without prefix) of the current start or end tag.
func (s *Scanner) Local() string { return s.name }

// Text returns the current character data, entities replaced and line ends read as
// "\n"; it is valid until Next is called.
func (s *Scanner) Text() []byte { return s.chars }

// Offset returns the byte offset in the body reached so far.
func (s *Scanner) Offset() int64 { return int64(s.pos) }

// AttrFloat returns Float of the value of the current start tag's first attribute
// with the given local name, or NaN when there is none.
func (s *Scanner) AttrFloat(local string) float64 { return Float(s.Attr(local)) }

// AttrTime returns Time of that value, or NaN.
func (s *Scanner) AttrTime(local string) float64 { return Time(s.Attr(local)) }

// AttrText returns that value with surrounding white space removed, or "".
func (s *Scanner) AttrText(local string) string {
	return strings.TrimSpace(string(s.Attr(local)))
}

// pop ends the innermost open element, making it the current token's name.
func (s *Scanner) pop() {
	n := len(s.open) - 1
	s.name = s.open[n].local
	s.open = s.open[:n]
}

// skipSpace returns the position of the first byte at or after p that is not XML
// white space.
func (s *Scanner) skipSpace(p int) int {
	for p < len(s.data) && Space(s.data[p]) {
		p++
	}
	return p
}

// scanName returns the end of the ASCII XML name that starts at p, or -1 when there is
// none there or the name has a non-ASCII byte (encoding/xml checks those against
// Unicode tables: the scanner leaves them to it). local is where the name's local part
// begins as encoding/xml splits it: after the colon, unless the colon begins or ends
// the name. A name with two colons, an error in encoding/xml, gives -1.
func (s *Scanner) scanName(p int) (end, local int) {
	data := s.data
	if p >= len(data) || class[data[p]]&clsNameStart == 0 {
		return -1, 0
	}
	colon := -1
	if data[p] == ':' {
		colon = p
	}
	e := p + 1
	for e < len(data) {
		c := data[e]
		if class[c]&clsName == 0 {
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

// localName returns the local part of a name that scanName accepted.
func localName(raw []byte) []byte {
	if i := bytes.IndexByte(raw, ':'); i > 0 && i < len(raw)-1 {
		return raw[i+1:]
	}
	return raw
}

// intern returns b as a string, allocating each distinct local name once per document.
// A small cache indexed by length and last byte answers most look-ups without hashing.
func (s *Scanner) intern(b []byte) string {
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
func (s *Scanner) startTag() bool {
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
	s.open = append(s.open, openTag{raw: raw, local: s.name})
	s.closeNext = empty
	return true
}

// Attr returns the value of the current start tag's first attribute with the given
// local name, with entities replaced, or nil.
func (s *Scanner) Attr(local string) []byte {
	a := s.attrs
	p := 0
	for {
		for p < len(a) && Space(a[p]) {
			p++
		}
		if p >= len(a) {
			return nil
		}
		e := p
		for e < len(a) && class[a[e]]&clsName != 0 {
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
		if string(localName(name)) == local {
			v, _ = s.value(v, false)
			return v
		}
	}
}

// endTag reads the end tag at s.pos, which must close the innermost open element; it
// reports false for any other.
func (s *Scanner) endTag() bool {
	data := s.data
	p := s.pos + 2
	if len(s.open) == 0 {
		return false
	}
	raw := s.open[len(s.open)-1].raw
	e := p + len(raw)
	// The same name, not followed by more of a name.
	if e >= len(data) || !bytes.Equal(data[p:e], raw) || class[data[e]]&clsName != 0 || data[e] >= utf8.RuneSelf {
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
func (s *Scanner) procInst() bool {
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
		if v := procInstParam("version", content); v != "" && v != "1.0" {
			return false
		}
		if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") && !UTF8Label(enc) {
			return false
		}
	}
	s.pos = p + end + 2
	return true
}

// procInstParam returns the value of a pseudo-attribute of a processing instruction
// exactly as encoding/xml finds it (its procInst): after the first "param=" that a
// quote follows, up to the next such quote.
func procInstParam(param, s string) string {
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
func (s *Scanner) bang() (text, ok bool) {
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
func (s *Scanner) setText(seg []byte) bool {
	var ok bool
	s.chars, ok = s.value(seg, true)
	return ok
}

// value returns character data (text true) or an attribute value as encoding/xml
// delivers it: entities replaced, "\r\n" and "\r" read as "\n". ok is false for what
// encoding/xml rejects or reads its own way: an unknown or unterminated entity, "]]>"
// in character data, '<' in a value, a character outside the XML character range,
// invalid UTF-8. The result is v itself when nothing needs replacing, else s.buf.
func (s *Scanner) value(v []byte, text bool) ([]byte, bool) {
	plain := true
	for _, c := range v {
		if class[c]&clsSpecial != 0 {
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
			r, n := entity(v[i:])
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
	return buf, validChars(buf)
}

// cdata returns the content of a CDATA section as encoding/xml delivers it: "\r\n"
// and "\r" read as "\n", characters checked.
func (s *Scanner) cdata(v []byte) ([]byte, bool) {
	if bytes.IndexByte(v, '\r') < 0 {
		return v, validChars(v)
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
	return buf, validChars(buf)
}

// validChars reports whether b is valid UTF-8 of characters in the XML character
// range, as encoding/xml requires of character data and attribute values.
func validChars(b []byte) bool {
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
		if r == utf8.RuneError && size == 1 || !charInRange(r) {
			return false
		}
		b = b[size:]
	}
	return true
}

// charInRange reports whether r is in the XML character range (the Char production
// of XML 1.0, section 2.2).
func charInRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// entity reads the entity or character reference at the start of b (which begins
// with '&') and returns the character and the reference's length, or n == 0 for a
// reference that encoding/xml would not replace (the scanner leaves those to it).
// A character reference to a surrogate gives U+FFFD, as in encoding/xml.
func entity(b []byte) (r rune, n int) {
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
