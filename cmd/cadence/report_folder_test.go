package main

import (
	"encoding/json"
	"html"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/internal/synth"
)

// linkAttr finds the links of a page cadence writes.
var linkAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// walkLinks follows the links from index.html through every page of the report in
// dir, and returns the files reached (slash paths under dir) and the links that lead
// to nothing, or out of the report.
func walkLinks(t *testing.T, dir string) (reached map[string]bool, broken []string) {
	t.Helper()
	reached = map[string]bool{"index.html": true}
	queue := []string{"index.html"}
	for len(queue) > 0 {
		page := queue[0]
		queue = queue[1:]
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range linkAttr.FindAllSubmatch(data, -1) {
			link := html.UnescapeString(string(m[1]))
			if link == "" || strings.HasPrefix(link, "#") {
				continue
			}
			to := path.Join(path.Dir(page), link)
			if strings.Contains(link, ":") || to == ".." || strings.HasPrefix(to, "../") {
				broken = append(broken, page+" -> "+link+" (out of the report)")
				continue
			}
			if reached[to] {
				continue
			}
			info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(to)))
			if err != nil || !info.Mode().IsRegular() {
				broken = append(broken, page+" -> "+link)
				continue
			}
			reached[to] = true
			if strings.HasSuffix(to, ".html") {
				queue = append(queue, to)
			}
		}
	}
	return reached, broken
}

// checkReportFolder checks a report folder: every dashboard, thumbnail, advice file
// and page is reached from index.html (but those unlinked accepts), no link is
// broken, and no folder holds more than maxFolderFiles files. It returns the files
// under dir.
func checkReportFolder(t *testing.T, dir string, unlinked func(string) bool) []string {
	t.Helper()
	reached, broken := walkLinks(t, dir)
	for _, b := range broken {
		t.Errorf("broken link: %s", b)
	}
	files := listDir(t, dir)
	perFolder := map[string]int{}
	for _, f := range files {
		perFolder[path.Dir(f)]++
		switch path.Ext(f) {
		case ".png", ".html", ".md", ".wav":
			if !reached[f] && (unlinked == nil || !unlinked(f)) {
				t.Errorf("%s is not reached from index.html", f)
			}
		}
	}
	for d, n := range perFolder {
		if n > maxFolderFiles {
			t.Errorf("%s holds %d files, more than %d", d, n, maxFolderFiles)
		}
	}
	return files
}

// largestFolder returns the folder of files (slash paths) that holds the most, and
// how many.
func largestFolder(files []string) (string, int) {
	per := map[string]int{}
	best, most := "", 0
	for _, f := range files {
		d := path.Dir(f)
		if per[d]++; per[d] > most {
			best, most = d, per[d]
		}
	}
	return best, most
}

// TestReportFoldersSynthArchive writes the report of a synthetic archive: its runs go
// into year folders, split by month where a year would hold more than the limit of
// files; no folder holds more than the limit, and every dashboard and page is reached
// from index.html. A rerun draws nothing. The archive has 200 files, drawn in a few
// seconds; the test skips under -race (400 files took 100 s of CI's race-checked run)
// and make test runs it without. CADENCE_BIG_ARCHIVE=1 makes it 3,000 (about 4.5
// minutes), as the README's figures were measured.
func TestReportFoldersSynthArchive(t *testing.T) {
	skipUnderRace(t)
	if testing.Short() {
		t.Skip("draws a report of a synthetic archive")
	}
	size := 200
	if os.Getenv("CADENCE_BIG_ARCHIVE") != "" {
		size = 3000
	}
	src := t.TempDir()
	if _, err := synth.WriteArchive(src, size, 1); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	_, stderr, code := cli(t, "", "report", "--no-history", "-o", out, src)
	if code != 0 {
		t.Fatalf("status %d:\n%s", code, tail(stderr))
	}
	files := checkReportFolder(t, out, nil)
	d, n := largestFolder(files)
	t.Logf("%d files; the largest folder, %s, holds %d", len(files), d, n)
	_, stderr, code = cli(t, "", "report", "--no-history", "-o", out, src)
	if code != 0 || !strings.Contains(stderr, "(0 drawn, ") {
		t.Errorf("rerun: status %d:\n%s", code, tail(stderr))
	}
	// With years too large for one folder, the runs move into month folders, and
	// are not drawn again.
	defer func(n int) { maxFolderFiles = n }(maxFolderFiles)
	maxFolderFiles = min(size/2, 300)
	_, stderr, code = cli(t, "", "report", "--no-history", "-o", out, src)
	if code != 0 || !strings.Contains(stderr, "(0 drawn, ") {
		t.Errorf("rerun split by month: status %d:\n%s", code, tail(stderr))
	}
	files = checkReportFolder(t, out, nil)
	months := 0
	for _, f := range files {
		if regexp.MustCompile(`^[0-9]{4}/[0-9]{2}/[^/]+\.png$`).MatchString(f) {
			months++
		}
	}
	if months == 0 {
		t.Error("no year was split by month")
	}
	d, n = largestFolder(files)
	t.Logf("split by month: the largest folder, %s, holds %d", d, n)
}

// tail returns the last lines of s, for a message.
func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-10):], "\n")
}

// flatten turns the report in dir into the layout of a cadence from before folders:
// every file of a run moved to the top, and the manifest naming them there. With
// half, only every other run is moved, as a report killed halfway through moving
// them would leave it, while the manifest still names the old places.
func flatten(t *testing.T, dir string, half bool) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	i := 0
	for base, r := range m.Runs {
		move := !half || i%2 == 0
		i++
		for k, f := range r.Files {
			flat := path.Base(f)
			if move {
				if err := os.Rename(filepath.Join(dir, filepath.FromSlash(f)), filepath.Join(dir, flat)); err != nil {
					t.Fatal(err)
				}
			}
			r.Files[k] = flat
		}
		m.Runs[base] = r
	}
	if !half {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if e.IsDir() {
				os.RemoveAll(filepath.Join(dir, e.Name()))
			}
		}
	}
	if err := writeManifest(dir, m); err != nil {
		t.Fatal(err)
	}
}

// TestReportMigratesFlatFolder reruns a report over a folder written in the flat
// layout of earlier versions, whole and as left half moved: the dashboards move into
// their year folders without being drawn again, nothing is left at the top but the
// index pages, the trend and the click tracks, and every link works.
func TestReportMigratesFlatFolder(t *testing.T) {
	for _, half := range []bool{false, true} {
		out := t.TempDir()
		if _, stderr, code := cli(t, "", "report", "--no-history", "-o", out, samples); code != 0 {
			t.Fatalf("status %d:\n%s", code, stderr)
		}
		want := listDir(t, out)
		flatten(t, out, half)
		if top, _ := filepath.Glob(filepath.Join(out, "*.thumb.png")); len(top) == 0 {
			t.Fatal("flatten left no thumbnail at the top")
		}
		_, stderr, code := cli(t, "", "report", "--no-history", "-o", out, samples)
		if code != 0 {
			t.Fatalf("half %v: rerun status %d:\n%s", half, code, stderr)
		}
		if !strings.Contains(stderr, "(0 drawn, 6 unchanged)") {
			t.Errorf("half %v: the flat report was drawn again:\n%s", half, stderr)
		}
		if got := listDir(t, out); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("half %v: files after the move:\n%s\nwant:\n%s", half, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		checkReportFolder(t, out, nil)
	}
}

// TestAssignFolders splits runs by year, by month when a year has too many files,
// and into parts when a month still has.
func TestAssignFolders(t *testing.T) {
	defer func(n int) { maxFolderFiles = n }(maxFolderFiles)
	maxFolderFiles = 8
	runs := syntheticPlanned(t, []string{
		"2023-05-01T07:00:00Z", "2023-06-01T07:00:00Z", // 2023: 8 files
		"2024-01-02T07:00:00Z", "2024-01-03T07:00:00Z", "2024-02-01T07:00:00Z", // 2024: 12
		"2025-03-01T07:00:00Z", "2025-03-02T07:00:00Z", "2025-03-03T07:00:00Z", // 2025-03: 12
		"",
	})
	assignFolders(runs)
	var got []string
	for _, pr := range runs {
		got = append(got, pr.folder)
	}
	want := "2023 2023 2024/01 2024/01 2024/02 2025/03/part-1 2025/03/part-1 2025/03/part-2 undated"
	if strings.Join(got, " ") != want {
		t.Errorf("folders %q, want %q", strings.Join(got, " "), want)
	}
	for _, f := range got {
		if !reportPath(f + "/x.png") {
			t.Errorf("reportPath refuses the folder %s", f)
		}
	}
	for _, bad := range []string{"../x.png", "/etc/passwd", "2024/../../x", ".cadence.lock", "2024/.x.png", "notes/x.png", "a\\b", "2024//x.png", ""} {
		if reportPath(bad) {
			t.Errorf("reportPath accepts %q", bad)
		}
	}
}

// syntheticPlanned returns runs with cadence that start at the times given (RFC 3339;
// "" for undated), in order.
func syntheticPlanned(t *testing.T, starts []string) []*plannedRun {
	t.Helper()
	var runs []*plannedRun
	for _, s := range starts {
		r := &analysis.Result{Cadence: &analysis.Stats{}}
		if s != "" {
			st, err := time.Parse(time.RFC3339, s)
			if err != nil {
				t.Fatal(err)
			}
			r.Start = &st
		}
		runs = append(runs, &plannedRun{r: r})
	}
	return runs
}
