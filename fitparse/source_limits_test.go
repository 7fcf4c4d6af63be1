package fitparse

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// A rawMember is a zip member written as given: deflated bytes that may be only the
// start of what the member declares, so that a test can make an archive that claims
// gigabytes in a few kilobytes.
type rawMember struct {
	name     string
	deflated []byte
	size     uint64 // the uncompressed size declared
}

// zipRaw builds a zip archive of raw members.
func zipRaw(t *testing.T, members []rawMember) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, m := range members {
		f, err := w.CreateRaw(&zip.FileHeader{Name: m.name, Method: zip.Deflate, CompressedSize64: uint64(len(m.deflated)), UncompressedSize64: m.size})
		if err != nil {
			t.Fatal(err)
		}
		f.Write(m.deflated)
	}
	w.Close()
	return b.Bytes()
}

// deflated compresses data with raw deflate, as a zip member holds it.
func deflated(data []byte) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// tempDir points os.CreateTemp at a fresh folder and returns it.
func tempDir(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return dir
}

func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// TestGarminExportNestedZip reads a Garmin export as it comes, built here from real
// files: the export zip holds DI_CONNECT/.../UploadedFiles_0-_Part1.zip, which holds
// the activities. The nested archive is copied to a temporary file, not kept in
// memory, and nothing is left in the temporary folder after Close.
func TestGarminExportNestedZip(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	tcx := sample(t, "heartandsole-garmin-fr220-run-tiny.tcx")
	gpx := sample(t, "heartandsole-garmin-fr220-run-tiny.gpx")
	part := zipOf(t, map[string][]byte{"123.fit": fit, "124.tcx": tcx, "125.gpx.gz": gz(t, gpx), "notes.txt": []byte("x")})
	dir := t.TempDir()
	p := filepath.Join(dir, "export.zip")
	write(t, p, zipOf(t, map[string][]byte{
		"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": part,
		"DI_CONNECT/DI-Connect-Fitness/me_summarizedActivities.json":      []byte("[]"),
	}))
	tmp := tempDir(t)
	e := &Expander{}
	ins := e.Expand([]string{p})
	prefix := "export.zip:DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip:"
	want := []string{prefix + "123.fit", prefix + "124.tcx", prefix + "125.gpx.gz"}
	if got := names(dir, ins); !sameList(got, want) {
		t.Fatalf("inputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, f := range []string{"fit", "tcx", "gpx"} {
		acts, err := ins[i].Parse()
		want := map[string]int{"fit": 46, "tcx": 49, "gpx": 46}[f] // as read from the files themselves
		if err != nil || len(acts) != 1 || acts[0].Format != f || len(acts[0].Samples) != want {
			t.Errorf("%s: %v", ins[i].Name, err)
		}
	}
	if len(e.Sidecars) != 1 {
		t.Errorf("%d sidecars, want the summarized activities", len(e.Sidecars))
	}
	if removeOpen {
		// Unlinked as soon as made: nothing to leave behind even if killed.
		if got := filesIn(t, tmp); len(got) != 0 {
			t.Errorf("temporary folder holds %q while open", got)
		}
	}
	var spilled int
	for _, c := range e.closers {
		if _, ok := c.(*tempFile); ok {
			spilled++
		}
	}
	if spilled != 1 {
		t.Errorf("%d temporary files, want 1 for the nested archive", spilled)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if got := filesIn(t, tmp); len(got) != 0 {
		t.Errorf("temporary folder holds %q after Close", got)
	}
	if _, err := ins[0].Read(); err == nil {
		t.Errorf("read after Close succeeded")
	}
}

// TestNestedZipStoredReadInPlace checks that a nested archive stored uncompressed is
// read where it lies in the outer archive: no temporary file, no copy in memory.
func TestNestedZipStoredReadInPlace(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	part := zipOf(t, map[string][]byte{"123.fit": fit, "124.fit.gz": gz(t, fit)})
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, _ := w.CreateHeader(&zip.FileHeader{Name: "DI_CONNECT/UploadedFiles_0-_Part1.zip", Method: zip.Store})
	f.Write(part)
	w.Close()
	dir := t.TempDir()
	p := filepath.Join(dir, "export.zip")
	write(t, p, b.Bytes())
	e := &Expander{}
	defer e.Close()
	ins := e.Expand([]string{p})
	want := []string{"export.zip:DI_CONNECT/UploadedFiles_0-_Part1.zip:123.fit", "export.zip:DI_CONNECT/UploadedFiles_0-_Part1.zip:124.fit.gz"}
	if got := names(dir, ins); !sameList(got, want) {
		t.Fatalf("inputs %q, want %q", got, want)
	}
	for _, in := range ins {
		if acts, err := in.Parse(); err != nil || len(acts[0].Samples) != 46 {
			t.Errorf("%s: %v", in.Name, err)
		}
	}
	for _, c := range e.closers {
		if _, ok := c.(*tempFile); ok {
			t.Errorf("a stored nested archive was copied to a temporary file")
		}
	}
}

// TestArchiveExpansionRefused gives archives that declare more than
// MaxArchiveExpansion (a 42.zip: a few kilobytes that claim terabytes), directly and
// nested inside an export: each is refused whole, at once, with one error naming the
// archive given, and keeps no side files or temporary files.
func TestArchiveExpansionRefused(t *testing.T) {
	start := deflated(make([]byte, 64<<10)) // the first 64 KB of 4 GiB of zeros
	var leaves []rawMember
	for _, n := range []string{"a.fit", "b.fit", "c.fit", "d.fit", "e.fit"} {
		leaves = append(leaves, rawMember{name: n, deflated: start, size: 4 << 30})
	}
	bomb := zipRaw(t, leaves)
	dir := t.TempDir()
	direct := filepath.Join(dir, "42.zip")
	write(t, direct, bomb)
	nested := filepath.Join(dir, "export.zip")
	write(t, nested, zipOf(t, map[string][]byte{"activities.csv": []byte("id\n"), "x/inner.zip": bomb, "run.fit": sample(t, "heartandsole-garmin-fr220-run-tiny.fit")}))
	tmp := tempDir(t)
	e := &Expander{}
	defer e.Close()
	ins := e.Expand([]string{direct, nested})
	if len(ins) != 2 {
		t.Fatalf("inputs %q, want one failure for each archive", names(dir, ins))
	}
	for i, p := range []string{direct, nested} {
		_, err := ins[i].Parse()
		want := p + ": archive expands to more than 16 GiB: not an export, refused"
		if ins[i].Name != p || err == nil || err.Error() != want || !errors.Is(err, ErrRefused) {
			t.Errorf("%s: %v\nwant %s", ins[i].Name, err, want)
		}
	}
	if len(e.Sidecars) != 0 || len(e.closers) != 0 {
		t.Errorf("refused archives left %d side files and %d open files", len(e.Sidecars), len(e.closers))
	}
	if got := filesIn(t, tmp); len(got) != 0 {
		t.Errorf("temporary folder holds %q", got)
	}
}

// TestArchiveTooDeepRefused nests archives six deep, as 42.zip does: refused whole
// with one error, without reading the levels below the fourth.
func TestArchiveTooDeepRefused(t *testing.T) {
	level := zipOf(t, map[string][]byte{"run.fit": sample(t, "heartandsole-garmin-fr220-run-tiny.fit")})
	for range 5 {
		level = zipOf(t, map[string][]byte{"lib.zip": level, "also.zip": level})
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "deep.zip")
	write(t, p, level)
	e := &Expander{}
	defer e.Close()
	ins := e.Expand([]string{p})
	if len(ins) != 1 {
		t.Fatalf("inputs %q", names(dir, ins))
	}
	_, err := ins[0].Parse()
	want := p + ": archive nests archives more than 4 deep (" + p + ":also.zip:also.zip:also.zip:also.zip): not an export, refused"
	if err == nil || err.Error() != want {
		t.Errorf("%v\nwant %s", err, want)
	}
}

// TestArchiveMemberTooLarge checks that a member declaring more than MaxFileSize fails
// on its own, before anything is decompressed, and the rest of the archive is read.
func TestArchiveMemberTooLarge(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, _ := w.Create("run.fit")
	f.Write(fit)
	raw, _ := w.CreateRaw(&zip.FileHeader{Name: "huge.fit", Method: zip.Deflate, CompressedSize64: 10, UncompressedSize64: MaxFileSize + 1, CRC32: crc32.ChecksumIEEE(nil)})
	raw.Write(deflated(make([]byte, 2048))[:10])
	w.Close()
	dir := t.TempDir()
	p := filepath.Join(dir, "a.zip")
	write(t, p, b.Bytes())
	e := &Expander{}
	defer e.Close()
	ins := e.Expand([]string{p})
	if got := names(dir, ins); !sameList(got, []string{"a.zip:run.fit", "a.zip:huge.fit"}) {
		t.Fatalf("inputs %q", got)
	}
	if acts, err := ins[0].Parse(); err != nil || len(acts[0].Samples) != 46 {
		t.Errorf("run.fit: %v", err)
	}
	_, err := ins[1].Parse()
	if want := p + ":huge.fit: too large to read safely: 268435457 bytes, the limit is 268435456"; err == nil || err.Error() != want || !errors.Is(err, ErrTooLarge) {
		t.Errorf("huge.fit: %v\nwant %s", err, want)
	}
}

// TestStdinSpilled reads a zip archive from standard input through a temporary file,
// and refuses random bytes on standard input after their first kilobyte.
func TestStdinSpilled(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	tmp := tempDir(t)
	e := &Expander{Stdin: bytes.NewReader(zipOf(t, map[string][]byte{"a.fit": fit, "b.fit.gz": gz(t, fit)}))}
	ins := e.Expand([]string{"-"})
	if got := names("", ins); !sameList(got, []string{"-:a.fit", "-:b.fit.gz"}) {
		t.Fatalf("inputs %q", got)
	}
	for _, in := range ins {
		if acts, err := in.Parse(); err != nil || len(acts[0].Samples) != 46 || in.ID != nil {
			t.Errorf("%s: %v", in.Name, err)
		}
	}
	e.Close()
	if got := filesIn(t, tmp); len(got) != 0 {
		t.Errorf("temporary folder holds %q after Close", got)
	}

	endless := &countingReader{}
	e = &Expander{Stdin: endless}
	defer e.Close()
	ins = e.Expand([]string{"-"})
	if _, err := ins[0].Parse(); len(ins) != 1 || err == nil || err.Error() != "-: not a FIT, GPX or TCX file" {
		t.Errorf("noise on standard input: %v", err)
	}
	if endless.n > 64<<10 {
		t.Errorf("read %d bytes of noise, want only the first", endless.n)
	}
}

// A countingReader is an endless stream of 'x', counting what was read.
type countingReader struct{ n int }

func (r *countingReader) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = 'x'
	}
	r.n += len(b)
	return len(b), nil
}

// TestBudget checks the memory budget: loads in flight never hold more than its size,
// a load larger than the whole budget is clamped and still runs, and growing a lease
// while others wait never deadlocks.
func TestBudget(t *testing.T) {
	b := newBudget(1000)
	var mu sync.Mutex
	var inUse, peak int64
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				l := &lease{b: b}
				l.resize(int64(100 + (g*37+i*11)%400))
				l.resize(int64(300 + (g*13+i*7)%900)) // grows: may give back and wait
				mu.Lock()
				inUse += l.size()
				peak = max(peak, inUse)
				mu.Unlock()
				if b.inUse() > b.size {
					t.Errorf("budget over: %d of %d", b.inUse(), b.size)
				}
				mu.Lock()
				inUse -= l.size()
				mu.Unlock()
				l.resize(0)
			}
		}()
	}
	wg.Wait()
	if b.inUse() != 0 || peak > 1000 {
		t.Errorf("in use %d after all, peak %d", b.inUse(), peak)
	}
	l := &lease{b: b}
	l.resize(5000)
	if l.size() != 1000 {
		t.Errorf("a lease larger than the budget holds %d, want all 1000", l.size())
	}
	l.resize(0)
}

// TestLoadCountsBytes checks that Load holds the bytes it read, and what parsing them
// takes, against MemoryBudget until Release, and that Parse reads the same activities
// as Input.Parse.
func TestLoadCountsBytes(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	dir := t.TempDir()
	p := filepath.Join(dir, "run.fit.gz")
	data := gz(t, fit)
	write(t, p, data)
	e := &Expander{}
	defer e.Close()
	in := e.Expand([]string{p})[0]
	base := memory.inUse()
	ld, err := in.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ld.Data, data) {
		t.Fatalf("loaded %d bytes, want the %d stored", len(ld.Data), len(data))
	}
	// The stored bytes, the FIT they decompress to (its size from the gzip trailer)
	// and twice that for the samples.
	if got, want := memory.inUse()-base, int64(len(data)+3*len(fit)); got != want {
		t.Errorf("a load holds %d bytes, want %d", got, want)
	}
	acts, err := ld.Parse()
	if err != nil || len(acts) != 1 || len(acts[0].Samples) != 46 {
		t.Fatalf("parse: %v", err)
	}
	ld.Release()
	ld.Release()
	if got := memory.inUse() - base; got != 0 {
		t.Errorf("after Release %d bytes held", got)
	}
}

// TestHugeNameCapped gives a GPX whose <name> is 200 MB (20 MB under -short or the
// race detector): the name read through Parse, which is what the JSON output echoes,
// is at most 200 runes.
func TestHugeNameCapped(t *testing.T) {
	n := 200 << 20
	if testing.Short() || raceEnabled {
		n = 20 << 20
	}
	var b bytes.Buffer
	b.Grow(n + 400)
	b.WriteString(`<?xml version="1.0"?><gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>`)
	for b.Len() < n {
		b.WriteString("Morning run ")
	}
	b.WriteString(`</name><trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time></trkpt><trkpt lat="1.0001" lon="2"><time>2024-05-01T10:00:01Z</time></trkpt></trkseg></trk></gpx>`)
	acts, err := Parse("huge-name.gpx", b.Bytes())
	if err != nil || len(acts) != 1 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	name := acts[0].Name
	if r := utf8.RuneCountInString(name); r > 200 || r < 150 || !strings.HasPrefix(name, "Morning run Morning run") {
		t.Errorf("name of %d runes: %.80q", r, name)
	}
}
