package fitparse

// This file converts the encodings of GPX and TCX documents that are not UTF-8, with
// golang.org/x/text: UTF-16 (before the scanner or encoding/xml reads the document)
// and windows-1252 (which encoding/xml reads through xmlReader.charsetReader).

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// xmlUTF16 reports whether b starts like a UTF-16 XML document, and whether it is
// big-endian: a byte order mark, or (as XML 1.0 appendix F allows) no mark and a first
// character "<" in either byte order.
func xmlUTF16(b []byte) (big, ok bool) {
	if len(b) < 2 {
		return false, false
	}
	switch {
	case b[0] == 0xFE && b[1] == 0xFF:
		return true, true
	case b[0] == 0xFF && b[1] == 0xFE:
		return false, true
	case len(b) >= 4 && b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] != 0:
		return true, true
	case len(b) >= 4 && b[0] == '<' && b[1] == 0 && b[2] != 0 && b[3] == 0:
		return false, true
	}
	return false, false
}

// xmlFromUTF16 converts a UTF-16 document to UTF-8, dropping a byte order mark and a
// trailing odd byte. An unpaired surrogate becomes U+FFFD.
func xmlFromUTF16(b []byte, big bool) []byte {
	if len(b) >= 2 && (b[0] == 0xFE && b[1] == 0xFF || b[0] == 0xFF && b[1] == 0xFE) {
		b = b[2:]
	}
	b = b[:len(b)&^1]
	order := unicode.LittleEndian
	if big {
		order = unicode.BigEndian
	}
	// The byte order is known and the mark is gone: a U+FEFF left in the text is a
	// character like any other. The decoder replaces what is not UTF-16 and never fails.
	out, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(b)
	if err != nil {
		return nil
	}
	return out
}

// xmlCP1252Decoder returns a decoder from windows-1252 (and so ISO-8859-1, which web
// browsers read as windows-1252) to UTF-8. It is x/text's windows-1252 decoder, except
// that the five bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
// give the C1 control of the same value, as in web browsers and in ISO-8859-1, where
// x/text gives U+FFFD.
func xmlCP1252Decoder() transform.Transformer {
	return cp1252Decoder{charmap.Windows1252.NewDecoder()}
}

// cp1252Decoder is the transformer of xmlCP1252Decoder.
type cp1252Decoder struct {
	transform.Transformer // x/text's windows-1252 decoder: one rune a byte, no state
}

// cp1252Undefined says which bytes windows-1252 leaves undefined.
var cp1252Undefined = [256]bool{0x81: true, 0x8D: true, 0x8F: true, 0x90: true, 0x9D: true}

// Transform implements transform.Transformer.
func (d cp1252Decoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		if cp1252Undefined[src[nSrc]] {
			if len(dst)-nDst < 2 {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += utf8.EncodeRune(dst[nDst:], rune(src[nSrc]))
			nSrc++
			continue
		}
		end := nSrc + 1
		for end < len(src) && !cp1252Undefined[src[end]] {
			end++
		}
		// Each byte is a whole character, so a run of defined bytes is complete.
		n, m, err := d.Transformer.Transform(dst[nDst:], src[nSrc:end], true)
		nDst, nSrc = nDst+n, nSrc+m
		if err != nil {
			return nDst, nSrc, err
		}
	}
	return nDst, nSrc, nil
}
