package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportTypoKeepsReport reruns a report with a path that does not exist (a typo,
// a drive not mounted): it fails naming the path, and leaves every file of the report
// as it was.
func TestReportTypoKeepsReport(t *testing.T) {
	out := t.TempDir()
	if _, stderr, code := cli(t, "", "report", "--no-history", "-o", out, samples); code != 0 {
		t.Fatalf("status %d:\n%s", code, stderr)
	}
	before := hashTree(t, out)
	typo := samples + "z"
	_, stderr, code := cli(t, "", "report", "--no-history", "-o", out, typo)
	if code != exitFailed || !strings.Contains(stderr, typo) || !strings.Contains(stderr, "left as it was") {
		t.Errorf("status %d:\n%s", code, stderr)
	}
	if after := hashTree(t, out); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("a report of a missing path changed the report folder")
	}
	// An empty folder (a mount point with nothing mounted) is the same.
	empty := t.TempDir()
	if _, stderr, code := cli(t, "", "report", "--no-history", "-o", out, empty); code != exitFailed || !strings.Contains(stderr, "left as it was") {
		t.Errorf("empty folder: status %d:\n%s", code, stderr)
	}
	if after := hashTree(t, out); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("a report of an empty folder changed the report folder")
	}
}

// TestReportMissingArgKeepsItsRuns writes the report of two folders, then reruns it
// with one of them gone: the runs of the other are reported, those of the gone one
// are kept (files, manifest, and links from the index beside its error), and every
// link works. Back again, nothing is drawn; no longer given, its runs are removed.
func TestReportMissingArgKeepsItsRuns(t *testing.T) {
	a, b, out := reportOfTwo(t)
	whole := listDir(t, out)
	strydPNG := filepath.Join(out, "2017", "2017-01-17_1706_fitparse-stryd-run-devfields-fit.png")
	if _, err := os.Stat(strydPNG); err != nil {
		t.Fatal(err)
	}
	reportWithout(t, a, b, out)
	if _, err := os.Stat(strydPNG); err != nil {
		t.Errorf("the gone folder's dashboard was removed: %v", err)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(index), "kept from the last report:") || !strings.Contains(string(index), `href="2017/2017-01-17_1706_fitparse-stryd-run-devfields-fit.html"`) {
		t.Error("index.html does not link the kept pages beside the error")
	}
	// The kept runs' pages are linked, and show their dashboards; their thumbnails
	// wait for the next report that reads their folder.
	checkReportFolder(t, out, func(f string) bool { return strings.HasSuffix(f, ".thumb.png") })

	reportBack(t, a, b, out, whole)
	if _, _, code := cli(t, "", "report", "--no-history", "-o", out, a); code != 0 {
		t.Errorf("one folder: status %d", code)
	}
	if _, err := os.Stat(strydPNG); err == nil {
		t.Error("a folder no longer given keeps its runs")
	}
	checkReportFolder(t, out, nil)
}

// reportOfTwo copies the sample files into two folders, garmin and strava (the Stryd
// and fr25 files), and writes the report of both; it returns the folders and the
// report's.
func reportOfTwo(t *testing.T) (a, b, out string) {
	t.Helper()
	root := t.TempDir()
	a, b, out = filepath.Join(root, "garmin"), filepath.Join(root, "strava"), filepath.Join(root, "report")
	os.Mkdir(a, 0o755)
	os.Mkdir(b, 0o755)
	ents, err := os.ReadDir(samples)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(samples, e.Name()))
		if err != nil || e.IsDir() {
			continue
		}
		to := a
		if strings.Contains(e.Name(), "stryd") || strings.Contains(e.Name(), "fr25") {
			to = b
		}
		os.WriteFile(filepath.Join(to, e.Name()), data, 0o644)
	}
	if _, stderr, code := cli(t, "", "report", "--no-history", "-o", out, a, b); code != 0 {
		t.Fatalf("status %d:\n%s", code, stderr)
	}
	return a, b, out
}

// TestReportOldManifestKeepsRuns reruns a report whose manifest was written before
// manifests named each run's source (sourceKeys), with one of its two folders gone: the gone
// folder's runs keep their pages and dashboards (they were not read again, so
// nothing says they changed), and the runs read again keep their names. The next
// report that reads both folders finds nothing to draw.
func TestReportOldManifestKeepsRuns(t *testing.T) {
	a, b, out := reportOfTwo(t)
	whole := listDir(t, out)
	// The manifest as versions before the last but one wrote it: no "sources" (nor
	// the last but one's "source") in its runs.
	data, err := os.ReadFile(filepath.Join(out, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	runs := m["runs"].(map[string]any)
	for _, r := range runs {
		delete(r.(map[string]any), "source")
		delete(r.(map[string]any), "sources")
	}
	if data, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, manifestName), data, 0o644); err != nil {
		t.Fatal(err)
	}
	reportWithout(t, a, b, out)
	for _, f := range []string{"2017/2017-01-17_1706_fitparse-stryd-run-devfields-fit.png", "2017/2017-01-17_1706_fitparse-stryd-run-devfields-fit.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("the gone folder's %s was removed: %v", f, err)
		}
	}
	// Every run's files stay, under their names (the year pages follow the runs read).
	runFiles := func(files []string) string {
		var out []string
		for _, f := range files {
			if strings.Contains(f, "/") {
				out = append(out, f)
			}
		}
		return strings.Join(out, "\n")
	}
	if got, want := runFiles(listDir(t, out)), runFiles(whole); got != want {
		t.Errorf("one folder gone: run files\n%s\nwant\n%s", got, want)
	}
	reportBack(t, a, b, out, whole)
}

// reportWithout moves the folder b away and reports a and b into out again: it must
// fail, naming b.
func reportWithout(t *testing.T, a, b, out string) {
	t.Helper()
	if err := os.Rename(b, b+".away"); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := cli(t, "", "report", "--no-history", "-o", out, a, b)
	if code != exitFailed || !strings.Contains(stderr, b) {
		t.Errorf("one folder gone: status %d:\n%s", code, stderr)
	}
}

// reportBack moves the folder b back and reports a and b into out again: nothing is
// drawn, and the report holds the files whole lists, as before b went away.
func reportBack(t *testing.T, a, b, out string, whole []string) {
	t.Helper()
	os.Rename(b+".away", b)
	_, stderr, code := cli(t, "", "report", "--no-history", "-o", out, a, b)
	if code != 0 || !strings.Contains(stderr, "(0 drawn, 6 unchanged)") {
		t.Errorf("folder back: status %d:\n%s", code, stderr)
	}
	if got := listDir(t, out); strings.Join(got, "\n") != strings.Join(whole, "\n") {
		t.Errorf("folder back: files\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(whole, "\n"))
	}
}
