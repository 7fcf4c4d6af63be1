package main

import (
	"context"
	"html"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/internal/synth"
	"github.com/cadence-run/cadence/report"
)

// rosterNames are the synthetic coach's athletes: plain names, two that make the
// same folder name, and one full of what a page must escape.
var rosterNames = []string{"anna", "Ben Ode", "ben-ode", `Zoë <b>&"x"`}

// writeCoach writes a coach folder of rosterNames, n activities each on the same
// days (synth.Roster), but for the files hold returns true of; it returns the folder
// and the files held back.
func writeCoach(t *testing.T, n int, hold func(w *synth.Written) bool) (string, []synth.Written) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "coach")
	var held []synth.Written
	// The runs end about now, so that the roster has recent spikes and weeks to show.
	start := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -2*n)
	for _, w := range synth.Roster(rosterNames, n, start, 11) {
		if hold != nil && hold(&w) {
			held = append(held, w)
			continue
		}
		if err := synth.WriteFile(dir, &w); err != nil {
			t.Fatal(err)
		}
	}
	return dir, held
}

// rosterFolders returns the roster's record of out: each athlete's folder by name.
func rosterFolders(t *testing.T, out string) map[string]string {
	t.Helper()
	rf, ok := readRosterFile(out)
	if !ok {
		t.Fatalf("%s has no roster record", out)
	}
	return rf.Athletes
}

// checkOwnRuns checks that each athlete's report holds only runs from their own
// folder, every one of them that has a page, and returns how many runs each has.
func checkOwnRuns(t *testing.T, coach, out string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for name, folder := range rosterFolders(t, out) {
		m := readManifest(filepath.Join(out, folder))
		if len(m.Runs) == 0 {
			t.Errorf("%s (%s): no runs in the manifest", name, folder)
		}
		own, err := filepath.Abs(filepath.Join(coach, name))
		if err != nil {
			t.Fatal(err)
		}
		for base, r := range m.Runs {
			if !fromUnder(r, own) {
				t.Errorf("%s's report holds %s, from outside %s", name, base, own)
			}
		}
		counts[name] = len(m.Runs)
	}
	return counts
}

// TestReportRoster writes a coach's roster of athletes whose runs interleave on the
// same days: every athlete's dashboards and pages are reached by links from the
// roster page, each athlete's report holds only their runs, names from folders are
// escaped, a rerun draws nothing, an athlete whose folder goes is removed, and a
// report folder never mixes a roster with one runner's report.
func TestReportRoster(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("draws the reports of a synthetic coach folder")
	}
	coach, _ := writeCoach(t, 16, nil)
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, code := cli(t, "", "report", "--no-history", "--athletes", "-o", out, coach)
	if code != 0 {
		t.Fatalf("status %d:\n%s", code, tail(stderr))
	}
	if !strings.Contains(stderr, "cadence: 4 athletes, ") {
		t.Errorf("summary line: %s", tail(stderr))
	}
	folders := rosterFolders(t, out)
	want := map[string]string{"anna": "anna", "Ben Ode": "ben-ode", "ben-ode": "ben-ode-" + hashSuffix("ben-ode"),
		`Zoë <b>&"x"`: "zoe-b-x"}
	for name, f := range want {
		if folders[name] != f {
			t.Errorf("folder of %q: %q, want %q", name, folders[name], f)
		}
	}
	files := checkReportFolder(t, out, nil)
	pngs := map[string]int{}
	for _, f := range files {
		if strings.HasSuffix(f, ".png") && !strings.HasSuffix(f, ".thumb.png") && path.Base(f) != trendPNG {
			pngs[strings.SplitN(f, "/", 2)[0]]++
		}
	}
	runs := checkOwnRuns(t, coach, out)
	for name, folder := range folders {
		if pngs[folder] == 0 || pngs[folder] > runs[name] {
			t.Errorf("%s: %d dashboards for %d runs", name, pngs[folder], runs[name])
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "<b>&") || !strings.Contains(string(page), "Zoë &lt;b&gt;&amp;&#34;x&#34;") {
		t.Errorf("the roster page does not escape the athlete's name")
	}

	checkAttentionOrder(t, string(page))

	// A rerun draws nothing and leaves the pages as they were.
	before := stamps(t, out)
	_, stderr, code = cli(t, "", "report", "--no-history", "--athletes", "-o", out, coach)
	if code != 0 || !strings.Contains(stderr, "(0 drawn, ") {
		t.Errorf("rerun: status %d:\n%s", code, tail(stderr))
	}
	if after := stamps(t, out); !sameStamps(before, after, report.IndexPage, "runs-*.html") {
		t.Errorf("the rerun rewrote files")
	}

	// A path given that does not exist is an error on the roster, not an athlete.
	_, stderr, code = cli(t, "", "report", "--no-history", "--athletes", "-o", out, coach, filepath.Join(coach, "..", "typo"))
	if code != exitFailed || len(rosterFolders(t, out)) != len(rosterNames) || exists(out, "typo/index.html") {
		t.Errorf("with a typo: status %d, folders %v:\n%s", code, rosterFolders(t, out), tail(stderr))
	}

	// One runner's report into the roster's folder is refused, and the other way.
	_, stderr, code = cli(t, "", "report", "--no-history", "-o", out, filepath.Join(coach, "anna"))
	if code != exitFailed || !strings.Contains(stderr, "holds a coach's roster") {
		t.Errorf("a plain report into a roster: status %d:\n%s", code, tail(stderr))
	}
	if _, err := os.Stat(filepath.Join(out, manifestName)); err == nil {
		t.Errorf("the refused report wrote its manifest")
	}
	_, stderr, code = cli(t, "", "report", "--no-history", "--athletes", "-o", filepath.Join(out, "anna"), coach)
	if code != exitFailed || !strings.Contains(stderr, "holds one runner's report") {
		t.Errorf("a roster into an athlete's report: status %d:\n%s", code, tail(stderr))
	}

	// An athlete whose folder goes while another input cannot be read is kept as
	// they were: the input that failed may be where they went.
	if err := os.RemoveAll(filepath.Join(coach, "anna")); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(coach, "ben-ode", "broken.fit")
	if err := os.WriteFile(broken, []byte("not an activity"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = cli(t, "", "report", "--no-history", "--athletes", "-o", out, coach)
	if code != exitFailed {
		t.Errorf("with a broken file: status %d, want 1:\n%s", code, tail(stderr))
	}
	page, _ = os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(page), "not read this time") || !exists(out, "anna/index.html") {
		t.Errorf("anna's report was not kept while an input failed")
	}
	checkReportFolder(t, out, nil)
	if err := os.Remove(broken); err != nil {
		t.Fatal(err)
	}

	// With every input read, an athlete whose folder went leaves the roster, with
	// their report.
	_, stderr, code = cli(t, "", "report", "--no-history", "--athletes", "-o", out, coach)
	if code != 0 {
		t.Fatalf("without anna: status %d:\n%s", code, tail(stderr))
	}
	if _, err := os.Stat(filepath.Join(out, "anna")); err == nil {
		t.Errorf("anna's report is still there")
	}
	if _, ok := rosterFolders(t, out)["anna"]; ok {
		t.Errorf("anna is still in the roster record")
	}
	checkReportFolder(t, out, nil)
}

// rosterRow matches a row of the roster page: the athlete's link, and the flags.
var rosterRowRE = regexp.MustCompile(`(?s)<tr><td class="who"[^>]*><a class="nm" href="([^"]*)">.*?<td class="flags"[^>]*>(.*?)</td></tr>`)

// checkAttentionOrder checks that the roster page lists athletes in
// coach.Attention's order: those with flags worth a look first, more of them
// before fewer, then those with notes only. It also checks that every flag links to
// a page of the athlete's own report.
func checkAttentionOrder(t *testing.T, page string) {
	t.Helper()
	rows := rosterRowRE.FindAllStringSubmatch(page, -1)
	if len(rows) != len(rosterNames) {
		t.Fatalf("the roster has %d rows, want %d", len(rows), len(rosterNames))
	}
	prevTop, prevN := 3, 1<<30
	looks := 0
	for _, m := range rows {
		folder := path.Dir(html.UnescapeString(m[1]))
		nLook := strings.Count(m[2], `class="b look"`)
		nNote := strings.Count(m[2], `class="b"`)
		top, n := 0, 0
		switch {
		case nLook > 0:
			top, n = 2, nLook
		case nNote > 0:
			top, n = 1, nNote
		}
		if top > prevTop || top == prevTop && n > prevN {
			t.Errorf("%s (%d flags of level %d) comes after a row of %d of level %d", folder, n, top, prevN, prevTop)
		}
		prevTop, prevN = top, n
		looks += nLook
		for _, l := range linkAttr.FindAllStringSubmatch(m[2], -1) {
			if href := html.UnescapeString(l[1]); !strings.HasPrefix(href, folder+"/") {
				t.Errorf("%s: a flag links to %s, outside the athlete's report", folder, href)
			}
		}
	}
	t.Logf("%d flags worth a look on the roster", looks)
}

// stamps returns the size and modification time of every file under dir.
func stamps(t *testing.T, dir string) map[string]fileStamp {
	t.Helper()
	out := map[string]fileStamp{}
	for _, f := range listDir(t, dir) {
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		out[f] = stampOfInfo(info)
	}
	return out
}

// sameStamps reports whether two stamps of a folder are the same, but for the files
// whose names match the patterns given (index pages, which say when they were made) and the hidden ones (the manifest and
// the lock, written every time).
func sameStamps(a, b map[string]fileStamp, but ...string) bool {
	if len(a) != len(b) {
		return false
	}
	for f, s := range a {
		skip := strings.HasPrefix(path.Base(f), ".")
		for _, x := range but {
			m, _ := path.Match(x, path.Base(f))
			skip = skip || m
		}
		if !skip && b[f] != s {
			return false
		}
	}
	return true
}

// TestAthleteFolders checks the folder names athletes get: readable, safe, unique
// and stable.
func TestAthleteFolders(t *testing.T) {
	names := []string{"Anna Berg", "anna-berg", "", "..", "a/b", `c:\d`, "CON", "\x1b[2Kx", "ÅSA Öberg",
		strings.Repeat("long name ", 20), "日本", "Anna  Berg"}
	got := athleteFolders(names, nil)
	seen := map[string]string{}
	for _, n := range names {
		f := got[n]
		if !safeFolder(f) {
			t.Errorf("%q: folder %q is not safe", n, f)
		}
		if o, dup := seen[f]; dup {
			t.Errorf("%q and %q share the folder %q", n, o, f)
		}
		seen[f] = n
	}
	for n, want := range map[string]string{"Anna Berg": "anna-berg", "ÅSA Öberg": "asa-oberg", "a/b": "a-b",
		"CON": "con-" + hashSuffix("CON"), "": hashSuffix(""), "日本": hashSuffix("日本"), "\x1b[2Kx": "2kx-" + hashSuffix("\x1b[2Kx")} {
		if got[n] != want {
			t.Errorf("%q: folder %q, want %q", n, got[n], want)
		}
	}
	// A new athlete whose name takes a known folder gets another; the known keep theirs.
	again := athleteFolders([]string{"anna berg", "Anna Berg"}, map[string]string{"Anna Berg": "anna-berg"})
	if again["Anna Berg"] != "anna-berg" || again["anna berg"] != "anna-berg-"+hashSuffix("anna berg") {
		t.Errorf("stable folders: %v", again)
	}
	var sorted []string
	for _, f := range got {
		sorted = append(sorted, f)
	}
	sort.Strings(sorted)
	t.Logf("folders: %v", sorted)
}

// TestWatchRoster watches a coach folder with --athletes: a new run in one athlete's
// folder appears in that athlete's report and moves their last run on the roster,
// and no other athlete's report holds it.
func TestWatchRoster(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("watches a coach folder for several seconds")
	}
	var last *synth.Written
	coach, held := writeCoach(t, 5, func(w *synth.Written) bool {
		if !strings.HasPrefix(w.Path, "anna/") || w.Sport != string(activity.Running) {
			return false
		}
		if last == nil || w.Path > last.Path {
			last = w
		}
		return false
	})
	// Hold back anna's latest activity, to drop it in while the watch runs.
	if err := os.Remove(filepath.Join(coach, filepath.FromSlash(last.Path))); err != nil {
		t.Fatal(err)
	}
	held = append(held, *last)
	out := filepath.Join(t.TempDir(), "out")
	e, stderr := watchEnv()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	cm := &common{units: "metric", threshold: 165, jobs: 2, noHistory: true, athletes: true}
	go func() { done <- watchFolders(ctx, nil, e, []string{coach}, cm, out, 300*time.Millisecond) }()
	waitFor(t, 60*time.Second, "the first roster", func() bool { return strings.Contains(stderr.String(), "cadence watch: watching ") })
	before := checkOwnRuns(t, coach, out)
	// Written elsewhere and moved in, as a finished download lands.
	tmp := t.TempDir()
	if err := synth.WriteFile(tmp, &held[0]); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(coach, filepath.FromSlash(held[0].Path))
	if err := os.Rename(filepath.Join(tmp, filepath.FromSlash(held[0].Path)), dest); err != nil {
		t.Fatal(err)
	}
	name := strings.ReplaceAll(path.Base(held[0].Path), ".", "-")
	waitFor(t, 30*time.Second, "the new run's dashboard on anna's index", func() bool {
		data, err := os.ReadFile(filepath.Join(out, "anna", "index.html"))
		return err == nil && strings.Contains(string(data), name+".png")
	})
	waitFor(t, 30*time.Second, "the roster's last update", func() bool {
		return strings.Contains(stderr.String(), "anna's "+filepath.Join(out, "anna", "index.html")+" and ")
	})
	after := checkOwnRuns(t, coach, out)
	for who, n := range before {
		want := n
		if who == "anna" {
			want++
		}
		if after[who] != want {
			t.Errorf("%s: %d runs after the new file, want %d", who, after[who], want)
		}
	}
	checkReportFolder(t, out, nil)
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("status %d, want 0; stderr:\n%s", code, tail(stderr.String()))
	}
	if !strings.Contains(stderr.String(), "new run ") {
		t.Errorf("the watch did not announce the new run:\n%s", tail(stderr.String()))
	}
	noTemps(t, out)
}

// FuzzAthleteFolders gives two athletes of any names their folders: each must be
// safe (lower-case letters, digits and dashes, nothing that leads out of the
// report), the two must differ, and a name must keep its folder when the roster's
// record is read back.
func FuzzAthleteFolders(f *testing.F) {
	for _, s := range [][2]string{{"anna", "Anna"}, {"Ben Ode", "ben-ode"}, {"", "."}, {"..", "../x"}, {"con", "CON"},
		{"\x1b[2K", "\u202e"}, {"Zoë", "zoe"}, {"a/b", `a\b`}, {strings.Repeat("x", 300), strings.Repeat("x", 301)}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if a == b {
			return
		}
		got := athleteFolders([]string{a, b}, nil)
		if !safeFolder(got[a]) || !safeFolder(got[b]) {
			t.Fatalf("%q -> %q, %q -> %q: not safe", a, got[a], b, got[b])
		}
		if got[a] == got[b] {
			t.Fatalf("%q and %q share the folder %q", a, b, got[a])
		}
		again := athleteFolders([]string{b, a}, map[string]string{a: got[a]})
		if again[a] != got[a] || again[b] == again[a] {
			t.Fatalf("not stable: %v then %v", got, again)
		}
	})
}
