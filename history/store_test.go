package history

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
)

func f64(v float64) *float64 { return &v }

func sampleResult(file string, idx int) *analysis.Result {
	start := time.Date(2026, 3, 8, 13, 2, 3, 0, time.FixedZone("UTC+01:00", 3600))
	return &analysis.Result{File: file, Index: idx, Format: "fit", Sport: "running", Start: &start,
		DistanceM: f64(13012.5), MovingS: f64(3900), ElapsedS: f64(3950), PaceSPerKm: f64(299.7),
		Cadence: &analysis.Stats{Mean: 165.2, Median: 166, P10: 160, P90: 170, Samples: 3900},
		Running: &analysis.Stats{Median: 166.5, Samples: 3800}, Overstride: false,
		Verdict: analysis.Verdict{Kind: analysis.VerdictOK, Basis: analysis.BasisJudged}, Threshold: 165, Name: "Sunday long run",
		TimeZone: "UTC+01:00", TimeZoneFrom: "file", Warnings: []string{}, PaceBands: []analysis.PaceBand{}, Grades: []analysis.GradeBand{}}
}

func TestStoreRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "history.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok, err := s.Lookup("/runs/a.fit"); ok || err != nil {
		t.Fatalf("empty store: found %v, err %v", ok, err)
	}
	rec := Record{Stamp: Stamp{Size: 12345, ModNS: 1_700_000_000_123_456_789}, SHA256: "abc", Analysis: "analysis 2"}
	r := sampleResult("/runs/a.fit", 0)
	if err := s.Put("/runs/a.fit", rec, Outcome{Results: []*analysis.Result{r}}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Lookup("/runs/a.fit")
	if err != nil || !ok || got != rec {
		t.Fatalf("Lookup = %+v, %v, %v; want %+v", got, ok, err, rec)
	}
	o, err := s.Outcome("/runs/a.fit")
	if err != nil || len(o.Results) != 1 {
		t.Fatalf("Outcome = %+v, %v", o, err)
	}
	back := o.Results[0]
	if back.Start.Format(time.RFC3339) != "2026-03-08T13:02:03+01:00" || *back.DistanceM != 13012.5 ||
		back.Cadence.Median != 166 || back.Name != "Sunday long run" || back.DuplicateOf != nil {
		t.Errorf("read back %+v", back)
	}
	// The columns a user queries with sqlite3.
	var sport, start string
	var dist float64
	if err := s.db.QueryRow(`SELECT sport, start, distance_m FROM activities WHERE input = ?`, "/runs/a.fit").Scan(&sport, &start, &dist); err != nil {
		t.Fatal(err)
	}
	if sport != "running" || start != "2026-03-08T13:02:03+01:00" || dist != 13012.5 {
		t.Errorf("row: %s %s %g", sport, start, dist)
	}

	// A file that failed is remembered with its reason and no activity.
	if err := s.Put("/runs/a.fit", rec, Outcome{Err: "not a FIT, GPX or TCX file"}); err != nil {
		t.Fatal(err)
	}
	if o, err := s.Outcome("/runs/a.fit"); err != nil || o.Err != "not a FIT, GPX or TCX file" || len(o.Results) != 0 {
		t.Errorf("failed input: %+v, %v", o, err)
	}
	if err := s.Touch("/runs/a.fit", Stamp{Size: 12345, ModNS: 42}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Lookup("/runs/a.fit"); got.ModNS != 42 || got.SHA256 != "abc" {
		t.Errorf("after Touch: %+v", got)
	}
}

func TestForget(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, k := range []string{"/runs/a.fit", "/runs/old/b.fit", "/runs/x.zip:c.fit", "/runsmore/d.fit"} {
		if err := s.Put(k, Record{SHA256: k}, Outcome{Results: []*analysis.Result{sampleResult(k, 0)}}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.Forget("/runs", map[string]bool{"/runs/a.fit": true})
	if err != nil || n != 2 {
		t.Fatalf("Forget = %d, %v; want 2 (b.fit and the zip member)", n, err)
	}
	for k, want := range map[string]bool{"/runs/a.fit": true, "/runs/old/b.fit": false, "/runs/x.zip:c.fit": false, "/runsmore/d.fit": true} {
		if _, ok, _ := s.Lookup(k); ok != want {
			t.Errorf("%s kept = %v, want %v", k, ok, want)
		}
	}
	var acts int
	s.db.QueryRow(`SELECT count(*) FROM activities`).Scan(&acts)
	if acts != 2 {
		t.Errorf("%d activities left, want 2 (foreign keys cascade)", acts)
	}
}

// TestMigrationFromVersion1 opens a database written with the first schema and checks
// that it is migrated and keeps its rows.
func TestMigrationFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Rebuild the file as version 1 wrote it.
	os.Remove(path)
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(migrations[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO meta VALUES ('schema_version', '1');
		INSERT INTO inputs(key, size, mtime_ns, sha256, analysis, read_at) VALUES ('/r/a.fit', 10, 20, 'h', 'analysis 1', 'then');
		INSERT INTO activities(input, idx, sport, start, start_unix, distance_m, moving_s, cadence_spm, overstride, result)
			VALUES ('/r/a.fit', 0, 'running', '2020-01-01T10:00:00Z', 1577872800, 5000, 1500, 162, 1, '{"file":"/r/a.fit","sport":"running"}');`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatalf("opening a version 1 database: %v", err)
	}
	defer s.Close()
	var v string
	s.db.QueryRow(`SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&v)
	if v != "2" {
		t.Errorf("schema_version %s after migration, want 2", v)
	}
	rec, ok, err := s.Lookup("/r/a.fit")
	if err != nil || !ok || rec.Size != 10 || rec.ModNS != 20 || rec.Analysis != "analysis 1" {
		t.Fatalf("row after migration: %+v %v %v", rec, ok, err)
	}
	o, err := s.Outcome("/r/a.fit")
	if err != nil || len(o.Results) != 1 || o.Results[0].Sport != "running" {
		t.Fatalf("activity after migration: %+v, %v", o, err)
	}
	// The new columns exist and are empty for old rows.
	var name sql.NullString
	if err := s.db.QueryRow(`SELECT name FROM activities`).Scan(&name); err != nil || name.Valid {
		t.Errorf("name column: %v %v", name, err)
	}
}

func TestNewerDatabaseRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec(`UPDATE meta SET value = '99' WHERE key = 'schema_version'`)
	s.Close()
	_, err = Open(path)
	if !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), "newer cadence") || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v; want ErrNewer naming the file", err)
	}
}

func TestDamagedDatabaseSaysHowToRebuild(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.db")
	junk := []byte(strings.Repeat("this is not a database, ", 400))
	if err := os.WriteFile(path, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	if err == nil {
		t.Fatal("a file of junk opened as a history")
	}
	for _, want := range []string{path, "damaged", "delete it", "rebuild"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestDefaultPathFollowsXDG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", dir)
	t.Setenv("HOME", dir)
	p, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	// On Linux and the BSDs the cache folder is XDG_CACHE_HOME; elsewhere it is under
	// the home folder.
	if !strings.HasPrefix(p, dir) || !strings.HasSuffix(p, filepath.Join("cadence", "history.db")) {
		t.Errorf("DefaultPath() = %s, want %s/…/cadence/history.db", p, dir)
	}
}

func TestRecords(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := Record{Stamp: Stamp{Size: 1, ModNS: 2, CRC32: 3}, SHA256: "x", Analysis: "analysis 4"}
	b := Record{Stamp: Stamp{Size: 4, ModNS: 5}, SHA256: "y", Analysis: "analysis 4"}
	s.Put("/r/a.zip:a.fit", a, Outcome{Err: "bad"})
	s.Put("/r/b.fit", b, Outcome{Results: []*analysis.Result{sampleResult("/r/b.fit", 0)}})
	recs, err := s.Records()
	if err != nil || len(recs) != 2 || recs["/r/a.zip:a.fit"] != a || recs["/r/b.fit"] != b {
		t.Errorf("Records() = %v, %v", recs, err)
	}
}

// TestForgetNonASCIIFolder forgets deleted files under a folder whose name holds
// letters of more than one byte: SQLite's substr counts characters, so comparing it
// with a byte length kept them forever.
func TestForgetNonASCIIFolder(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	keys := []string{"/home/jo/läufe/a.fit", "/home/jo/läufe/gone.fit", "/home/jo/läufe/alt/b.fit",
		"/home/jo/läufe/x.zip:c.fit", "/home/jo/läufe2/d.fit", "/home/jo/läufe 2026/e.fit", "/home/jo/бег/f.fit"}
	for _, k := range keys {
		if err := s.Put(k, Record{SHA256: k}, Outcome{Results: []*analysis.Result{sampleResult(k, 0)}}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.Forget("/home/jo/läufe", map[string]bool{"/home/jo/läufe/a.fit": true})
	if err != nil || n != 3 {
		t.Fatalf("Forget = %d, %v; want 3 (gone.fit, alt/b.fit and the zip member)", n, err)
	}
	n, err = s.Forget("/home/jo/бег/", nil)
	if err != nil || n != 1 {
		t.Fatalf("Forget under a Cyrillic folder = %d, %v; want 1", n, err)
	}
	for k, want := range map[string]bool{"/home/jo/läufe/a.fit": true, "/home/jo/läufe/gone.fit": false,
		"/home/jo/läufe/alt/b.fit": false, "/home/jo/läufe/x.zip:c.fit": false, "/home/jo/läufe2/d.fit": true,
		"/home/jo/läufe 2026/e.fit": true, "/home/jo/бег/f.fit": false} {
		if _, ok, _ := s.Lookup(k); ok != want {
			t.Errorf("%s kept = %v, want %v", k, ok, want)
		}
	}
}

// TestForgetOtherNormalisation forgets the deleted files stored under the other
// Unicode spelling of the folder (composed "ä" against "a" and a combining
// diaeresis, as macOS may hand out), and keeps those whose files still exist: on
// Linux the two spellings can be two folders.
func TestForgetOtherNormalisation(t *testing.T) {
	dir := t.TempDir()
	nfc, nfd := filepath.Join(dir, "l\u00e4ufe"), filepath.Join(dir, "la\u0308ufe")
	for _, d := range []string{nfc, nfd} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Skipf("this file system does not keep two spellings apart: %v", err)
		}
	}
	if err := os.WriteFile(filepath.Join(nfd, "kept.fit"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(filepath.Join(dir, "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	keys := map[string]bool{ // key → kept after Forget(nfc)
		filepath.Join(nfc, "seen.fit"):     true,
		filepath.Join(nfc, "deleted.fit"):  false,
		filepath.Join(nfd, "deleted.fit"):  false, // the other spelling, and its file is gone
		filepath.Join(nfd, "kept.fit"):     true,  // the other spelling, whose file is there
		filepath.Join(nfd, "a.zip:in.fit"): false,
	}
	for k := range keys {
		if err := s.Put(k, Record{SHA256: k}, Outcome{}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.Forget(nfc, map[string]bool{filepath.Join(nfc, "seen.fit"): true})
	if err != nil || n != 3 {
		t.Fatalf("Forget = %d, %v; want 3", n, err)
	}
	for k, want := range keys {
		if _, ok, _ := s.Lookup(k); ok != want {
			t.Errorf("%q kept = %v, want %v", k, ok, want)
		}
	}
}

// TestMalformedSchemaVersion opens histories whose schema_version is no version:
// each takes the "damaged, carry on without it" path with an error naming the file,
// never a panic (-1 indexed the migrations at -1).
func TestMalformedSchemaVersion(t *testing.T) {
	for _, v := range []string{"-1", "-9223372036854775808", "", " ", "two", "1.5", "99999999999999999999999", "0x2", "\x00"} {
		path := filepath.Join(t.TempDir(), "h.db")
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Exec(`UPDATE meta SET value = ? WHERE key = 'schema_version'`, v); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s, err = Open(path)
		if err == nil {
			s.Close()
			t.Errorf("schema_version %q: opened", v)
			continue
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "schema_version") ||
			!strings.Contains(err.Error(), "only a cache") {
			t.Errorf("schema_version %q: error %q does not name the file, the value and the way out", v, err)
		}
	}
	// Stored as a number or a NULL rather than text, on a meta table without the
	// NOT NULL a damaged file may lack.
	for _, v := range []any{int64(-1), nil, 2.5, []byte{0xff}} {
		path := filepath.Join(t.TempDir(), "h.db")
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO meta VALUES ('schema_version', ?)`, v); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if s, err := Open(path); err == nil {
			s.Close()
			t.Errorf("schema_version %v (%T): opened", v, v)
		} else if !strings.Contains(err.Error(), path) {
			t.Errorf("schema_version %v: error %q does not name the file", v, err)
		}
	}
}
