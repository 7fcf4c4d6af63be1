package exportmeta

import (
	"errors"
	"math"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cadence-run/cadence/activity"
)

// The services whose exports a Catalog reads, as found in Entry.Source.
const (
	Strava = "strava"
	Garmin = "garmin"
)

// MaxTextRunes is the number of runes to which names, types and gear are cut.
const MaxTextRunes = 200

// MaxEntries is the most entries a Catalog holds. A lifetime of training (twenty
// years of two sessions a day) is under 15,000 activities; each entry costs about a
// kilobyte with its indexes, so a side file of a million generated rows would take
// gigabytes. Entries past it are not added, and the method adding them says so with
// ErrTooMany.
const MaxEntries = 100_000

// ErrTooMany says that a file held more activities than MaxEntries leaves room for:
// those before the limit were added, the rest not.
var ErrTooMany = errors.New("more activities than 100,000: the rest are not read")

// StartTolerance is how far an activity's start may lie from an entry's start for Lookup
// to match them by time.
const StartTolerance = 60 * time.Second

// maxPathBytes bounds the length of an activity file's path; longer paths are dropped.
const maxPathBytes = 1024

// An Entry is what an export says about one activity.
type Entry struct {
	Source     string    // the service whose export holds the entry: Strava or Garmin
	ID         string    // the service's activity id, in decimal
	Name       string    // the activity's name as the runner gave it
	Type       string    // the service's activity type, as written ("Run", "running")
	Start      time.Time // UTC start; zero if unknown
	LocalStart time.Time // Garmin's startTimeLocal as a wall clock in UTC's location; zero if unknown
	DistanceM  float64   // distance in metres; NaN if unknown
	File       string    // the activity file relative to the export root ("activities/123.fit.gz"), "" if unknown
	Path       string    // File joined onto the root given to AddStravaCSV, with forward slashes; "" if File is ""
	Gear       string    // gear name, "" if none (several are joined with ", ")
}

// A Catalog holds the entries of one or more exports. The zero value is an empty catalog
// ready to use. Its methods may be called concurrently. A Catalog must not be copied after
// first use.
//
// An entry added again (same Source and ID) replaces the earlier one, so adding an export
// twice, or two files that overlap, does not duplicate entries.
type Catalog struct {
	mu      sync.RWMutex
	entries []Entry
	byKey   map[string]int    // Source + "\x00" + ID → index in entries
	byPath  map[string]int    // pathKey(Path) → index of the first entry added with it
	byFile  map[string][]int  // fileKey(File) → indexes in entries, in order of addition
	byStart []startRef        // entries with a known Start, sorted by (ms, i)
	gear    map[string]string // Garmin activity id → gear name, from gear JSON
}

type startRef struct {
	ms int64 // Start in Unix milliseconds
	i  int   // index in entries
}

// Len reports the number of entries in the catalog.
func (c *Catalog) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Lookup finds the entry for an activity file. file is the path as the caller knows it,
// such as "/abs/export/activities/123.fit.gz" or "/abs/export.zip:activities/123.fit"; it
// matches an entry whose File it ends with, after a '/' or ':' (backslashes count as
// forward slashes, case matters, and a trailing ".gz" on either side is ignored). An
// entry whose Path is the file wins; else the entry with the longest File that matches,
// the first added among equals.
//
// If no entry matches the file (or file is ""), Lookup returns the entry whose Start is
// nearest to start and at most StartTolerance from it, the first added among equals. A
// zero start matches nothing. Lookup reports false if nothing matches.
func (c *Catalog) Lookup(file string, start time.Time) (Entry, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if file != "" {
		if i, ok := c.lookupFile(file); ok {
			return c.entries[i], true
		}
	}
	if !start.IsZero() {
		if i, ok := c.lookupStart(start); ok {
			return c.entries[i], true
		}
	}
	return Entry{}, false
}

func (c *Catalog) lookupFile(file string) (int, bool) {
	if len(c.byFile) == 0 {
		return 0, false
	}
	q := pathKey(file)
	if i, ok := c.byPath[q]; ok {
		return i, true
	}
	// Try the suffixes of q that start after a separator, longest first.
	for at := 0; at < len(q); {
		if idx, ok := c.byFile[q[at:]]; ok {
			return idx[0], true
		}
		next := strings.IndexAny(q[at:], "/:")
		if next < 0 {
			break
		}
		at += next + 1
	}
	return 0, false
}

func (c *Catalog) lookupStart(start time.Time) (int, bool) {
	if y := start.Year(); y < 1 || y > 9999 {
		return 0, false // no entry starts there, and the arithmetic below stays in range
	}
	ms := start.UnixMilli()
	s := c.byStart
	j := sort.Search(len(s), func(k int) bool { return s[k].ms >= ms })
	best, bestD := -1, int64(math.MaxInt64)
	consider := func(r startRef) {
		d := r.ms - ms
		if d < 0 {
			d = -d
		}
		if d < bestD || d == bestD && r.i < best {
			best, bestD = r.i, d
		}
	}
	if j < len(s) {
		consider(s[j]) // the first added of those at the nearest later (or equal) time
	}
	if j > 0 {
		// The first added of those at the nearest earlier time.
		k := sort.Search(j, func(k int) bool { return s[k].ms >= s[j-1].ms })
		consider(s[k])
	}
	if best < 0 || bestD > StartTolerance.Milliseconds() {
		return 0, false
	}
	return best, true
}

// room returns how many entries may still be added before MaxEntries.
func (c *Catalog) room() int {
	return max(MaxEntries-c.Len(), 0)
}

// merge adds es (replacing entries with the same Source and ID) and the Garmin gear of
// gear (activity id → gear name), then rebuilds the indexes. Entries past MaxEntries
// are left out, and merge returns ErrTooMany.
func (c *Catalog) merge(es []Entry, gear map[string]string) error {
	if len(es) == 0 && len(gear) == 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	if room := max(MaxEntries-len(c.entries), 0); len(es) > room {
		es, err = es[:room], ErrTooMany
	}
	defer c.reindex()
	if c.byKey == nil {
		c.byKey = make(map[string]int)
		c.gear = make(map[string]string)
	}
	for id, name := range gear {
		c.gear[id] = name
		if i, ok := c.byKey[Garmin+"\x00"+id]; ok {
			c.entries[i].Gear = name
		}
	}
	for _, e := range es {
		if e.Source == Garmin && e.Gear == "" {
			e.Gear = c.gear[e.ID]
		}
		k := e.Source + "\x00" + e.ID
		if i, ok := c.byKey[k]; ok {
			c.entries[i] = e
			continue
		}
		c.byKey[k] = len(c.entries)
		c.entries = append(c.entries, e)
	}
	return err
}

// reindex rebuilds the indexes of the entries; the caller holds c.mu.
func (c *Catalog) reindex() {
	c.byFile = make(map[string][]int)
	c.byPath = make(map[string]int)
	c.byStart = c.byStart[:0]
	for i, e := range c.entries {
		if e.File != "" {
			k := fileKey(e.File)
			c.byFile[k] = append(c.byFile[k], i)
			k = pathKey(e.Path)
			if _, dup := c.byPath[k]; !dup {
				c.byPath[k] = i
			}
		}
		if !e.Start.IsZero() {
			c.byStart = append(c.byStart, startRef{e.Start.UnixMilli(), i})
		}
	}
	sort.Slice(c.byStart, func(a, b int) bool {
		x, y := c.byStart[a], c.byStart[b]
		return x.ms < y.ms || x.ms == y.ms && x.i < y.i
	})
}

// fileKey is the form of a cleaned, slash-separated path under which files are matched:
// without a trailing ".gz", so that a compressed and an uncompressed copy match.
func fileKey(p string) string {
	return strings.TrimSuffix(p, ".gz")
}

// pathKey is the form of a caller's path under which it is matched: cleaned, with
// forward slashes, and without a trailing ".gz".
func pathKey(p string) string {
	return fileKey(path.Clean(strings.ReplaceAll(p, `\`, "/")))
}

// cleanFile makes an export's file reference into a clean relative path with forward
// slashes, or "" if it is empty, absolute, escapes the root, holds control characters
// or is too long: the text is untrusted and callers may open root + File.
func cleanFile(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, `\`, "/"))
	if s == "" || len(s) > maxPathBytes || !utf8.ValidString(s) {
		return ""
	}
	for _, r := range s {
		if unsafeRune(r) {
			return ""
		}
	}
	s = path.Clean(s)
	if s == "." || s == ".." || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "../") {
		return ""
	}
	return s
}

// joinRoot joins a clean relative file onto root: with a '/' between them unless root is
// empty or already ends with '/' or ':' (as in "export.zip:").
func joinRoot(root, file string) string {
	if file == "" {
		return ""
	}
	root = strings.ReplaceAll(root, `\`, "/")
	if root == "" || strings.HasSuffix(root, "/") || strings.HasSuffix(root, ":") {
		return root + file
	}
	return root + "/" + file
}

// cleanText cuts untrusted text to MaxTextRunes runes, makes it valid UTF-8 and replaces
// the characters that unsafeRune reports with spaces.
func cleanText(s string) string {
	if len(s) <= MaxTextRunes && utf8.ValidString(s) {
		ok := true
		for _, r := range s {
			if unsafeRune(r) {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
	}
	var b strings.Builder
	n := 0
	for _, r := range s { // invalid bytes come as utf8.RuneError, which is U+FFFD
		if n == MaxTextRunes {
			break
		}
		if unsafeRune(r) {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// unsafeRune reports whether r could break a line of terminal or HTML output or reorder
// the text around it: control characters, line and paragraph separators, and the
// bidirectional embeddings, overrides and isolates.
func unsafeRune(r rune) bool { return activity.HiddenRune(r) }

// isDecimalID reports whether s is a non-empty run of ASCII digits of sane length, as
// both services' activity ids are.
func isDecimalID(s string) bool {
	if s == "" || len(s) > 30 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
