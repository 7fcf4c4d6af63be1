package activity

import (
	"regexp"
	"strings"
)

// privateParts matches what a name must not carry onto a page or into a report's
// file names: an e-mail address with the characters around its "@" that can belong
// to it (the "@" also written "%40", "＠" or "﹫"), a UUID, a run of 16 or more hex
// digits, and a run of 6 or more digits (an account, activity or device id: Garmin
// and Strava number activities with 9 to 11 digits). Characters from 0x80 up count
// as letters of an address, so that no part of an address in another script stays.
var privateParts = regexp.MustCompile(
	`[A-Za-z0-9._%+\-\x{80}-\x{10FFFF}]*(?:@|%40|＠|﹫)[A-Za-z0-9.\-\x{80}-\x{10FFFF}]*` +
		`|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}` +
		`|[0-9A-Fa-f]{16,}` +
		`|[0-9]{6,}`)

// nameSeparators are the characters that separate the words of a file name.
const nameSeparators = "_-. "

// PublicName returns name (a file or folder name, or any short text) with every
// e-mail address and every long id taken out: "jane.doe@example.com_123456789.fit"
// becomes "fit", "UploadedFiles_0-_Part1.zip" stays as it is. Where a part was taken
// out, the separators around it ("_", "-", ".", " ") shrink to one between the words
// left, and none at either end. A name with nothing to take out is returned as it is,
// so PublicName(PublicName(s)) == PublicName(s). The result holds no "@" and no run
// of 6 or more digits; it may be empty.
func PublicName(name string) string {
	if !mayHoldPrivate(name) {
		return name // the common case, without the regular expression
	}
	for {
		// Joining the words left can make a new id ("...-" + "abcd-..." a UUID): cut
		// again until nothing is left to cut. Each round makes the name shorter.
		out := cutPrivate(name)
		if out == name {
			return out
		}
		name = out
	}
}

// mayHoldPrivate reports whether privateParts could match in name: it holds an "@"
// in one of its spellings, or a run of 6 or more digits, or of 8 or more hex digits
// (a UUID begins with one, and a hex id is one). A name without any of these is
// public as it is.
func mayHoldPrivate(name string) bool {
	if strings.ContainsAny(name, "@＠﹫") || strings.Contains(name, "%40") {
		return true
	}
	digits, hex := 0, 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			hex++
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			digits = 0
			hex++
		default:
			digits, hex = 0, 0
		}
		if digits >= 6 || hex >= 8 {
			return true
		}
	}
	return false
}

// cutPrivate takes out, once, what privateParts matches in name.
func cutPrivate(name string) string {
	var pieces []string // the parts of name between the cuts
	prev := 0
	for _, sp := range privateParts.FindAllStringIndex(name, -1) {
		if privateSpan(name[sp[0]:sp[1]]) {
			pieces = append(pieces, name[prev:sp[0]])
			prev = sp[1]
		}
	}
	if pieces == nil {
		return name
	}
	pieces = append(pieces, name[prev:])
	// Brackets left around nothing go with what they held: "Anna (jane@x.org)".
	for i := 1; i < len(pieces); i++ {
		l, r := pieces[i-1], pieces[i]
		if l != "" && r != "" && strings.IndexByte("([{<", l[len(l)-1]) == strings.IndexByte(")]}>", r[0]) &&
			strings.IndexByte("([{<", l[len(l)-1]) >= 0 {
			pieces[i-1], pieces[i] = l[:len(l)-1], r[1:]
		}
	}
	// Each cut, with the separators on both sides of it, becomes one separator between
	// the words left: the first of those on its right, or else on its left, or "_";
	// at either end of the name, nothing.
	var b strings.Builder
	pending := "" // the separators seen since the last word
	for i, p := range pieces {
		word := p
		lead := ""
		if i > 0 {
			word = strings.TrimLeft(p, nameSeparators)
			lead = p[:len(p)-len(word)]
		}
		tail := ""
		if i < len(pieces)-1 {
			w := strings.TrimRight(word, nameSeparators)
			tail, word = word[len(w):], w
		}
		if word == "" {
			pending += lead + tail
			continue
		}
		if b.Len() > 0 {
			switch {
			case lead != "":
				b.WriteByte(lead[0])
			case pending != "":
				b.WriteByte(pending[0])
			default:
				b.WriteByte('_')
			}
		}
		b.WriteString(word)
		pending = tail
	}
	return b.String()
}

// privateSpan reports whether a match of privateParts is to be taken out: a run of
// hex digits only when it holds a digit (else it is a word such as "deadbeef...").
func privateSpan(s string) bool {
	if len(s) < 16 || strings.ContainsAny(s, "@%＠﹫-") {
		return true
	}
	return strings.ContainsAny(s, "0123456789")
}
