package main

import (
	"encoding/json"
	"fmt"
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
	// A diary by a symbolic link to it (kept in a synced folder, say) is read as
	// the long way reads it.
	link := filepath.Join(t.TempDir(), "pain.csv")
	if err := os.Symlink(diary, link); err != nil {
		t.Fatal(err)
	}
	report("--notes", link)
	expect("diary by a link", true)

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
// with the same meaning, so only their presence counts. Without times (a report
// written again the long way, perhaps a minute later), the minute an index page
// says it was generated does not count either.
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
		da, db := fa.data, fb.data
		if !times {
			da, db = generatedAt.ReplaceAllString(da, ""), generatedAt.ReplaceAllString(db, "")
		}
		if da != db || times && !fa.mod.Equal(fb.mod) {
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

// copyTree copies the regular files under from into to, by the same paths, but the
// lock: what a report folder holds at one moment. It is called where t.Fatal may
// not be (a drawing worker), so it returns its error.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || d.Name() == lockName {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

// TestReportKilledInPlace checks a report killed midway, once it has written some
// files (the trend picture in other units) but not yet its manifest: the manifest
// must no longer carry the key of the report before, or the next report with the
// options of that one would find the files in place, the trend picture stale.
func TestReportKilledInPlace(t *testing.T) {
	in := t.TempDir()
	for _, f := range []string{"fitparse-stryd-run-devfields.fit", "heartandsole-garmin-fr220-run-tiny.gpx"} {
		copyFile(t, filepath.Join(samples, f), filepath.Join(in, f))
	}
	out := filepath.Join(t.TempDir(), "rep")
	snap := filepath.Join(t.TempDir(), "killed")
	calls := inPlaceCalls(t)
	report := func(dir string, extra ...string) {
		t.Helper()
		_, stderr, code := cli(t, "", append(append([]string{"report", "--no-history", "-o", dir}, extra...), in)...)
		if code != 0 {
			t.Fatalf("status %d:\n%s", code, stderr)
		}
	}
	report(out)
	metric := reportTree(t, out)[trendPNG].data
	// What the folder holds when the first run is about to be drawn, as a kill
	// then would leave it.
	var once sync.Once
	var copied error
	drawHook = func(string) { once.Do(func() { copied = copyTree(out, snap) }) }
	t.Cleanup(func() { drawHook = nil })
	report(out, "--units", "imperial")
	drawHook = nil
	if copied != nil {
		t.Fatal(copied)
	}
	if reportTree(t, snap)[trendPNG].data == metric {
		t.Fatalf("the imperial report had not written its trend picture before drawing")
	}
	*calls = nil
	report(snap)
	if fmtBools(*calls) != fmtBools([]bool{false}) {
		t.Errorf("the metric report after a killed imperial one: in place %v, want [false]", *calls)
	}
	if reportTree(t, snap)[trendPNG].data != metric {
		t.Errorf("%s is still the imperial one, after a metric report", trendPNG)
	}
}

// TestReportInPlaceOtherFolder checks a report of the same files by the same
// relative path from another working folder: its manifest names each run's source
// by its absolute path, which a run that fails later is kept by, so it is written
// the long way, and then names the sources the long way names.
func TestReportInPlaceOtherFolder(t *testing.T) {
	from, err := filepath.Abs(samples)
	if err != nil {
		t.Fatal(err)
	}
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		for _, f := range []string{"fitparse-stryd-run-devfields.fit", "heartandsole-garmin-fr220-run-tiny.gpx"} {
			copyFile(t, filepath.Join(from, f), filepath.Join(dir, "runs", f))
		}
	}
	out := filepath.Join(t.TempDir(), "rep")
	calls := inPlaceCalls(t)
	report := func() {
		t.Helper()
		_, stderr, code := cli(t, "", "report", "--no-history", "-o", out, "runs")
		if code != 0 {
			t.Fatalf("status %d:\n%s", code, stderr)
		}
	}
	t.Chdir(a)
	report()
	t.Chdir(b)
	*calls = nil
	report()
	if fmtBools(*calls) != fmtBools([]bool{false}) {
		t.Errorf("the same runs from another folder: in place %v, want [false]", *calls)
	}
	got := readManifest(out).Runs
	dropKey(t, out)
	report()
	want := readManifest(out).Runs
	for base, m := range want {
		if fmtStrings(got[base].Sources) != fmtStrings(m.Sources) {
			t.Errorf("%s: sources %v, the long way's %v", base, got[base].Sources, m.Sources)
		}
	}
	if len(got) != len(want) || len(want) != 2 {
		t.Errorf("%d runs in the manifest, the long way's %d, want 2", len(got), len(want))
	}
}

// fmtStrings words a list of strings, for comparing them.
func fmtStrings(ss []string) string {
	b, _ := json.Marshal(ss)
	return string(b)
}

// TestReportInPlaceManifestEdited checks a manifest edited by hand so that it
// keeps its key but no longer names the pages (or names them, or the click tracks,
// after the runs): a year page or click track removed meanwhile is written again,
// not missed.
func TestReportInPlaceManifestEdited(t *testing.T) {
	in := t.TempDir()
	copyFile(t, filepath.Join(samples, "fitparse-stryd-run-devfields.fit"), filepath.Join(in, "run.fit"))
	out := filepath.Join(t.TempDir(), "rep")
	calls := inPlaceCalls(t)
	report := func() {
		t.Helper()
		_, stderr, code := cli(t, "", "report", "--no-history", "-o", out, in)
		if code != 0 {
			t.Fatalf("status %d:\n%s", code, stderr)
		}
	}
	report()
	before := reportTree(t, out)
	m := readManifest(out)
	var year string
	for _, p := range m.Pages {
		if p != "index.html" && strings.HasSuffix(p, ".html") {
			year = p
		}
	}
	if year == "" || m.Key == "" || len(m.Clicks) == 0 {
		t.Fatalf("no year page, click track or key in %+v", m)
	}
	for _, what := range []string{"pages gone", "pages after runs", "clicks after runs"} {
		data, err := os.ReadFile(filepath.Join(out, manifestName))
		if err != nil {
			t.Fatal(err)
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(data, &fields); err != nil {
			t.Fatal(err)
		}
		if what == "pages gone" {
			delete(fields, "pages")
		}
		// encoding/json writes a map's fields in sorted order: clicks, key,
		// pages, runs, version; version last would hide the key, so it goes first.
		order := []string{"version", "key", "clicks", "runs", "pages"}
		if what == "clicks after runs" {
			order = []string{"version", "key", "pages", "runs", "clicks"}
		}
		var b strings.Builder
		b.WriteString("{")
		for _, k := range order {
			if v, ok := fields[k]; ok {
				if b.Len() > 1 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "%q:%s", k, v)
			}
		}
		b.WriteString("}")
		if err := os.WriteFile(filepath.Join(out, manifestName), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		gone := year
		if what == "clicks after runs" {
			gone = m.Clicks[0]
		}
		os.Remove(filepath.Join(out, filepath.FromSlash(gone)))
		*calls = nil
		report()
		if fmtBools(*calls) != fmtBools([]bool{false}) {
			t.Errorf("%s: in place %v, want [false]", what, *calls)
		}
		if got := reportTree(t, out)[gone]; generatedAt.ReplaceAllString(got.data, "") != generatedAt.ReplaceAllString(before[gone].data, "") {
			t.Errorf("%s: %s removed by hand was not written again", what, gone)
		}
	}
}
