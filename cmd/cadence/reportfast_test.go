package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cadence-run/cadence/ingest"
)

// treeFile is a file of a report as a test sees it: its bytes and time.
type treeFile struct {
	data string
	mod  time.Time
}

// reportTree returns every regular file under dir, by slash path.
func reportTree(t *testing.T, dir string) map[string]treeFile {
	t.Helper()
	out := map[string]treeFile{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = treeFile{string(data), info.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// inPlaceCalls records what inPlaceHook is told, until the test ends.
func inPlaceCalls(t *testing.T) *[]bool {
	var calls []bool
	var mu sync.Mutex // a roster looks at its athletes' folders at once
	inPlaceHook = func(_ string, inPlace bool) {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, inPlace)
	}
	t.Cleanup(func() { inPlaceHook = nil })
	return &calls
}

// dropKey removes the key from dir's manifest, so that the next report is written
// the long way.
func dropKey(t *testing.T, dir string) {
	t.Helper()
	m := readManifest(dir)
	if m.Key == "" {
		t.Fatalf("%s: the manifest has no key to drop", dir)
	}
	m.Key = ""
	if err := writeManifest(dir, m); err != nil {
		t.Fatal(err)
	}
}

// TestReportInPlace checks the report of an unchanged folder: it finds its files
// in place and writes nothing (not a byte, not a time), says what the long way
// says, and the long way then writes the same bytes; and that whatever changes a
// report's files (an input added, a file removed by hand, other units, another
// pain diary) sends it the long way.
func TestReportInPlace(t *testing.T) {
	in := t.TempDir()
	for _, f := range []string{"fitparse-stryd-run-devfields.fit", "workoutizer-garmin-fr25-run-pauses.fit", "heartandsole-garmin-fr220-run-tiny.gpx"} {
		copyFile(t, filepath.Join(samples, f), filepath.Join(in, f))
	}
	out := filepath.Join(t.TempDir(), "rep")
	db := filepath.Join(t.TempDir(), "h.db")
	calls := inPlaceCalls(t)
	report := func(extra ...string) string {
		t.Helper()
		_, stderr, code := cli(t, "", append(append([]string{"report", "--db", db, "-o", out}, extra...), in)...)
		if code != 0 {
			t.Fatalf("status %d:\n%s", code, stderr)
		}
		return stderr
	}
	expect := func(what string, want ...bool) {
		t.Helper()
		if fmtBools(*calls) != fmtBools(want) {
			t.Errorf("%s: in place %v, want %v", what, *calls, want)
		}
		*calls = nil
	}

	first := report()
	expect("first report", false)
	if head, ok := readManifestHead(out); !ok || len(head.Key) != 32 {
		t.Fatalf("the first report recorded no key: %+v", head)
	}
	before := reportTree(t, out)
	second := report()
	expect("unchanged", true)
	if after := reportTree(t, out); !sameTree(before, after, true) {
		t.Errorf("the report in place changed files:\n%s", treeDiff(before, after))
	}
	wantLine := strings.Replace(first, "(3 drawn, 0 unchanged)", "(0 drawn, 3 unchanged)", 1)
	if second != wantLine || !strings.Contains(first, "(3 drawn, 0 unchanged)") {
		t.Errorf("summary in place:\n%s\nwant\n%s", second, wantLine)
	}
	dropKey(t, out)
	long := report()
	expect("key dropped", false)
	if long != second {
		t.Errorf("the long way says\n%s\nin place said\n%s", long, second)
	}
	if after := reportTree(t, out); !sameTree(before, after, false) {
		t.Errorf("the long way wrote other bytes than the report in place kept:\n%s", treeDiff(before, after))
	}

	// A page removed by hand is written again.
	gone := ""
	for name := range before {
		if strings.HasSuffix(name, ".html") && name != "index.html" {
			gone = name
			break
		}
	}
	os.Remove(filepath.Join(out, filepath.FromSlash(gone)))
	report()
	expect("page removed", false)
	if got := reportTree(t, out)[gone]; got.data != before[gone].data {
		t.Errorf("%s removed by hand was not written again", gone)
	}
	report()
	expect("again", true)

	// Other units, a pain diary, and a diary changed.
	report("--units", "imperial")
	expect("imperial", false)
	report("--units", "imperial")
	expect("imperial again", true)
	diary := filepath.Join(t.TempDir(), "pain.csv")
	os.WriteFile(diary, []byte("date,site,pain_during,pain_next_morning,note\n2020-01-01,left knee,2,1,\n"), 0o644)
	report("--notes", diary)
	expect("diary", false)
	report("--notes", diary)
	expect("diary again", true)
	os.WriteFile(diary, []byte("date,site,pain_during,pain_next_morning,note\n2020-01-01,left knee,3,1,\n"), 0o644)
	report("--notes", diary)
	expect("diary changed", false)

	// An input added.
	copyFile(t, filepath.Join(samples, "fitparse-garmin-fenix5-walk-short.fit"), filepath.Join(in, "walk.fit"))
	added := report("--notes", diary)
	expect("input added", false)
	if !strings.Contains(added, "(1 drawn, 3 unchanged)") {
		t.Errorf("after adding a walk:\n%s", added)
	}
}

// fmtBools words a list of bools, for comparing them.
func fmtBools(bs []bool) string {
	b, _ := json.Marshal(bs)
	return string(b)
}

// sameTree reports whether two report trees hold the same files with the same
// bytes, and with times the same too. The manifest and the lock may be rewritten
// with the same meaning, so only their presence counts.
func sameTree(a, b map[string]treeFile, times bool) bool {
	if len(a) != len(b) {
		return false
	}
	for name, fa := range a {
		fb, ok := b[name]
		if !ok {
			return false
		}
		if name == manifestName || name == lockName {
			continue
		}
		if fa.data != fb.data || times && !fa.mod.Equal(fb.mod) {
			return false
		}
	}
	return true
}

// treeDiff names the files that differ between two report trees.
func treeDiff(a, b map[string]treeFile) string {
	var out []string
	for name, fa := range a {
		if fb, ok := b[name]; !ok {
			out = append(out, "gone: "+name)
		} else if fa.data != fb.data {
			out = append(out, "bytes: "+name)
		} else if !fa.mod.Equal(fb.mod) {
			out = append(out, "time: "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			out = append(out, "new: "+name)
		}
	}
	return strings.Join(out, "\n")
}

// TestReportKey checks what the key of a report is made from: the same batch,
// options and day give the same key; another day, other units, another threshold
// or a plan start give another.
func TestReportKey(t *testing.T) {
	b := ingest.Read([]string{samples}, ingest.Options{Jobs: 1})
	defer b.Close()
	cm := &common{units: "metric", threshold: 160}
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	key := reportKey(b, cm, now)
	if len(key) != 32 {
		t.Fatalf("key %q", key)
	}
	if again := reportKey(b, cm, now.Add(time.Hour)); again != key {
		t.Errorf("an hour later on the same day: %s, want %s", again, key)
	}
	for what, k := range map[string]string{
		"next day":   reportKey(b, cm, now.AddDate(0, 0, 1)),
		"imperial":   reportKey(b, &common{units: "imperial", threshold: 160}, now),
		"threshold":  reportKey(b, &common{units: "metric", threshold: 165}, now),
		"plan start": reportKey(b, &common{units: "metric", threshold: 160, planStart: now.AddDate(0, -1, 0)}, now),
		"shoe limit": reportKey(b, &common{units: "metric", threshold: 160, shoeLimitM: 600000}, now),
	} {
		if k == key || k == "" {
			t.Errorf("%s: key %q, want one other than %s", what, k, key)
		}
	}
	cm.notes = filepath.Join(t.TempDir(), "none.csv")
	if k := reportKey(b, cm, now); k != "" {
		t.Errorf("a diary that cannot be read gave the key %s; want none (the long way says why)", k)
	}
}

// TestRosterInPlace checks a roster over an unchanged coach folder: every athlete's
// report is found in place, and the roster page says what the long way says.
func TestRosterInPlace(t *testing.T) {
	coach, _ := writeCoach(t, 8, nil)
	out := filepath.Join(t.TempDir(), "roster")
	db := filepath.Join(t.TempDir(), "h.db")
	calls := inPlaceCalls(t)
	roster := func() string {
		t.Helper()
		_, stderr, code := cli(t, "", "report", "--athletes", "--db", db, "-o", out, coach)
		if code != 0 {
			t.Fatalf("status %d:\n%s", code, stderr)
		}
		page, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		// The roster says when it was made, to the minute.
		return generatedAt.ReplaceAllString(string(page), "")
	}
	roster()
	want := fmtBools(make([]bool, len(rosterNames)))
	if got := fmtBools(*calls); got != want {
		t.Fatalf("first roster: in place %s, want %s", got, want)
	}
	*calls = nil
	inPlace := roster()
	if got, want := fmtBools(*calls), strings.ReplaceAll(want, "false", "true"); got != want {
		t.Errorf("unchanged roster: in place %s, want %s", got, want)
	}
	*calls = nil
	for _, folder := range rosterFolders(t, out) {
		dropKey(t, filepath.Join(out, folder))
	}
	if long := roster(); long != inPlace {
		t.Errorf("the roster page in place differs from the long way's")
	}
	if got := fmtBools(*calls); got != want {
		t.Errorf("keys dropped: in place %s, want %s", got, want)
	}
	if !strings.Contains(inPlace, "anna/index.html") {
		t.Errorf("the roster in place links no athlete's report")
	}
}

// generatedAt matches the time a roster page says it was made.
var generatedAt = regexp.MustCompile(`Generated [^·<]*`)
