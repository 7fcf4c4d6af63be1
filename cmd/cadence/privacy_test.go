package main

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/report"
)

// The address and the ids that the export of privateExport carries in its names.
var privateWords = []string{"@", "jane", "example", "123456789", "12345679", "98765432"}

// privateExport lays out, under a temporary folder, an export as Garmin names it: the
// sample files renamed "jane.doe@example.com_<id>.fit", some in a folder named after
// the address, some in a zip "jane.doe@example.com_0.zip" in Garmin's folders, with a
// copy, a damaged file, a ride and a run without cadence among them. It returns the
// export's folder.
func privateExport(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "export")
	uploaded := filepath.Join(root, "DI_CONNECT", "DI-Connect-Uploaded-Files")
	folder := filepath.Join(root, "jane.doe@example.com")
	for _, d := range []string{uploaded, folder} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	sample := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(samples, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	files := map[string][]byte{
		filepath.Join(root, "jane.doe@example.com_123456789.fit"):   sample("fitparse-stryd-run-devfields.fit"),
		filepath.Join(root, "jane.doe@example.com_123456790.fit"):   sample("fitparse-stryd-run-devfields.fit"), // a copy
		filepath.Join(root, "jane.doe@example.com_123456791.fit"):   []byte("not an activity at all\n"),
		filepath.Join(root, "jane.doe@example.com_123456792.fit"):   sample("fitparse-garmin-fr110-run-no-cadence.fit"),
		filepath.Join(folder, "jane.doe@example.com_123456793.tcx"): sample("heartandsole-garmin-fr220-run-tiny.tcx"),
	}
	for p, data := range files {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, from := range map[string]string{
		"jane.doe@example.com_987654321.fit": "fitparserjs-garmin-fenix5x-run-devfields.fit",
		"jane.doe@example.com_987654322.fit": "fitparse-garmin-fenix5-walk-short.fit",
		"jane.doe@example.com_987654323.fit": "fitparse-zwift-virtual-ride.fit",
		"jane.doe@example.com_987654324.gpx": "workoutizer-garmin-connect-run.gpx",
	} {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(sample(from))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(uploaded, "jane.doe@example.com_0.zip"), zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// cssAtRules are the only "@" a page may hold: its style sheet's.
var cssAtRules = regexp.MustCompile(`@(media|page|font-face|supports|import|keyframes)\b`)

// checkPrivate fails the test for every file under out whose name, or whose content,
// holds a privateWords: the text of pages, Markdown and the manifest, the text
// chunks of PNGs, and the bytes of every file (for the address's domain and the
// ids, which compressed pixels or samples do not spell by chance).
func checkPrivate(t *testing.T, out string) {
	t.Helper()
	for _, f := range listDir(t, out) {
		for _, w := range privateWords {
			if strings.Contains(strings.ToLower(f), w) {
				t.Errorf("output name %s holds %q", f, w)
			}
		}
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		switch filepath.Ext(f) {
		case ".png":
			texts = pngTexts(t, f, data)
		case ".html", ".md", ".json", ".csv", ".txt", "":
			texts = []string{cssAtRules.ReplaceAllString(string(data), "")}
		}
		for _, s := range texts {
			for _, w := range privateWords {
				if i := strings.Index(strings.ToLower(s), w); i >= 0 {
					t.Errorf("%s holds %q: ...%s...", f, w, s[max(0, i-60):min(len(s), i+60)])
				}
			}
		}
		for _, w := range privateWords[2:] {
			if bytes.Contains(data, []byte(w)) {
				t.Errorf("the bytes of %s hold %q", f, w)
			}
		}
	}
}

// pngTexts returns the text chunks (tEXt, zTXt, iTXt) of a PNG, inflated.
func pngTexts(t *testing.T, name string, data []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("%s is not a PNG", name)
		return nil
	}
	var texts []string
	for p := 8; p+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		if n < 0 || p+12+n > len(data) {
			t.Errorf("%s: chunk %q runs past the end", name, typ)
			break
		}
		body := data[p+8 : p+8+n]
		switch typ {
		case "tEXt", "iTXt":
			texts = append(texts, string(body))
		case "zTXt":
			if i := bytes.IndexByte(body, 0); i >= 0 && i+2 <= len(body) {
				r, err := zlib.NewReader(bytes.NewReader(body[i+2:]))
				if err == nil {
					text, _ := io.ReadAll(r)
					texts = append(texts, string(body[:i])+string(text))
				}
			}
		}
		p += 12 + n
	}
	return texts
}

// TestReportPrivateExport reports on an export whose file, folder and zip names carry
// the runner's e-mail address and account ids: no output name and no output holds
// them, while every run is reported, the skipped and failed lists are there, and a
// rerun draws nothing.
func TestReportPrivateExport(t *testing.T) {
	exp := privateExport(t)
	out := filepath.Join(t.TempDir(), "report")
	_, errs, code := cli(t, "", "report", "-o", out, exp)
	if code != exitFailed {
		t.Errorf("status %d, want %d (one damaged file): %s", code, exitFailed, errs)
	}
	// The terminal is the runner's own: it names the files as given.
	if !strings.Contains(errs, "jane.doe@example.com_123456791.fit") {
		t.Errorf("stderr does not name the damaged file as given:\n%s", errs)
	}
	checkPrivate(t, out)
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Skipped (1)", "Could not be read (1)", "a ride", ".zip:"} {
		if !bytes.Contains(index, []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	pages := 0
	for _, f := range listDir(t, out) {
		if strings.HasSuffix(f, ".html") && strings.Contains(f, "/") {
			pages++
		}
	}
	// A file that names nothing but the account gives the activity's name and a short id.
	named := "_Mannheim-Running_" + report.ShortID("jane.doe@example.com_987654324.gpx") + "-gpx.html"
	if !strings.Contains(strings.Join(listDir(t, out), " "), named) {
		t.Errorf("no output named *%s: %v", named, listDir(t, out))
	}
	// The Stryd run, the run without cadence, the TCX run, and from the zip the
	// fenix 5X run, the walk and the GPX run; the copy and the ride are not pages.
	if pages != 6 {
		t.Errorf("%d run pages, want 6: %v", pages, listDir(t, out))
	}
	_, errs, _ = cli(t, "", "report", "-o", out, exp)
	if !strings.Contains(errs, "(0 drawn, 5 unchanged)") {
		t.Errorf("the rerun drew again:\n%s", errs)
	}
}

// legacyBaseName is baseName as it was before output names were made public: the
// start and the file's own name.
func legacyBaseName(file string, start *time.Time, index int) string {
	f := file[strings.LastIndexAny(file, `/\:`)+1:]
	f = outputWords(f, 60)
	date := "undated"
	if start != nil {
		date = start.Format("2006-01-02_1504")
	}
	name := date + "_" + f
	if index > 0 {
		name += fmt.Sprintf("_%d", index)
	}
	return name
}

// TestReportMigratesPrivateNames turns a report of the private export into one as
// cadence wrote it before (outputs named after the files, the manifest naming each
// run's source by its path): a rerun renames every output, draws nothing again, and
// leaves exactly the files of a report made afresh, none of them private.
func TestReportMigratesPrivateNames(t *testing.T) {
	exp := privateExport(t)
	fresh, out := filepath.Join(t.TempDir(), "fresh"), filepath.Join(t.TempDir(), "report")
	cli(t, "", "report", "-o", fresh, exp)
	cli(t, "", "report", "-o", out, exp)

	// Make out as the old code left it.
	var m manifest
	data, err := os.ReadFile(filepath.Join(out, manifestName))
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		t.Fatal(err)
	}
	js, _, _ := cli(t, "", "analyze", "--format", "json", "--no-history", exp)
	old := manifest{Version: m.Version, Pages: m.Pages, Clicks: m.Clicks, Runs: map[string]manifestRun{}}
	renames := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(js), "\n") {
		var rec struct {
			File  string
			Index int
			Start *time.Time
			Dup   *string `json:"duplicate_of"`
		}
		if json.Unmarshal([]byte(line), &rec) != nil || rec.File == "" || rec.Start == nil || rec.Dup != nil {
			continue
		}
		for base, run := range m.Runs {
			if !strings.HasPrefix(base, rec.Start.Format("2006-01-02_1504")+"_") {
				continue
			}
			legacy := legacyBaseName(rec.File, rec.Start, rec.Index)
			run.Sources, run.Source = nil, rec.File
			for i, f := range run.Files {
				run.Files[i] = strings.Replace(f, base, legacy, 1)
				renames[f] = run.Files[i]
			}
			old.Runs[legacy] = run
		}
	}
	if len(old.Runs) != len(m.Runs) {
		t.Fatalf("matched %d of the manifest's %d runs to the export's files", len(old.Runs), len(m.Runs))
	}
	for from, to := range renames {
		if err := os.Rename(filepath.Join(out, from), filepath.Join(out, to)); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeManifest(out, old); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(listDir(t, out), " "), "example-com") {
		t.Fatalf("the old report's names are not private: %v", listDir(t, out))
	}

	_, errs, _ := cli(t, "", "report", "-o", out, exp)
	if !strings.Contains(errs, "(0 drawn, 5 unchanged)") {
		t.Errorf("the migration drew again:\n%s", errs)
	}
	if got, want := strings.Join(listDir(t, out), "\n"), strings.Join(listDir(t, fresh), "\n"); got != want {
		t.Errorf("after the migration the report holds\n%s\nwant, as made afresh,\n%s", got, want)
	}
	checkPrivate(t, out)
}

// TestWatchPrivateExport watches the private export: the pages of the first report
// and of a run dropped in later carry no address or id, while the watch's own lines,
// on the runner's terminal, may.
func TestWatchPrivateExport(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("watches a folder for several seconds")
	}
	exp := privateExport(t)
	out := filepath.Join(t.TempDir(), "report")
	e, stderr := watchEnv()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := startWatch(ctx, e, out, filepath.Join(t.TempDir(), "history.db"), 0, exp)
	waitFor(t, 60*time.Second, "the first report", func() bool { return strings.Contains(stderr.String(), "cadence watch: watching ") })
	if err := os.WriteFile(filepath.Join(exp, "jane.doe@example.com_123456799.fit"), synthRuns(t)[0], 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "a line for the new run", func() bool { return strings.Contains(stderr.String(), "new run ") })
	cancel()
	<-done
	checkPrivate(t, out)
}

// TestLinkKeptPublic links the pages kept for an input that failed, except one named
// by a report from before output names were public.
func TestLinkKeptPublic(t *testing.T) {
	src := "/exp/jane.doe@example.com_0.zip"
	kept := map[string]manifestRun{
		"a": {Files: []string{"2017/2017-06-11_0734_a6ec11-fit.html", "2017/2017-06-11_0734_a6ec11-fit.md"}, Sources: sourceKeys(src + ":a.fit")},
		"b": {Files: []string{"2017/2017-06-11_0800_jane-doe-example-com_987654321-fit.html"}, Sources: sourceKeys(src + ":b.fit")},
		"c": {Files: []string{"2018/2018-01-01_0800_other-fit.html"}, Sources: sourceKeys("/elsewhere/c.fit")},
	}
	notes := []report.IndexNote{{File: src}}
	linkKept(notes, kept)
	if got := strings.Join(notes[0].Kept, " "); got != "2017/2017-06-11_0734_a6ec11-fit.html" {
		t.Errorf("kept links %q, want only the public page of the zip's runs", got)
	}
}
