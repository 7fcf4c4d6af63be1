package fitparse

import (
	"bytes"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// names returns the inputs' names relative to dir, with forward slashes.
func names(dir string, ins []Input) []string {
	var out []string
	for _, in := range ins {
		rel, err := filepath.Rel(dir, in.Name)
		if err != nil || strings.HasPrefix(rel, "..") {
			rel = in.Name
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out
}

func sameList(got, want []string) bool { return strings.Join(got, "\n") == strings.Join(want, "\n") }

// utf16LE encodes s as UTF-16 little-endian, with a byte order mark if bom.
func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// TestExpandByContent fills a folder as a person does: activities under any name
// (a GPX named .txt, a TCX named .xml, a FIT without extension, UTF-16 GPX), photos,
// PDFs, CSV and JSON, export side files, a damaged .fit. Activities are found by their
// first bytes; other files are skipped silently; side files go to Sidecars; the damaged
// .fit is listed so that its failure is reported.
func TestExpandByContent(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	gpx := sample(t, "heartandsole-garmin-fr220-run-tiny.gpx")
	tcx := sample(t, "heartandsole-garmin-fr220-run-tiny.tcx")
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"a/run.txt":                           gpx,
		"a/run.xml":                           tcx,
		"a/GARMIN0001":                        fit,
		"a/run.fit.gz":                        gz(t, fit),
		"a/utf16.dat":                         utf16LE(string(gpx), false),
		"a/utf16bom.gpx":                      utf16LE(string(gpx), true),
		"a/broken.fit":                        []byte("this is not a FIT file at all"),
		"a/photo.jpg":                         {0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'},
		"a/scan.pdf":                          []byte("%PDF-1.4\n%âãÏÓ\n"),
		"a/data.csv":                          []byte("date,distance\n2024-05-01,10\n"),
		"a/data.json":                         []byte(`{"runs": []}`),
		"a/notes.txt.gz":                      gz(t, []byte("just some notes")),
		"a/empty":                             nil,
		"a/.hidden.gpx":                       gpx,
		".hidden/x.fit":                       fit,
		"export/activities.csv":               []byte("Activity ID,Activity Name\n1,Morning Run\n"),
		"export/me_summarizedActivities.json": []byte("[]"),
		"export/gear.json":                    []byte("[]"),
		"export/me_gear.json":                 []byte("[]"),
	} {
		write(t, filepath.Join(dir, name), data)
	}
	e := &Expander{}
	defer e.Close()
	ins := e.Expand([]string{dir})
	want := []string{"a/GARMIN0001", "a/broken.fit", "a/run.fit.gz", "a/run.txt", "a/run.xml", "a/utf16.dat", "a/utf16bom.gpx"}
	if got := names(dir, ins); !sameList(got, want) {
		t.Fatalf("inputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, in := range ins {
		acts, err := in.Parse()
		if strings.HasSuffix(in.Name, "broken.fit") {
			if !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("broken.fit: %v, want ErrUnknownFormat", err)
			}
			continue
		}
		if err != nil || len(acts) != 1 || len(acts[0].Samples) < 46 {
			t.Errorf("%s: %v", in.Name, err)
		}
	}
	wantSide := []string{"export/activities.csv", "export/gear.json", "export/me_gear.json", "export/me_summarizedActivities.json"}
	if got := names(dir, e.Sidecars); !sameList(got, wantSide) {
		t.Errorf("sidecars:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantSide, "\n"))
	}
	if data, err := e.Sidecars[0].Read(); err != nil || !bytes.Contains(data, []byte("Morning Run")) {
		t.Errorf("activities.csv: %q %v", data, err)
	}
}

// TestExpandStravaExportZip reads a Strava bulk export as it comes: activities (also
// gzipped and under any name), routes, media/*.jpg and activities.csv. Photos and CSVs
// are not errors; activities.csv is a side file.
func TestExpandStravaExportZip(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	gpx := sample(t, "heartandsole-garmin-fr220-run-tiny.gpx")
	dir := t.TempDir()
	z := filepath.Join(dir, "export_1234.zip")
	write(t, z, zipOf(t, map[string][]byte{
		"activities/1.fit.gz":   gz(t, fit),
		"activities/2.gpx":      gpx,
		"activities/3":          fit,
		"media/a.jpg":           {0xFF, 0xD8, 0xFF, 0xE0},
		"media/b.jpg":           {0xFF, 0xD8, 0xFF, 0xE1},
		"activities.csv":        []byte("Activity ID\n1\n"),
		"profile.csv":           []byte("x\n"),
		"bikes.csv":             []byte("x\n"),
		"__MACOSX/._2.gpx":      gpx,
		"activities/.DS_Store":  []byte("junk"),
		"clubs/club.json":       []byte("{}"),
		"routes/empty-route.gz": gz(t, []byte("not xml")),
	}))
	e := &Expander{}
	defer e.Close()
	ins := e.Expand([]string{z})
	want := []string{"export_1234.zip:activities/1.fit.gz", "export_1234.zip:activities/2.gpx", "export_1234.zip:activities/3"}
	if got := names(dir, ins); !sameList(got, want) {
		t.Fatalf("inputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, in := range ins {
		if acts, err := in.Parse(); err != nil || len(acts[0].Samples) != 46 {
			t.Errorf("%s: %v", in.Name, err)
		}
	}
	if got := names(dir, e.Sidecars); !sameList(got, []string{"export_1234.zip:activities.csv"}) {
		t.Errorf("sidecars %q", got)
	}
}

// TestExpandNothingFound checks that a folder or archive without any activity is
// reported as one failed input, with the path as given.
func TestExpandNothingFound(t *testing.T) {
	dir := t.TempDir()
	photos := filepath.Join(dir, "photos")
	write(t, filepath.Join(photos, "a.jpg"), []byte{0xFF, 0xD8, 0xFF, 0xE0})
	write(t, filepath.Join(photos, "list.csv"), []byte("a,b\n"))
	empty := filepath.Join(dir, "empty")
	os.MkdirAll(empty, 0o755)
	z := filepath.Join(dir, "media.zip")
	write(t, z, zipOf(t, map[string][]byte{"media/a.jpg": {0xFF, 0xD8, 0xFF, 0xE0}, "activities.csv": []byte("x\n")}))
	e := &Expander{}
	defer e.Close()
	ins := e.Expand([]string{photos, empty, z})
	if len(ins) != 3 {
		t.Fatalf("%d inputs %q, want 3", len(ins), names(dir, ins))
	}
	for i, p := range []string{photos, empty, z} {
		_, err := ins[i].Parse()
		if ins[i].Name != p || err == nil || err.Error() != "no FIT, GPX or TCX activity found under "+p {
			t.Errorf("%s: %s: %v", p, ins[i].Name, err)
		}
	}
	if len(e.Sidecars) != 1 {
		t.Errorf("%d sidecars, want media.zip:activities.csv", len(e.Sidecars))
	}
}

// TestExpandIdentity checks the identities of files and of archive members, nested
// archives included (their keys chain), and that standard input has none.
func TestExpandIdentity(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	tcx := sample(t, "heartandsole-garmin-fr220-run-tiny.tcx")
	dir := t.TempDir()
	p := filepath.Join(dir, "run.fit")
	write(t, p, fit)
	mtime := time.Date(2024, 5, 1, 10, 0, 0, 123456789, time.UTC)
	os.Chtimes(p, mtime, mtime)
	z := filepath.Join(dir, "export.zip")
	write(t, z, zipOf(t, map[string][]byte{
		"inner.zip": zipOf(t, map[string][]byte{"a.fit": fit}),
		"b.tcx":     tcx,
	}))
	zmtime := time.Date(2024, 6, 2, 8, 30, 0, 0, time.UTC)
	os.Chtimes(z, zmtime, zmtime)
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := &Expander{Stdin: bytes.NewReader(fit)}
	defer e.Close()
	ins := e.Expand([]string{p, z, "-"})
	if len(ins) != 4 {
		t.Fatalf("inputs %q", names(dir, ins))
	}
	want := []Identity{
		{Key: filepath.Join(real, "run.fit"), Size: int64(len(fit)), ModNS: mtime.UnixNano()},
		{Key: filepath.Join(real, "export.zip") + ":b.tcx", Size: int64(len(tcx)), ModNS: zmtime.UnixNano(), CRC32: crc32.ChecksumIEEE(tcx)},
		{Key: filepath.Join(real, "export.zip") + ":inner.zip:a.fit", Size: int64(len(fit)), ModNS: zmtime.UnixNano(), CRC32: crc32.ChecksumIEEE(fit)},
	}
	for i, w := range want {
		if ins[i].ID == nil || *ins[i].ID != w {
			t.Errorf("%s: identity %+v, want %+v", ins[i].Name, ins[i].ID, w)
		}
	}
	if ins[3].Name != "-" || ins[3].ID != nil {
		t.Errorf("stdin: %s %+v, want no identity", ins[3].Name, ins[3].ID)
	}
	// A rewritten file has a new identity.
	later := mtime.Add(time.Second)
	os.Chtimes(p, later, later)
	e2 := &Expander{}
	defer e2.Close()
	if in := e2.Expand([]string{p}); in[0].ID.ModNS != later.UnixNano() {
		t.Errorf("after touch: %+v", in[0].ID)
	}
}

// TestSniffUTF16 checks that UTF-16 GPX and TCX are recognised and read, with and
// without a byte order mark, in both byte orders.
func TestSniffUTF16(t *testing.T) {
	gpx := string(sample(t, "heartandsole-garmin-fr220-run-tiny.gpx"))
	tcx := string(sample(t, "heartandsole-garmin-fr220-run-tiny.tcx"))
	swap := func(b []byte) []byte {
		out := append([]byte(nil), b...)
		for i := 0; i+1 < len(out); i += 2 {
			out[i], out[i+1] = out[i+1], out[i]
		}
		return out
	}
	for _, tc := range []struct {
		name string
		data []byte
		want Format
	}{
		{"gpx LE BOM", utf16LE(gpx, true), FormatGPX},
		{"gpx LE", utf16LE(gpx, false), FormatGPX},
		{"gpx BE BOM", swap(utf16LE(gpx, true)), FormatGPX},
		{"gpx BE", swap(utf16LE(gpx, false)), FormatGPX},
		{"tcx LE", utf16LE(tcx, false), FormatTCX},
		{"tcx BE BOM", swap(utf16LE(tcx, true)), FormatTCX},
	} {
		if got := Sniff(tc.data); got != tc.want {
			t.Errorf("%s: Sniff = %q, want %q", tc.name, got, tc.want)
		}
		acts, err := Parse(tc.name, tc.data)
		want, _ := Parse("utf8", []byte(gpx))
		if tc.want == FormatTCX {
			want, _ = Parse("utf8", []byte(tcx))
		}
		if err != nil || len(acts[0].Samples) != len(want[0].Samples) || acts[0].Name != want[0].Name {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestExpandSkipsPartialDownloads checks that a file still being downloaded or copied
// (a browser's .crdownload, a .part) is not read until it has its own name.
func TestExpandSkipsPartialDownloads(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../testdata/sample/heartandsole-garmin-fr220-run-tiny.fit")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"run.fit.crdownload", "run2.fit.part", "run3.fit"} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var e Expander
	defer e.Close()
	ins := e.Expand([]string{dir})
	if len(ins) != 1 || filepath.Base(ins[0].Name) != "run3.fit" {
		var names []string
		for _, in := range ins {
			names = append(names, in.Name)
		}
		t.Errorf("inputs %v, want only run3.fit", names)
	}
}

// TestExpandKnownSkipsSniffing checks that a file the cache knows by its identity is
// listed without being opened: on a rerun that is most of Expand's work.
func TestExpandKnownSkipsSniffing(t *testing.T) {
	dir := t.TempDir()
	// Not an activity by its bytes: only Known can list it.
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("plain text"), 0o644); err != nil {
		t.Fatal(err)
	}
	var asked []string
	e := Expander{Known: func(id Identity) bool {
		asked = append(asked, filepath.Base(id.Key))
		return true
	}}
	defer e.Close()
	ins := e.Expand([]string{dir})
	if len(ins) != 1 || filepath.Base(ins[0].Name) != "notes.txt" || len(asked) != 1 {
		t.Errorf("inputs %d, asked %v", len(ins), asked)
	}
	var plain Expander
	defer plain.Close()
	ins = plain.Expand([]string{dir})
	if len(ins) != 1 || ins[0].ID != nil {
		t.Fatalf("without Known: %d inputs", len(ins))
	}
	if _, err := ins[0].Read(); err == nil || !strings.Contains(err.Error(), "no FIT, GPX or TCX activity found") {
		t.Errorf("without Known the text file is no activity; got %v", err)
	}
}
