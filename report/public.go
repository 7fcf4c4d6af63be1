package report

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"

	"github.com/cadence-run/cadence/activity"
)

// A report goes to a coach or a physio, so nothing in it names the runner's account:
// a Garmin export names its files "jane.doe@example.com_123456789.fit", its zip
// "jane.doe@example.com_0.zip". Every file name or path that a page shows, and every
// output name made from one, is its public form (PublicFile): each part of it that
// carries an e-mail address or a long id (activity.PublicName) is named instead by
// what is left of it and a short stable id. The JSON, CSV and text of analyze, on the
// runner's own terminal, keep the file as given.

// PublicFile returns the public form of a file's path or name: each part of it
// between "/", "\" and ":" that holds an e-mail address or a long id becomes what is
// left of it, a "-", and the part's ShortID, with its extension:
// "exp/jane.doe@example.com_123456789.fit" becomes "exp/1a2b3c.fit" (the id
// depending on the name). Other parts stay as they are.
func PublicFile(p string) string {
	var b strings.Builder
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' || p[i] == '\\' || p[i] == ':' {
			b.WriteString(publicPart(p[start:i]))
			if i < len(p) {
				b.WriteByte(p[i])
			}
			start = i + 1
		}
	}
	return b.String()
}

// fileExt matches a file's extensions: ".fit", ".fit.gz".
var fileExt = regexp.MustCompile(`(\.[A-Za-z]{1,4}){1,2}$`)

// publicPart is PublicFile of one part of a path.
func publicPart(s string) string {
	pub := activity.PublicName(s)
	if pub == s {
		return s
	}
	stem, ext := s, ""
	// Keep the extension unless it was part of what was taken out ("jane@example.com").
	if e := fileExt.FindString(s); e != "" && strings.HasSuffix(pub, e[1:]) {
		stem, ext = s[:len(s)-len(e)], e
	}
	id := ShortID(s)
	if left := activity.PublicName(stem); left != "" {
		return left + "-" + id + ext
	}
	return id + ext
}

// ShortID returns a short stable id of key: six hex digits of its SHA-256, never six
// digits in a row (which activity.PublicName would take for an account id).
func ShortID(key string) string {
	sum := sha256.Sum256([]byte(key))
	h := hex.EncodeToString(sum[:])
	for i := 0; i+6 <= len(h); i += 6 {
		if strings.ContainsAny(h[i:i+6], "abcdef") {
			return h[i : i+6]
		}
	}
	return "a" + h[1:6] // all 64 digits: beyond any real chance
}

// publicText returns text (an error or a reason, which may quote the file) with every
// part of the file's path that PublicFile changes in its public form, and every word
// still holding an "@" in its public form.
func publicText(text, file string) string {
	parts := strings.FieldsFunc(file, func(r rune) bool { return r == '/' || r == '\\' || r == ':' })
	// The longest first: a folder's name may begin its file's ("a@b.org", "a@b.org_1.fit").
	sort.Slice(parts, func(i, j int) bool { return len(parts[i]) > len(parts[j]) })
	for _, part := range parts {
		if pub := publicPart(part); pub != part {
			text = strings.ReplaceAll(text, part, pub)
		}
	}
	if activity.PublicName(text) == text {
		return text
	}
	words := strings.Fields(text)
	changed := false
	for i, w := range words {
		if strings.ContainsAny(w, "@＠﹫") || strings.Contains(w, "%40") {
			words[i], changed = PublicFile(w), true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(words, " ")
}
