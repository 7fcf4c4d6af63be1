package fitparse

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// storedZip builds a zip archive whose members are stored uncompressed, in order.
func storedZip(t *testing.T, names []string, data [][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i, n := range names {
		f, err := w.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		f.Write(data[i])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// paddedExport is an export whose nested archive (deflated in the outer one, so the
// whole is small) holds one run and pad bytes of zeros stored uncompressed: the
// shape of a 14 MB zip that carried 3 GiB of padding and wrote it all to TMPDIR.
func paddedExport(t *testing.T, pad int) []byte {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	inner := storedZip(t, []string{"123.fit", "pad.bin"}, [][]byte{fit, make([]byte, pad)})
	return zipOf(t, map[string][]byte{"DI_CONNECT/UploadedFiles_0-_Part1.zip": inner})
}

// TestPaddedNestedZipRefused gives a small export whose nested archive is padded far
// past the temporary space of a batch: refused whole with one error naming the
// archive and the space, before a byte of it is written.
func TestPaddedNestedZipRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "export.zip")
	export := paddedExport(t, 4<<20)
	write(t, p, export)
	if len(export) > 64<<10 {
		t.Fatalf("the padded export is %d bytes; the test wants a small one", len(export))
	}
	tmp := tempDir(t)
	e := &Expander{TempBudget: 1 << 20}
	defer e.Close()
	ins := e.Expand([]string{p})
	if len(ins) != 1 {
		t.Fatalf("inputs %q, want one failure", names(dir, ins))
	}
	_, err := ins[0].Parse()
	want := p + ": archive holds a nested archive, DI_CONNECT/UploadedFiles_0-_Part1.zip, that needs 5 MB of temporary space (TMPDIR), more than the 1 MB left of the 1 MB a batch may use; extract it and give its folder: not an export, refused"
	if err == nil || err.Error() != want || !errors.Is(err, ErrRefused) {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if left := e.tempSpace().remaining(); left != 1<<20 {
		t.Errorf("%d bytes of temporary space left, want all of it: nothing written", left)
	}
	if got := filesIn(t, tmp); len(got) != 0 {
		t.Errorf("temporary folder holds %q", got)
	}

	// The same export under the default budget is read.
	e2 := &Expander{}
	defer e2.Close()
	ins = e2.Expand([]string{p})
	if len(ins) != 1 || !strings.HasSuffix(ins[0].Name, "Part1.zip:123.fit") {
		t.Fatalf("under the default budget: inputs %q", names(dir, ins))
	}
	if acts, err := ins[0].Parse(); err != nil || len(acts) != 1 || len(acts[0].Samples) != 46 {
		t.Errorf("under the default budget: %v", err)
	}
}

// TestTempBudgetSharedByBatch puts three padded exports in a folder, each within the
// budget alone, together beyond it: they are held at once (until Close), so the third
// is refused, the first two are read, and Close gives the space back.
func TestTempBudgetSharedByBatch(t *testing.T) {
	dir := t.TempDir()
	for i := 1; i <= 3; i++ {
		write(t, filepath.Join(dir, fmt.Sprintf("export%d.zip", i)), paddedExport(t, 400<<10))
	}
	tempDir(t)
	e := &Expander{TempBudget: 1 << 20}
	ins := e.Expand([]string{dir})
	var ok, refusedN int
	for _, in := range ins {
		_, err := in.Parse()
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrRefused) && strings.Contains(err.Error(), "temporary space"):
			refusedN++
		default:
			t.Errorf("%s: %v", in.Name, err)
		}
	}
	if ok != 2 || refusedN != 1 {
		t.Errorf("%d read, %d refused; want 2 and 1", ok, refusedN)
	}
	if left := e.tempSpace().remaining(); left >= 1<<20 || left < 0 {
		t.Errorf("%d bytes left while open", left)
	}
	e.Close()
	if left := e.tempSpace().remaining(); left != 1<<20 {
		t.Errorf("%d bytes left after Close, want all %d", left, 1<<20)
	}
}

// A readCounter counts the bytes read through it.
type readCounter struct {
	r io.Reader
	n int64
}

func (c *readCounter) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// TestPaddedZipOnStdinRefused gives a padded zip on standard input: it is spooled
// only up to the temporary space, then fails with one error saying so, instead of
// being spooled up to 16 GiB before it is judged.
func TestPaddedZipOnStdinRefused(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	padded := storedZip(t, []string{"pad.bin", "123.fit"}, [][]byte{make([]byte, 4<<20), fit})
	tmp := tempDir(t)
	in := &readCounter{r: bytes.NewReader(padded)}
	e := &Expander{Stdin: in, TempBudget: 1 << 20}
	ins := e.Expand([]string{"-"})
	if len(ins) != 1 {
		t.Fatalf("inputs %q, want one failure", names("", ins))
	}
	_, err := ins[0].Parse()
	want := "-: too large to read safely: more than the 1 MB of temporary space (TMPDIR) left of the 1 MB a batch may use; give it by path"
	if err == nil || err.Error() != want || !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if in.n > 1<<20+64<<10 {
		t.Errorf("read %d bytes of standard input, want at most the budget and a buffer", in.n)
	}
	e.Close()
	if left := e.tempSpace().remaining(); left != 1<<20 {
		t.Errorf("%d bytes left after Close", left)
	}
	if got := filesIn(t, tmp); len(got) != 0 {
		t.Errorf("temporary folder holds %q", got)
	}

	// Within the budget, the same archive is read.
	e = &Expander{Stdin: bytes.NewReader(padded), TempBudget: 8 << 20}
	defer e.Close()
	ins = e.Expand([]string{"-"})
	if len(ins) != 1 || ins[0].Name != "-:123.fit" {
		t.Fatalf("within the budget: inputs %q", names("", ins))
	}
	if acts, err := ins[0].Parse(); err != nil || len(acts[0].Samples) != 46 {
		t.Errorf("within the budget: %v", err)
	}
}
