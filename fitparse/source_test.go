package fitparse

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// sample reads a file the repository ships in testdata/sample.
func sample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sample", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f, _ := w.Create(n)
		f.Write(files[n])
	}
	w.Close()
	return b.Bytes()
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExpandExportTree builds what a runner drops in a folder: nested folders, a
// Strava bulk export (activities/*.fit.gz, routes/*.gpx without times), and a Garmin
// export zip with a nested zip of mixed formats; every activity must be found and read.
func TestExpandExportTree(t *testing.T) {
	fit := sample(t, "workoutizer-garmin-fr25-run-pauses.fit")
	gpx := sample(t, "heartandsole-garmin-fr220-run-tiny.gpx")
	tcx := sample(t, "heartandsole-garmin-fr220-run-tiny.tcx")
	route := []byte(`<?xml version="1.0"?><gpx version="1.1" creator="StravaGPX" xmlns="http://www.topografix.com/GPX/1/1"><rte><name>Loop</name><rtept lat="1" lon="2"/><rtept lat="1.1" lon="2"/></rte></gpx>`)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "2024", "may", "run.fit"), fit)
	write(t, filepath.Join(dir, "2024", "notes.txt"), []byte("not an activity"))
	write(t, filepath.Join(dir, ".hidden", "x.fit"), fit)
	strava := zipOf(t, map[string][]byte{
		"activities/123.fit.gz": gz(t, fit),
		"activities/124.gpx.gz": gz(t, gpx),
		"routes/1.gpx":          route,
		"activities.csv":        []byte("id\n"),
	})
	write(t, filepath.Join(dir, "export_strava.zip"), strava)
	inner := zipOf(t, map[string][]byte{"a.tcx": tcx, "b.fit": fit})
	garmin := zipOf(t, map[string][]byte{"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner})
	write(t, filepath.Join(dir, "garmin.zip"), garmin)

	e := &Expander{}
	defer e.Close()
	inputs := e.Expand([]string{dir})
	var names []string
	ok, skipped := 0, 0
	for _, in := range inputs {
		rel, _ := filepath.Rel(dir, in.Name)
		names = append(names, filepath.ToSlash(rel))
		acts, err := in.Parse()
		var skip *SkipError
		switch {
		case errors.As(err, &skip):
			skipped++
		case err != nil:
			t.Errorf("%s: %v", in.Name, err)
		default:
			if len(acts) != 1 || len(acts[0].Samples) == 0 {
				t.Errorf("%s: %d activities", in.Name, len(acts))
			}
			ok++
		}
	}
	want := []string{
		"2024/may/run.fit",
		"export_strava.zip:activities/123.fit.gz",
		"export_strava.zip:activities/124.gpx.gz",
		"export_strava.zip:routes/1.gpx",
		"garmin.zip:DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip:a.tcx",
		"garmin.zip:DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip:b.fit",
	}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("inputs:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	if ok != 5 || skipped != 1 {
		t.Errorf("%d read, %d skipped; want 5 and the route skipped", ok, skipped)
	}
}

// TestExpandExplicitFileAnyName reads a file given by name whatever its extension,
// and a zip given without .zip, by content.
func TestExpandExplicitFileAnyName(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "download")
	write(t, p, sample(t, "heartandsole-garmin-fr220-run-tiny.tcx"))
	z := filepath.Join(dir, "export")
	write(t, z, zipOf(t, map[string][]byte{"x.fit": sample(t, "heartandsole-garmin-fr220-run-tiny.fit")}))
	e := &Expander{}
	defer e.Close()
	in := e.Expand([]string{p, z, filepath.Join(dir, "missing.fit")})
	if len(in) != 3 {
		t.Fatalf("%d inputs, want 3", len(in))
	}
	if acts, err := in[0].Parse(); err != nil || acts[0].Format != "tcx" {
		t.Errorf("extensionless TCX: %v", err)
	}
	if acts, err := in[1].Parse(); err != nil || in[1].Name != z+":x.fit" || acts[0].Format != "fit" {
		t.Errorf("zip without .zip: %s %v", in[1].Name, err)
	}
	if _, err := in[2].Parse(); err == nil || !strings.Contains(err.Error(), "missing.fit") {
		t.Errorf("missing file: %v", err)
	}
}

// TestStdin reads "-".
func TestStdin(t *testing.T) {
	e := &Expander{Stdin: bytes.NewReader(gz(t, sample(t, "heartandsole-garmin-fr220-run-tiny.fit")))}
	in := e.Expand([]string{"-"})
	acts, err := in[0].Parse()
	if err != nil || len(acts) != 1 || acts[0].File != "-" || len(acts[0].Samples) != 46 {
		t.Fatalf("stdin: %v", err)
	}
}

// TestDecompressionBounded checks that a stream decompressing past the limit is an
// error (a zip bomb or an endless stream), not an out-of-memory kill.
func TestDecompressionBounded(t *testing.T) {
	bomb := gz(t, make([]byte, 4<<20))
	if _, err := gunzip(bomb, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Errorf("gunzip past the limit: %v", err)
	}
	if _, err := readLimited("big", bytes.NewReader(make([]byte, 100)), 99); !errors.Is(err, ErrTooLarge) {
		t.Errorf("readLimited past the limit: %v", err)
	}
	if out, err := gunzip(gz(t, []byte("hello")), 5); err != nil || string(out) != "hello" {
		t.Errorf("gunzip at the limit: %q %v", out, err)
	}
	// A truncated gzip download keeps what decompressed; the reader reports the rest.
	full := gz(t, sample(t, "fitparse-stryd-run-devfields.fit"))
	acts, err := Parse("cut.fit.gz", full[:len(full)/2])
	if err != nil || len(acts) != 1 || len(acts[0].Warnings) == 0 {
		t.Errorf("half a .fit.gz: %v", err)
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Format
	}{
		{"\n\n  <?xml version=\"1.0\"?>\n<gpx>", FormatGPX},
		{"\ufeff<?xml version=\"1.0\"?><!-- c --><TrainingCenterDatabase xmlns=\"x\">", FormatTCX},
		{"<ns:gpx xmlns:ns=\"x\">", FormatGPX},
		{"PK\x03\x04", FormatZip},
		{"\x1f\x8b\x08", FormatGzip},
		{"hello", FormatUnknown},
		{"", FormatUnknown},
	} {
		if got := Sniff([]byte(tc.in)); got != tc.want {
			t.Errorf("Sniff(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
