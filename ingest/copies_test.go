package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// withoutName returns r encoded without what names its file or its copy, for
// comparing the results of byte-identical copies.
func withoutName(t *testing.T, r *analysis.Result) string {
	t.Helper()
	c := *r
	c.File, c.DuplicateOf = "", nil
	js, err := json.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

// copiesFolder writes a folder with a FIT run three times (two copies at other
// paths), a GPX twice and a broken FIT twice, and returns it.
func copiesFolder(t *testing.T) string {
	dir := t.TempDir()
	fit, gpx := "workoutizer-garmin-fr25-run-pauses.fit", "workoutizer-garmin-connect-run.gpx"
	copyFile(t, filepath.Join(samples, fit), filepath.Join(dir, "a", fit))
	copyFile(t, filepath.Join(samples, fit), filepath.Join(dir, "b", "copy.fit"))
	copyFile(t, filepath.Join(samples, fit), filepath.Join(dir, "Downloads (1)", fit))
	copyFile(t, filepath.Join(samples, gpx), filepath.Join(dir, "a", gpx))
	copyFile(t, filepath.Join(samples, gpx), filepath.Join(dir, "b", gpx))
	broken := []byte("\x0e\x10\x00\x00\x10\x00\x00\x00.FIT\x00\x00")
	for _, d := range []string{"a", "b"} {
		if err := os.WriteFile(filepath.Join(dir, d, "broken.fit"), broken, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkCopies checks a batch over copiesFolder: every copy has the results of the
// file it copies, is marked as a copy of the one that counts, and each broken file
// has its own error.
func checkCopies(t *testing.T, b *Batch, more ...string) {
	t.Helper()
	bySum := map[string]string{}
	failed := 0
	for _, it := range b.Items {
		if it.Err != nil {
			failed++
			if line := ErrorLine(it.Name, it.Err); !strings.HasPrefix(line, it.Name+": ") {
				t.Errorf("error line %q does not name its file", line)
			}
			continue
		}
		if len(it.Results()) != 1 {
			t.Fatalf("%s: %d results, want 1", it.Name, len(it.Results()))
		}
		r := it.Results()[0]
		if r.File != it.Name {
			t.Errorf("%s: result names %s", it.Name, r.File)
		}
		js := withoutName(t, r)
		if want, ok := bySum[it.SHA256]; ok && js != want {
			t.Errorf("%s: results differ from its copy's:\n%s\n%s", it.Name, js, want)
		}
		bySum[it.SHA256] = js
	}
	if failed != 2 || len(bySum) != 2 {
		t.Errorf("%d errors and %d contents, want 2 and 2", failed, len(bySum))
	}
	dups := map[string]string{}
	b.Results(func(_ *Item, r *analysis.Result) {
		if r.DuplicateOf != nil {
			dups[filepath.Base(filepath.Dir(r.File))+"/"+filepath.Base(r.File)] = filepath.Base(filepath.Dir(*r.DuplicateOf)) + "/" + filepath.Base(*r.DuplicateOf)
		}
		// The interval session is a workout whose reps pass.
		if r.Format == "fit" && (r.Verdict.Kind != analysis.VerdictOK || r.Workout == nil || r.Running.Median != 160) {
			t.Errorf("%s: %s at %g, want a workout, ok, at 160", r.File, r.Verdict.Kind, r.Running.Median)
		}
	})
	// The first by name counts: "Downloads (1)" sorts before "a".
	fit := "Downloads (1)/workoutizer-garmin-fr25-run-pauses.fit"
	want := map[string]string{
		"a/workoutizer-garmin-fr25-run-pauses.fit": fit,
		"b/copy.fit":                           fit,
		"b/workoutizer-garmin-connect-run.gpx": "a/workoutizer-garmin-connect-run.gpx",
	}
	for _, m := range more {
		want[m] = fit
	}
	if len(dups) != len(want) {
		t.Errorf("copies marked: %v, want %v", dups, want)
	}
	for k, v := range want {
		if dups[k] != v {
			t.Errorf("%s: duplicate of %q, want %q", k, dups[k], v)
		}
	}
}

// TestByteCopiesDecodedOnce checks that within one batch each content is decoded
// once, with and without a history, the copies getting the same results and still
// marked as copies; and that a broken file's copy reports its own error.
func TestByteCopiesDecodedOnce(t *testing.T) {
	for _, db := range []string{"", "h.db"} {
		dir := copiesFolder(t)
		if db != "" {
			db = filepath.Join(t.TempDir(), db)
		}
		b, fresh := readWith(t, db, dir)
		if len(b.Items) != 7 {
			t.Fatalf("history %q: %d inputs, want 7", db, len(b.Items))
		}
		// The FIT and the GPX once each; each broken file on its own.
		if fresh != 4 {
			t.Errorf("history %q: %d inputs decoded, want 4", db, fresh)
		}
		for _, it := range b.Items {
			if want := db != ""; it.SHA256 != "" && (len(it.SHA256) == 64) != want {
				t.Errorf("history %q: %s hashed as %q", db, it.Name, it.SHA256)
			}
		}
		checkCopies(t, b)
	}
}

// TestByteCopyFromHistory checks that a copy at a new path of a file an earlier run
// read is taken from the history without decoding, with the same results, and is
// kept in the history under its own path.
func TestByteCopyFromHistory(t *testing.T) {
	dir := copiesFolder(t)
	db := filepath.Join(t.TempDir(), "h.db")
	readWith(t, db, dir)
	fit := "workoutizer-garmin-fr25-run-pauses.fit"
	copyFile(t, filepath.Join(samples, fit), filepath.Join(dir, "c", "new.fit"))
	b, fresh := readWith(t, db, dir)
	if fresh != 0 {
		t.Errorf("a new copy: %d inputs decoded, want 0", fresh)
	}
	checkCopies(t, b, "c/new.fit")
	h, err := OpenHistory(db, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	real, _ := filepath.EvalSymlinks(dir)
	if _, ok, _ := h.s.Lookup(filepath.Join(real, "c", "new.fit")); !ok {
		t.Error("the copy is not in the history")
	}
	if _, fresh := readWith(t, db, dir); fresh != 0 {
		t.Errorf("rerun: %d inputs decoded, want 0", fresh)
	}
}

// TestContentHash checks the two hashes: SHA-256 for the history, the cheap one
// otherwise; equal for equal bytes, different for one byte changed.
func TestContentHash(t *testing.T) {
	data := []byte("0123456789abcdef0123456789")
	if sum := sha256.Sum256(data); contentHash(data, true) != hex.EncodeToString(sum[:]) {
		t.Errorf("sha-256: %q", contentHash(data, true))
	}
	cheap := contentHash(data, false)
	if !strings.HasPrefix(cheap, "crc-") || cheap != contentHash(append([]byte(nil), data...), false) {
		t.Errorf("cheap hash %q", cheap)
	}
	other := append([]byte(nil), data...)
	other[5] ^= 1
	if contentHash(other, false) == cheap || contentHash(data[:len(data)-1], false) == cheap {
		t.Error("different bytes hash alike")
	}
}

// BenchmarkContentHash measures naming a file's bytes, with SHA-256 (a history) and
// with the cheap hash (--no-history), over a real FIT file.
func BenchmarkContentHash(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(samples, "workoutizer-garmin-fr25-run-pauses.fit"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name       string
		forHistory bool
	}{{"sha256", true}, {"crc32x2", false}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				contentHash(data, c.forHistory)
			}
		})
	}
}
