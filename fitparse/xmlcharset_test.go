package fitparse

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

// refFromUTF16 is the UTF-16 conversion that xmlFromUTF16 replaced (the standard
// library's utf16.Decode), the reference it is checked against.
func refFromUTF16(b []byte, big bool) []byte {
	if len(b) >= 2 && (b[0] == 0xFE && b[1] == 0xFF || b[0] == 0xFF && b[1] == 0xFE) {
		b = b[2:]
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if big {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return []byte(string(utf16.Decode(u)))
}

// refCP1252 maps the bytes 0x80-0x9F of windows-1252 to runes as the reader that
// xmlCP1252Decoder replaced did: the five undefined bytes to the C1 control of the
// same value.
var refCP1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

// refFromCP1252 converts windows-1252 to UTF-8 as the replaced reader did.
func refFromCP1252(b []byte) []byte {
	var out []byte
	for _, c := range b {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xA0:
			out = utf8.AppendRune(out, refCP1252[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return out
}

// utf16Doc encodes s as UTF-16 in either byte order, with a byte order mark if bom.
func utf16Doc(s string, big, bom bool) []byte {
	var out []byte
	if bom {
		out = append(out, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	if big {
		for i := 0; i+1 < len(out); i += 2 {
			out[i], out[i+1] = out[i+1], out[i]
		}
	}
	return out
}

// TestXMLFromUTF16 checks xmlFromUTF16 against the standard library's decoding on
// documents in both byte orders, with and without a byte order mark, with characters
// outside the BMP, an odd trailing byte and unpaired surrogates, and on random bytes.
func TestXMLFromUTF16(t *testing.T) {
	doc := "<?xml version=\"1.0\" encoding=\"UTF-16\"?><gpx><trk><name>Läufchen \U0001F3C3 \uFEFF €</name></trk></gpx>"
	for _, big := range []bool{false, true} {
		for _, bom := range []bool{false, true} {
			b := utf16Doc(doc, big, bom)
			if got := string(xmlFromUTF16(b, big)); got != doc {
				t.Errorf("big %v bom %v: %q, want %q", big, bom, got, doc)
			}
			if got := string(xmlFromUTF16(append(b, 'x'), big)); got != doc {
				t.Errorf("big %v bom %v, odd byte: %q, want %q", big, bom, got, doc)
			}
		}
	}
	// Unpaired surrogates, alone, at the end and before other characters.
	for _, units := range [][]uint16{{0xD800}, {0xD800, 'a'}, {'a', 0xDC00}, {0xDC00, 'b'}, {0xD83C, 0xDFC3, 0xD83C}, {0xD800, 0xD800, 0xDC00}} {
		var b []byte
		for _, u := range units {
			b = append(b, byte(u), byte(u>>8))
		}
		if got, want := xmlFromUTF16(b, false), refFromUTF16(b, false); !bytes.Equal(got, want) {
			t.Errorf("%#x: %q, want %q", units, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		b := make([]byte, rng.IntN(64))
		for i := range b {
			// Mostly ASCII and high surrogates (0xD8-0xDB), so that pairs are common.
			switch rng.IntN(4) {
			case 0:
				b[i] = byte(0xD8 + rng.IntN(4))
			case 1:
				b[i] = byte(rng.IntN(256))
			default:
				b[i] = byte('a' + rng.IntN(26))
			}
		}
		if !refNoLowPair(b) {
			continue // two unpaired low surrogates in a row: see TestXMLFromUTF16LowPair
		}
		for _, big := range []bool{false, true} {
			if got, want := xmlFromUTF16(b, big), refFromUTF16(b, big); !bytes.Equal(got, want) {
				t.Fatalf("% x (big %v): %q, want %q", b, big, got, want)
			}
		}
	}
}

// refNoLowPair reports whether little- and big-endian b hold no low surrogate
// directly after another low surrogate, the one input on which x/text's decoder and
// the standard library's differ.
func refNoLowPair(b []byte) bool {
	for _, big := range []bool{false, true} {
		low := false
		for i := 0; i+1 < len(b); i += 2 {
			u := uint16(b[i+1])<<8 | uint16(b[i])
			if big {
				u = uint16(b[i])<<8 | uint16(b[i+1])
			}
			isLow := 0xDC00 <= u && u <= 0xDFFF
			if low && isLow {
				return false
			}
			low = isLow
		}
	}
	return true
}

// TestXMLFromUTF16LowPair records the one known difference from the standard
// library's decoding: two unpaired low surrogates in a row give one U+FFFD, not two.
// Both are replacement characters for what is not text; no real file holds them.
func TestXMLFromUTF16LowPair(t *testing.T) {
	b := []byte{0x00, 0xDC, 0x01, 0xDC, 'a', 0}
	if got := string(xmlFromUTF16(b, false)); got != "\uFFFDa" {
		t.Errorf("%q, want %q", got, "\uFFFDa")
	}
}

// TestXMLCP1252 checks the windows-1252 decoder against the replaced reader on every
// byte value, read whole and through readers that return one byte or a few at a time.
func TestXMLCP1252(t *testing.T) {
	var all []byte
	for i := range 256 {
		all = append(all, byte(i))
	}
	rng := rand.New(rand.NewPCG(5, 6))
	inputs := [][]byte{all, bytes.Repeat(all, 40), nil, []byte("\x81"), []byte("caf\xe9 \x80\x9d\x9d")}
	for range 200 {
		b := make([]byte, rng.IntN(9000))
		for i := range b {
			b[i] = byte(0x7A + rng.IntN(0x30)) // around the C1 range
		}
		inputs = append(inputs, b)
	}
	for _, in := range inputs {
		want := refFromCP1252(in)
		for name, r := range map[string]io.Reader{
			"whole": bytes.NewReader(in),
			"bytes": iotest.OneByteReader(bytes.NewReader(in)),
			"half":  iotest.HalfReader(bytes.NewReader(in)),
		} {
			got, err := io.ReadAll(transform.NewReader(r, xmlCP1252Decoder()))
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s, %d bytes: %v, %q, want %q", name, len(in), err, clip(string(got)), clip(string(want)))
			}
		}
	}
	// A read error is passed on.
	_, err := io.ReadAll(transform.NewReader(iotest.TimeoutReader(strings.NewReader("caf\xe9")), xmlCP1252Decoder()))
	if err != iotest.ErrTimeout {
		t.Errorf("error %v, want %v", err, iotest.ErrTimeout)
	}
}
