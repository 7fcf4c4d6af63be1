package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/report"
)

// hashTree hashes every file under dir, so a test can show that inputs are untouched.
func hashTree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = sha256.Sum256(b)
		}
		return nil
	})
	return out
}

// listDir returns the files under dir, in its folders too, as slash paths relative
// to dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

// TestReportSamples runs `cadence report` on the sample folder and checks what it
// wrote: a dashboard, thumbnail and advice per run or walk with cadence, advice for
// the run without cadence, the ride listed as skipped, one click track per target,
// nothing beside the inputs, no temporary files, and the same files on a rerun.
func TestReportSamples(t *testing.T) {
	out := t.TempDir()
	before := hashTree(t, samples)
	_, errs, code := cli(t, "", "report", "-o", out, samples)
	if code != 0 {
		t.Fatalf("status %d: %s", code, errs)
	}
	if after := hashTree(t, samples); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatal("the report changed or added files beside the inputs")
	}
	names := listDir(t, out)
	count := func(suffix string) int {
		n := 0
		for _, f := range names {
			if strings.HasSuffix(f, suffix) {
				n++
			}
			if strings.HasPrefix(path.Base(f), ".") && f != manifestName && f != lockName {
				t.Errorf("temporary file left behind: %s", f)
			}
		}
		return n
	}
	// 10 samples: a ride (skipped), the fr220 run as FIT, GPX and TCX (counted once),
	// and 7 runs or walks, 6 of them with cadence.
	years := 0
	for _, f := range names {
		if strings.HasPrefix(f, "runs-") {
			years++
		}
	}
	if png, thumbs, md, pages := count(".png")-count(".thumb.png")-count(trendPNG), count(".thumb.png"), count(".md"), count(".html")-1-years; png != 6 || thumbs != 6 || md != 7 || pages != 7 {
		t.Errorf("%d dashboards, %d thumbnails, %d advice files, %d advice pages; want 6, 6, 7, 7:\n%s", png, thumbs, md, pages, strings.Join(names, "\n"))
	}
	if m, _ := filepath.Glob(filepath.Join(out, "*", "*fr220-run-tiny-gpx*")); len(m) != 0 {
		t.Errorf("outputs for a copy of the fr220 run: %v", m)
	}
	if count(".wav") == 0 {
		t.Error("no click track for the overstriding runs")
	}
	f, err := os.Open(filepath.Join(out, "2017", "2017-01-17_1706_fitparse-stryd-run-devfields-fit.png"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil || cfg.Width != 1600 || cfg.Height != 1000 {
		t.Errorf("dashboard: %v, %dx%d; want a 1600x1000 PNG", err, cfg.Width, cfg.Height)
	}
	advice, _ := os.ReadFile(filepath.Join(out, "2017", "2017-01-17_1706_fitparse-stryd-run-devfields-fit.md"))
	if !strings.Contains(string(advice), "158") || !strings.Contains(string(advice), "](../click-158.wav)") {
		t.Errorf("the stryd runner (150 spm) should get target 158 and its click track:\n%s", advice)
	}
	wav, _ := os.ReadFile(filepath.Join(out, "click-158.wav"))
	if len(wav) < 44 || string(wav[:4]) != "RIFF" || binary.LittleEndian.Uint32(wav[40:44]) != clickMinutes*60*report.MetronomeRate {
		t.Errorf("click-158.wav is not a %d-minute WAV", clickMinutes)
	}
	pageHTML, _ := os.ReadFile(filepath.Join(out, "2017", "2017-01-17_1706_fitparse-stryd-run-devfields-fit.html"))
	if !strings.Contains(string(pageHTML), `<img src="2017-01-17_1706_fitparse-stryd-run-devfields-fit.png"`) || !strings.Contains(string(pageHTML), "Heiderscheit") {
		t.Error("the advice page lacks the dashboard or the advice text")
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	page := string(index)
	if n := strings.Count(page, "<tr><td"); n != 7 {
		t.Errorf("index.html has %d activity rows, want 7", n)
	}
	// The weeks: the 6 counted runs fall in 6 weeks between 2013 and 2021.
	if n := strings.Count(page, `<tr class="w">`); n != 6 || !strings.Contains(page, `src="trend.png"`) {
		t.Errorf("the trend section lists %d weeks, want 6, with trend.png", n)
	}
	if !strings.Contains(page, "fitparse-zwift-virtual-ride.fit") {
		t.Error("the ride is not listed as skipped")
	}
	// Newest first: 2021 before 2019 before 2013.
	i21, i19, i13 := strings.Index(page, "2021"), strings.Index(page, "2019"), strings.Index(page, "2013")
	if !(i21 < i19 && i19 < i13) {
		t.Errorf("rows not newest first: 2021 at %d, 2019 at %d, 2013 at %d", i21, i19, i13)
	}
	// A rerun draws nothing, leaves every output but the index untouched, and adds
	// nothing.
	mtimes := modTimes(t, out)
	_, errs, code = cli(t, "", "report", "-o", out, samples)
	if code != 0 {
		t.Fatalf("rerun status %d", code)
	}
	if !strings.Contains(errs, "7 reports in "+out+" (0 drawn, 6 unchanged)") {
		t.Errorf("rerun: %s", errs)
	}
	if again := listDir(t, out); strings.Join(again, ",") != strings.Join(names, ",") {
		t.Errorf("a rerun changed the set of files:\n%v\n%v", names, again)
	}
	for name, mt := range modTimes(t, out) {
		// The index pages say when they were made, so they change at the next minute.
		indexPage := name == "index.html" || strings.HasPrefix(name, "runs-") || name == "notes.html"
		if !mt.Equal(mtimes[name]) && !indexPage && name != manifestName && name != lockName {
			t.Errorf("a rerun rewrote %s", name)
		}
	}
}

func TestReportUsage(t *testing.T) {
	for _, args := range [][]string{{"report", samples}, {"report", "-o", t.TempDir()}, {"metronome", "-o", "x.wav"}, {"metronome", "--spm", "500", "-o", "x.wav"}} {
		if _, errs, code := cli(t, "", args...); code != 2 || errs == "" {
			t.Errorf("cadence %q: status %d, stderr %q; want 2", args, code, errs)
		}
	}
}

func TestMetronomeCommand(t *testing.T) {
	p := filepath.Join(t.TempDir(), "click.wav")
	if _, errs, code := cli(t, "", "metronome", "--spm", "170", "--minutes", "0.5", "-o", p); code != 0 {
		t.Fatalf("status %d: %s", code, errs)
	}
	wav, err := os.ReadFile(p)
	if err != nil || binary.LittleEndian.Uint32(wav[40:44]) != 30*report.MetronomeRate {
		t.Fatalf("click.wav: %v, %d data bytes; want 30 s of 8-bit mono at %d Hz", err, len(wav), report.MetronomeRate)
	}
}

// TestReportInBrowser opens index.html from file:// in headless Chromium and checks
// what rendered: one row per activity and every image loaded. It keeps a screenshot
// in $CADENCE_ARTIFACTS (or the test's temporary folder).
func TestReportInBrowser(t *testing.T) {
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (.ci/run installs Debian's package): skipping the browser test")
	}
	out := t.TempDir()
	if _, errs, code := cli(t, "", "report", "-o", out, samples); code != 0 {
		t.Fatalf("report: %d %s", code, errs)
	}
	// A copy of the page with a probe that records, once everything has loaded, how
	// many rows rendered and how many images decoded.
	page, _ := os.ReadFile(filepath.Join(out, "index.html"))
	probe := `<script>addEventListener("load", () => {
  const imgs = [...document.images];
  const ok = imgs.filter(i => i.complete && i.naturalWidth > 0).length;
  const rows = document.querySelectorAll("table:not(.wk) tbody tr").length;
  document.body.setAttribute("data-probe", rows + " rows, " + ok + "/" + imgs.length + " images");
});</script>`
	probed := strings.Replace(string(page), "</body>", probe+"</body>", 1)
	probePath := filepath.Join(out, "probe.html")
	os.WriteFile(probePath, []byte(probed), 0o644)

	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--window-size=1400,4000", "--virtual-time-budget=10000"}
	run := func(args ...string) []byte {
		cmd := exec.Command(chrome, append(flags, args...)...)
		done := make(chan struct{})
		var b []byte
		var err error
		go func() { b, err = cmd.Output(); close(done) }()
		select {
		case <-done:
		case <-time.After(90 * time.Second):
			cmd.Process.Kill()
			t.Fatal("chromium did not finish in 90 s")
		}
		if err != nil {
			t.Fatalf("chromium: %v", err)
		}
		return b
	}
	dom := run("--dump-dom", "file://"+probePath)
	m := regexp.MustCompile(`data-probe="(\d+) rows, (\d+)/(\d+) images"`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not run; DOM:\n%.2000s", dom)
	}
	// 6 thumbnails and the trend picture.
	if string(m[1]) != "7" || string(m[2]) != string(m[3]) || string(m[3]) != "7" {
		t.Errorf("rendered %s rows and %s of %s images; want 7 rows and 7 of 7 images", m[1], m[2], m[3])
	}
	shots := os.Getenv("CADENCE_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	}
	os.MkdirAll(shots, 0o755)
	shot := filepath.Join(shots, "index.png")
	run("--screenshot="+shot, "--window-size=1400,1200", "file://"+filepath.Join(out, "index.html"))
	if info, err := os.Stat(shot); err != nil || info.Size() < 10000 {
		t.Errorf("no screenshot at %s: %v", shot, err)
	}
	t.Logf("screenshot: %s", shot)
}

// modTimes returns the modification time of every file in dir.
func modTimes(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	m := map[string]time.Time{}
	for _, name := range listDir(t, dir) {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = info.ModTime()
	}
	return m
}

// TestReportDrawsFromKeptSeries checks that a report draws its runs from the series it
// kept while analysing them, without reading the files again: the files are removed
// just before they are drawn, and the pictures are still made, byte for byte those
// made when nothing is kept and the files are read again. With nothing kept, removing
// the files makes drawing fail, naming them: the second reading is what that path does.
func TestReportDrawsFromKeptSeries(t *testing.T) {
	names := []string{"fitparse-stryd-run-devfields.fit", "workoutizer-garmin-fr25-run-pauses.fit"}
	fill := func() string {
		src := t.TempDir()
		for _, n := range names {
			data, err := os.ReadFile(filepath.Join(samples, n))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(src, n), data, 0o644)
		}
		return src
	}
	defer func(keep int64) { reportKeepSeries, drawHook = keep, nil }(reportKeepSeries)
	pictures := func(dir string) map[string][]byte {
		out := map[string][]byte{}
		pngs, _ := filepath.Glob(filepath.Join(dir, "*.png"))
		more, _ := filepath.Glob(filepath.Join(dir, "*", "*.png"))
		for _, p := range append(pngs, more...) {
			out[filepath.Base(p)], _ = os.ReadFile(p)
		}
		return out
	}

	src := fill()
	drawHook = func(string) {
		for _, n := range names {
			os.Remove(filepath.Join(src, n))
		}
	}
	kept := t.TempDir()
	if _, stderr, code := cli(t, "", "report", "--no-history", "-o", kept, src); code != 0 {
		t.Fatalf("kept series: status %d\n%s", code, stderr)
	}

	reportKeepSeries, drawHook = 0, nil
	again := t.TempDir()
	if _, stderr, code := cli(t, "", "report", "--no-history", "-o", again, fill()); code != 0 {
		t.Fatalf("read again: status %d\n%s", code, stderr)
	}
	a, b := pictures(kept), pictures(again)
	if len(a) != 2*len(names)+1 { // a dashboard and a thumbnail a run, and trend.png
		t.Errorf("kept series drew %d pictures, want %d: %v", len(a), 2*len(names)+1, a)
	}
	for name, data := range b {
		if !bytes.Equal(a[name], data) {
			t.Errorf("%s differs between kept series and a second reading", name)
		}
	}

	src = fill()
	drawHook = func(string) {
		for _, n := range names {
			os.Remove(filepath.Join(src, n))
		}
	}
	_, stderr, _ := cli(t, "", "report", "--no-history", "-o", t.TempDir(), src)
	for _, n := range names {
		if !strings.Contains(stderr, n) {
			t.Errorf("with nothing kept, drawing a removed %s does not fail naming it:\n%s", n, stderr)
		}
	}
}

// TestWriteAtomic checks writeAtomic's three endings: a written file (mode 0644,
// nothing else left in the folder), a write that fails (the old file kept), and a
// rename that fails (the target is a folder); after a failure no temporary file
// is left either.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.html")
	put := func(s string) error {
		return writeAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, s); return err })
	}
	if err := put("new"); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "new" {
		t.Fatalf("read back %q, %v", b, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", fi.Mode().Perm(), err)
	}
	fail := errors.New("disk full")
	if err := writeAtomic(path, func(w io.Writer) error { io.WriteString(w, "half"); return fail }); !errors.Is(err, fail) {
		t.Errorf("a failing write gave %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("after a failing write the file holds %q, want the old %q", b, "new")
	}
	taken := filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(taken, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(taken, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err == nil {
		t.Error("renaming over a folder did not fail")
	}
	noTemps(t, dir)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder holds %d entries, want run.html and taken", len(entries))
	}
}
