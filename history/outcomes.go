package history

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cadence-run/cadence/analysis"
)

// A Stored is the outcome of one input as the store keeps it, its activities still
// encoded: Outcomes reads many at once, and Decode turns one into an Outcome, so that
// the decoding can be spread over workers.
type Stored struct {
	Err, Skip string
	results   [][]byte // the activities' stored form (codec.go), in index order
}

// Decode returns the outcome st holds. The results have no series and name the input
// by its key (the caller sets File), as with Outcome.
func (s *Store) Decode(key string, st *Stored) (Outcome, error) {
	o := Outcome{Err: st.Err, Skip: st.Skip}
	if len(st.results) > 0 {
		o.Results = make([]*analysis.Result, 0, len(st.results))
	}
	for _, b := range st.results {
		r, err := decodeResult(b)
		if err != nil {
			return Outcome{}, damaged(s.path, fmt.Errorf("activity of %s: %w", key, err))
		}
		o.Results = append(o.Results, r)
	}
	return o, nil
}

// outcomesChunk is how many keys one query of Outcomes asks for: well under SQLite's
// limit on parameters (999 in old builds).
const outcomesChunk = 500

// Outcomes returns what the store holds of each of keys that it has, still encoded:
// one query per 500 keys instead of one per input, so that a rerun over a large
// folder reads the history in one pass. A key the store does not have is left out.
func (s *Store) Outcomes(keys []string) (map[string]*Stored, error) {
	out := make(map[string]*Stored, len(keys))
	for len(keys) > 0 {
		n := min(len(keys), outcomesChunk)
		if err := s.outcomes(keys[:n], out); err != nil {
			return nil, err
		}
		keys = keys[n:]
	}
	return out, nil
}

func (s *Store) outcomes(keys []string, out map[string]*Stored) error {
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	q := `SELECT i.key, i.error, i.skip, a.result FROM inputs i LEFT JOIN activities a ON a.input = i.key
		WHERE i.key IN (?` + strings.Repeat(", ?", len(keys)-1) + `) ORDER BY i.key, a.idx`
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return damaged(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var e, sk sql.NullString
		var res []byte
		if err := rows.Scan(&k, &e, &sk, &res); err != nil {
			return damaged(s.path, err)
		}
		st := out[k]
		if st == nil {
			st = &Stored{Err: e.String, Skip: sk.String}
			out[k] = st
		}
		if res != nil {
			st.results = append(st.results, res)
		}
	}
	if err := rows.Err(); err != nil {
		return damaged(s.path, err)
	}
	return nil
}

// Copy stores under key the outcome stored under from, with rec's stamp, when from
// still holds the content rec.SHA256 analysed as rec.Analysis and read without error
// or skip: a byte-identical copy at another path, recorded without decoding it. It
// reports whether it did; false leaves the store as it was. A read-only store stores
// nothing: false.
func (s *Store) Copy(key string, rec Record, from string) (bool, error) {
	if s.readOnly {
		return false, nil
	}
	tx, err := s.db.Begin()
	if err != nil {
		return false, damaged(s.path, err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM activities WHERE input = ?`, key); err != nil {
		return false, damaged(s.path, err)
	}
	res, err := tx.Exec(`INSERT INTO inputs(key, size, mtime_ns, crc32, sha256, analysis, error, skip, read_at, athlete)
		SELECT ?, ?, ?, ?, sha256, analysis, NULL, NULL, ?, ? FROM inputs
		WHERE key = ? AND sha256 = ? AND analysis = ? AND error IS NULL AND skip IS NULL
		ON CONFLICT(key) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, crc32 = excluded.crc32,
			sha256 = excluded.sha256, analysis = excluded.analysis, error = NULL, skip = NULL,
			read_at = excluded.read_at, athlete = excluded.athlete`,
		key, rec.Size, rec.ModNS, int64(rec.CRC32), time.Now().UTC().Format(time.RFC3339), rec.Athlete, from, rec.SHA256, rec.Analysis)
	if err != nil {
		return false, damaged(s.path, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, nil
	}
	if _, err := tx.Exec(`INSERT INTO activities(input, idx, sport, start, start_unix, distance_m, moving_s, cadence_spm,
		overstride, result, elapsed_s, pace_s_per_km, running_cadence_spm, name, format, samples, wall_offset_s)
		SELECT ?, idx, sport, start, start_unix, distance_m, moving_s, cadence_spm,
		overstride, result, elapsed_s, pace_s_per_km, running_cadence_spm, name, format, samples, wall_offset_s
		FROM activities WHERE input = ?`, key, from); err != nil {
		return false, damaged(s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return false, damaged(s.path, err)
	}
	return true, nil
}
