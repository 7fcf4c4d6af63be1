package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"golang.org/x/text/unicode/norm"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DefaultPath returns where the history lives unless --db says otherwise:
// os.UserCacheDir()/cadence/history.db (so XDG_CACHE_HOME moves it on Linux).
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder for the history (%v); set XDG_CACHE_HOME or use --db PATH", err)
	}
	return filepath.Join(dir, "cadence", "history.db"), nil
}

// ErrNotStored is returned by Put for results it cannot encode; the store is fine
// and the input is simply read again next time.
var ErrNotStored = errors.New("not stored")

// ErrNewer is returned by Open for a database written by a newer cadence.
var ErrNewer = errors.New("written by a newer cadence")

// A Store is an open history database. Its methods are safe for concurrent use.
type Store struct {
	db       *sql.DB
	path     string
	readOnly bool
}

// Path returns the database's file name.
func (s *Store) Path() string { return s.path }

// ReadOnly reports whether the store was opened for reading only, as its file or
// folder cannot be written (a read-only mount): Put, Touch and Forget then store
// nothing and report no error.
func (s *Store) ReadOnly() bool { return s.readOnly }

// writable reports whether the history at path, which exists, and its folder (where
// SQLite keeps its journal) can be written. A variable so that tests can say no.
var writable = func(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(path), ".cadence-probe-*")
	if err != nil {
		return false
	}
	probe.Close()
	os.Remove(probe.Name())
	return true
}

// Open opens the history at path, creating it (and its folder) if missing and
// migrating an older schema. A database from a newer cadence is refused with ErrNewer;
// a damaged one gives an error that says how to rebuild it.
//
// A history that exists but cannot be written (a read-only mount) is opened for
// reading only, if its schema is this cadence's: see ReadOnly.
func Open(path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", path, err)
	}
	if info, err := os.Stat(abs); err == nil && info.Mode().IsRegular() && !writable(abs) {
		return openReadOnly(path, abs)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("history %s: %w", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", OmitHost: true, Path: abs, RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, damaged(path, err)
	}
	// One connection: SQLite allows one writer at a time anyway, and the statements
	// are short. Workers queue on it instead of on SQLITE_BUSY.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path}
	if err := s.migrate(); err != nil {
		db.Close()
		if errors.Is(err, ErrNewer) {
			return nil, fmt.Errorf("history %s: %w; use that cadence, or --db PATH for another file", path, err)
		}
		return nil, damaged(path, err)
	}
	return s, nil
}

// openReadOnly opens the history at abs (named path) for reading only: immutable,
// since nothing can write it and SQLite could not make its lock files beside it.
func openReadOnly(path, abs string) (*Store, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("immutable", "1")
	u := url.URL{Scheme: "file", OmitHost: true, Path: abs, RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, damaged(path, err)
	}
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path, readOnly: true}
	var text string
	err = db.QueryRow(`SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&text)
	if err == nil {
		if v, cerr := strconv.Atoi(strings.TrimSpace(text)); cerr != nil || v != SchemaVersion {
			err = fmt.Errorf("schema_version %q is not this cadence's (%d), and the file cannot be written to migrate it", text, SchemaVersion)
		}
	}
	if err != nil {
		db.Close()
		return nil, damaged(path, err)
	}
	return s, nil
}

// damaged wraps an error opening or reading the database with the way out.
func damaged(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("history %s is damaged (%v); it is only a cache of your files: delete it and run again to rebuild it, or use --db PATH", path, err)
		}
	}
	return fmt.Errorf("history %s: %v (it is only a cache of your files: deleting it loses nothing)", path, err)
}

// Close closes the database.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	return s.db.Close()
}

// schemaVersion is the schema this cadence writes. Each entry of migrations takes the
// database from version i to i+1.
var migrations = []string{
	// 1: inputs and their activities.
	`CREATE TABLE inputs (
		key      TEXT PRIMARY KEY,
		size     INTEGER NOT NULL,
		mtime_ns INTEGER NOT NULL,
		crc32    INTEGER NOT NULL DEFAULT 0,
		sha256   TEXT NOT NULL,
		analysis TEXT NOT NULL,
		error    TEXT,
		skip     TEXT,
		read_at  TEXT NOT NULL
	);
	CREATE TABLE activities (
		input       TEXT NOT NULL REFERENCES inputs(key) ON DELETE CASCADE,
		idx         INTEGER NOT NULL,
		sport       TEXT NOT NULL,
		start       TEXT,
		start_unix  INTEGER,
		distance_m  REAL,
		moving_s    REAL,
		cadence_spm REAL,
		overstride  INTEGER NOT NULL,
		result      TEXT NOT NULL,
		PRIMARY KEY (input, idx)
	);
	CREATE INDEX activities_start ON activities(start_unix);`,
	// 2: what the trend and the index need without parsing the JSON, and content
	// hashes looked up for identical copies.
	`ALTER TABLE activities ADD COLUMN elapsed_s REAL;
	ALTER TABLE activities ADD COLUMN pace_s_per_km REAL;
	ALTER TABLE activities ADD COLUMN running_cadence_spm REAL;
	ALTER TABLE activities ADD COLUMN name TEXT;
	ALTER TABLE activities ADD COLUMN format TEXT;
	ALTER TABLE activities ADD COLUMN samples INTEGER;
	CREATE INDEX inputs_sha256 ON inputs(sha256);`,
	// 3: activities' results in the binary form of codec.go, which a cadence of
	// version 2 cannot read (it refuses the newer file instead of calling it
	// damaged), and an index that answers Runs (the long-run spikes) without reading
	// the rows. The rows' JSON is then rewritten in the binary form
	// (resultsToBinary); a row that cannot be is still read as JSON.
	`CREATE INDEX activities_runs ON activities(start_unix, sport, distance_m);
	DROP INDEX activities_start;`,
	// 4: whose input each is ('' the default athlete), so that spikes, weeks and the
	// plan only ever use one athlete's runs; and the offset of the file's own clock
	// (NULL where the zone did not come from the file), so that a copy re-saved
	// with a shifted clock is told apart from a run of its own across calls too.
	`ALTER TABLE inputs ADD COLUMN athlete TEXT NOT NULL DEFAULT '';
	CREATE INDEX inputs_athlete ON inputs(athlete);
	ALTER TABLE activities ADD COLUMN wall_offset_s INTEGER;`,
}

// SchemaVersion is the schema version this cadence writes.
var SchemaVersion = len(migrations)

// migrate brings the schema up to SchemaVersion, refusing a newer one.
func (s *Store) migrate() error {
	return s.migrateTo(SchemaVersion)
}

func (s *Store) migrateTo(target int) error {
	ctx := context.Background()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// BEGIN IMMEDIATE (the _txlock): two cadence processes opening a new file at once
	// migrate one after the other.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`); err != nil {
		return err
	}
	v := 0
	var text string
	switch err := tx.QueryRow(`SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&text); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		if v, err = strconv.Atoi(strings.TrimSpace(text)); err != nil || v < 0 {
			return fmt.Errorf("schema_version %q is not a schema version", text)
		}
	}
	if v > len(migrations) {
		return fmt.Errorf("%w (schema version %d; this cadence knows up to %d)", ErrNewer, v, len(migrations))
	}
	if v >= target {
		return tx.Commit()
	}
	for ; v < target; v++ {
		if _, err := tx.Exec(migrations[v]); err != nil {
			return fmt.Errorf("migrating to schema version %d: %w", v+1, err)
		}
		if v+1 == binaryResults {
			if err := resultsToBinary(tx); err != nil {
				return fmt.Errorf("migrating to schema version %d: %w", v+1, err)
			}
		}
	}
	if _, err := tx.Exec(`INSERT INTO meta(key, value) VALUES ('schema_version', ?), ('migrated_by', ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, strconv.Itoa(v), Version); err != nil {
		return err
	}
	return tx.Commit()
}

// Version names the cadence that writes; the command sets it at start-up.
var Version = "dev"

// A Stamp says which bytes an input held when it was read: what the store compares to
// tell an unchanged input without reading it.
type Stamp struct {
	Size  int64
	ModNS int64
	CRC32 uint32
}

// A Record is what the store keeps of one input.
type Record struct {
	Stamp
	SHA256   string // of the bytes as stored (a .gz file compressed)
	Analysis string // the analysis version and options the results were made with
	// Athlete is whose input it is ("" for the default athlete): where the input
	// was found, not what it holds, so it does not make a record stale
	// (SetAthlete changes it).
	Athlete string
}

// Lookup returns what the store has of one input key, if anything. Reading a
// batch takes every record at once (Records); this one is for a single question.
func (s *Store) Lookup(key string) (Record, bool, error) {
	var r Record
	var crc int64
	err := s.db.QueryRow(`SELECT size, mtime_ns, crc32, sha256, analysis, athlete FROM inputs WHERE key = ?`, key).Scan(&r.Size, &r.ModNS, &crc, &r.SHA256, &r.Analysis, &r.Athlete)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, damaged(s.path, err)
	}
	r.CRC32 = uint32(crc)
	return r, true, nil
}

// Records returns what the store has of every input, by key: one query, so that a
// rerun over a large folder need not ask input by input.
func (s *Store) Records() (map[string]Record, error) {
	rows, err := s.db.Query(`SELECT key, size, mtime_ns, crc32, sha256, analysis, athlete FROM inputs`)
	if err != nil {
		return nil, damaged(s.path, err)
	}
	defer rows.Close()
	out := map[string]Record{}
	for rows.Next() {
		var k string
		var r Record
		var crc int64
		if err := rows.Scan(&k, &r.Size, &r.ModNS, &crc, &r.SHA256, &r.Analysis, &r.Athlete); err != nil {
			return nil, damaged(s.path, err)
		}
		r.CRC32 = uint32(crc)
		out[k] = r
	}
	if err := rows.Err(); err != nil {
		return nil, damaged(s.path, err)
	}
	return out, nil
}

// An Outcome is what reading one input gave: its activities analysed, or why it gave
// none (Err: it could not be read; Skip: it is deliberately not an activity).
type Outcome struct {
	Results []*analysis.Result
	Err     string
	Skip    string
}

// Outcome returns the stored outcome of the input key. The results have no series
// (the store keeps none) and name the input by its key: the caller sets File.
func (s *Store) Outcome(key string) (Outcome, error) {
	got, err := s.Outcomes([]string{key})
	if err != nil {
		return Outcome{}, err
	}
	st, ok := got[key]
	if !ok {
		return Outcome{}, fmt.Errorf("history %s: no input %s", s.path, key)
	}
	return s.Decode(key, st)
}

// Touch records that an input already stored has a new stamp but the same bytes (a
// copy that kept the content but not the time).
func (s *Store) Touch(key string, st Stamp) error {
	if s.readOnly {
		return nil
	}
	_, err := s.db.Exec(`UPDATE inputs SET size = ?, mtime_ns = ?, crc32 = ? WHERE key = ?`, st.Size, st.ModNS, int64(st.CRC32), key)
	if err != nil {
		return damaged(s.path, err)
	}
	return nil
}

// SetAthlete records that the input key, already stored, is athlete's: the same
// file read again with --athlete or --athletes (or without them).
func (s *Store) SetAthlete(key, athlete string) error {
	if s.readOnly {
		return nil
	}
	if _, err := s.db.Exec(`UPDATE inputs SET athlete = ? WHERE key = ?`, athlete, key); err != nil {
		return damaged(s.path, err)
	}
	return nil
}

// Put stores the outcome of reading the input key, replacing what was there, in one
// transaction.
func (s *Store) Put(key string, rec Record, o Outcome) error {
	if s.readOnly {
		return nil
	}
	tx, err := s.db.Begin()
	if err != nil {
		return damaged(s.path, err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM activities WHERE input = ?`, key); err != nil {
		return damaged(s.path, err)
	}
	if _, err := tx.Exec(`INSERT INTO inputs(key, size, mtime_ns, crc32, sha256, analysis, error, skip, read_at, athlete)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, crc32 = excluded.crc32,
			sha256 = excluded.sha256, analysis = excluded.analysis, error = excluded.error, skip = excluded.skip,
			read_at = excluded.read_at, athlete = excluded.athlete`,
		key, rec.Size, rec.ModNS, int64(rec.CRC32), rec.SHA256, rec.Analysis, nullString(o.Err), nullString(o.Skip),
		time.Now().UTC().Format(time.RFC3339), rec.Athlete); err != nil {
		return damaged(s.path, err)
	}
	for _, r := range o.Results {
		enc, err := encodeResult(r)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrNotStored, key, err)
		}
		var start, startUnix any
		if r.Start != nil {
			start, startUnix = r.Start.Format(time.RFC3339), r.Start.Unix()
		}
		var med, run, wall any
		samples := 0
		if r.Start != nil && r.TimeZoneFrom == "file" {
			_, wall = r.Start.Zone()
		}
		if r.Cadence != nil {
			med, samples = r.Cadence.Median, r.Cadence.Samples
		}
		if r.Running != nil {
			run = r.Running.Median
		}
		if _, err := tx.Exec(`INSERT INTO activities(input, idx, sport, start, start_unix, distance_m, moving_s, elapsed_s,
			pace_s_per_km, cadence_spm, running_cadence_spm, overstride, name, format, samples, result, wall_offset_s)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			key, r.Index, string(r.Sport), start, startUnix, nullFloat(r.DistanceM), nullFloat(r.MovingS), nullFloat(r.ElapsedS),
			nullFloat(r.PaceSPerKm), med, run, r.Overstride, nullString(r.Name), r.Format, samples, enc, wall); err != nil {
			return damaged(s.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return damaged(s.path, err)
	}
	return nil
}

// Forget removes the inputs under folder (an absolute, resolved path) that are not in
// seen: files deleted or moved away since they were read. It returns how many.
//
// Keys are text and are compared as text, byte for byte, in any script. A folder
// whose name holds accents may have been spelt composed (NFC) by one run and
// decomposed (NFD) by another (macOS hands out either); keys under the other spelling
// are forgotten too when not seen, but only once the file they name is gone, since
// on other systems the two spellings can be two folders.
func (s *Store) Forget(folder string, seen map[string]bool) (int, error) {
	if s.readOnly {
		return 0, nil
	}
	prefix := strings.TrimSuffix(folder, string(filepath.Separator)) + string(filepath.Separator)
	var gone []string
	judged := map[string]bool{}
	for i, p := range []string{prefix, norm.NFC.String(prefix), norm.NFD.String(prefix)} {
		exact := i == 0
		if !exact && p == prefix {
			continue
		}
		keys, err := s.keysUnder(p)
		if err != nil {
			return 0, err
		}
		for _, k := range keys {
			// A member of an archive counts as seen when the archive's member was.
			if seen[k] || judged[k] || !exact && fileExists(k) {
				continue
			}
			judged[k] = true
			gone = append(gone, k)
		}
	}
	if len(gone) == 0 {
		return 0, nil
	}
	tx, err := s.db.Begin()
	if err != nil {
		return 0, damaged(s.path, err)
	}
	defer tx.Rollback()
	for _, k := range gone {
		if _, err := tx.Exec(`DELETE FROM inputs WHERE key = ?`, k); err != nil {
			return 0, damaged(s.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, damaged(s.path, err)
	}
	return len(gone), nil
}

// keysUnder returns the keys that start with prefix, compared as bytes. SQLite's
// substr counts characters, so a byte length would cut a path holding "ä" short;
// the keys that start with the prefix's bytes are instead a range of the primary
// key's binary order, which its index serves.
func (s *Store) keysUnder(prefix string) ([]string, error) {
	rows, err := s.db.Query(`SELECT key FROM inputs WHERE key >= ? AND key < ?`, prefix, prefixEnd(prefix))
	if err != nil {
		return nil, damaged(s.path, err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, damaged(s.path, err)
		}
		if strings.HasPrefix(k, prefix) { // the range holds nothing else; a guard
			keys = append(keys, k)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, damaged(s.path, err)
	}
	return keys, nil
}

// fileExists reports whether the file a key names (an archive member's archive) is
// still there, or cannot be told to be gone.
func fileExists(key string) bool {
	p := key
	for {
		_, err := os.Lstat(p)
		if err == nil {
			return true
		}
		if !errors.Is(err, os.ErrNotExist) {
			return true
		}
		i := strings.LastIndexByte(p, ':')
		if i <= 0 {
			return false
		}
		p = p[:i] // "x.zip:inner/run.fit" names x.zip's member
	}
}

// prefixEnd returns the least string above every string that starts with prefix, in
// byte order: prefix with its last byte raised by one (a separator is never 0xff).
func prefixEnd(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return "\xff\xff\xff\xff" // not reached: a prefix ends in a separator
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// A RunRow is a run the history knows: when it started and how far it went, with
// what Dedupe needs to tell its copies apart.
type RunRow struct {
	Start     time.Time
	DistanceM float64
	// Input and Index say which input and which of its activities it is.
	Input string
	Index int
	// ElapsedS is its duration (0 when unknown), Format its file's format, Samples
	// its cadence records and SHA256 its file's hash.
	ElapsedS float64
	Format   string
	Samples  int
	SHA256   string
	// Athlete is whose run it is ("" for the default athlete).
	Athlete string
	// WallOffsetS is the offset from UTC of the file's own clock, when the file
	// gave its zone; nil otherwise.
	WallOffsetS *int
}

// Copy returns the row as Dedupe sees it: with the file's own clock where it gave
// one, so that a copy whose clock was shifted by whole hours is found.
func (r RunRow) Copy() Copy {
	start, dist := r.Start, r.DistanceM
	res := &analysis.Result{File: r.Input, Index: r.Index, Format: r.Format, Sport: "running", Start: &start,
		DistanceM: &dist, Cadence: &analysis.Stats{Samples: r.Samples}}
	if r.WallOffsetS != nil {
		local := start.In(time.FixedZone("", *r.WallOffsetS))
		res.Start, res.TimeZoneFrom = &local, "file"
	}
	if r.ElapsedS > 0 {
		e := r.ElapsedS
		res.ElapsedS = &e
	}
	return Copy{Result: res, SHA256: r.SHA256}
}

// FirstRuns returns the start of the earliest running activity the history holds of
// each athlete; an athlete without runs is not in it.
func (s *Store) FirstRuns() (map[string]time.Time, error) {
	rows, err := s.db.Query(`SELECT i.athlete, MIN(a.start_unix) FROM activities a JOIN inputs i ON i.key = a.input
		WHERE a.sport = 'running' AND a.distance_m > 0 GROUP BY i.athlete`)
	if err != nil {
		return nil, damaged(s.path, err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var who string
		var t sql.NullInt64
		if err := rows.Scan(&who, &t); err != nil {
			return nil, damaged(s.path, err)
		}
		if t.Valid {
			out[who] = time.Unix(t.Int64, 0)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, damaged(s.path, err)
	}
	return out, nil
}

// Runs returns the running activities that the history holds and that started
// between from and to, of every athlete (RunRow.Athlete) and whatever file they
// came from: copies of one run included, which the caller tells apart with Dedupe
// (RunRow.Copy), so that the distance of the copy that counts is the one used.
// One query serves a whole roster: the index on start times finds the window, and
// the caller keeps each athlete's rows apart.
func (s *Store) Runs(from, to time.Time) ([]RunRow, error) {
	rows, err := s.db.Query(`SELECT a.start_unix, a.distance_m, a.input, a.idx, coalesce(a.elapsed_s, 0),
		coalesce(a.format, ''), coalesce(a.samples, 0), i.sha256, i.athlete, a.wall_offset_s
		FROM activities a JOIN inputs i ON i.key = a.input
		WHERE a.sport = 'running' AND a.distance_m > 0 AND a.start_unix BETWEEN ? AND ?`, from.Unix(), to.Unix())
	if err != nil {
		return nil, damaged(s.path, err)
	}
	defer rows.Close()
	var out []RunRow
	for rows.Next() {
		var r RunRow
		var t int64
		var wall sql.NullInt64
		if err := rows.Scan(&t, &r.DistanceM, &r.Input, &r.Index, &r.ElapsedS, &r.Format, &r.Samples, &r.SHA256, &r.Athlete, &wall); err != nil {
			return nil, damaged(s.path, err)
		}
		if wall.Valid {
			w := int(wall.Int64)
			r.WallOffsetS = &w
		}
		r.Start = time.Unix(t, 0).UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, damaged(s.path, err)
	}
	return out, nil
}
