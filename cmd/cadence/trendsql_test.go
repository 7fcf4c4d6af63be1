package main

import (
	"database/sql"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// referenceSQL returns the README's reference query: the ```sql block after the
// line "<!-- reference-sql -->".
func referenceSQL(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "<!-- reference-sql -->\n```sql\n")
	if !ok {
		t.Fatal("README.md has no reference SQL")
	}
	q, _, ok := strings.Cut(after, "```")
	if !ok {
		t.Fatal("README.md's reference SQL does not end")
	}
	return q
}

// loadRecords makes the README's table of records from analyze's JSON Lines in an
// SQLite database, as any engine would: start_s from "start", local_day from its
// first 10 characters.
func loadRecords(t *testing.T, db *sql.DB, jsonl string) {
	t.Helper()
	if _, err := db.Exec(`CREATE TABLE records (athlete TEXT, file TEXT, sport TEXT, duplicate_of TEXT,
		start_s DOUBLE PRECISION, local_day INTEGER, distance_m DOUBLE PRECISION)`); err != nil {
		t.Fatal(err)
	}
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		var r struct {
			Athlete     string   `json:"athlete"`
			File        string   `json:"file"`
			Sport       *string  `json:"sport"`
			DuplicateOf *string  `json:"duplicate_of"`
			Start       *string  `json:"start"`
			DistanceM   *float64 `json:"distance_m"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		var startS, localDay any
		if r.Start != nil {
			st, err := time.Parse(time.RFC3339Nano, *r.Start)
			if err != nil {
				t.Fatal(err)
			}
			day, err := time.Parse("2006-01-02", (*r.Start)[:10])
			if err != nil {
				t.Fatal(err)
			}
			startS, localDay = float64(st.UnixNano())/1e9, int(day.Sub(epoch)/(24*time.Hour))
		}
		if _, err := db.Exec(`INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)`, r.Athlete, r.File, r.Sport, r.DuplicateOf, startS, localDay, r.DistanceM); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReferenceSQL: the README's reference query over the records of the synthetic
// coach folder gives trend's weeks: the same runs, distance and longest run of every
// athlete's every week, and the same long-run spikes.
func TestReferenceSQL(t *testing.T) {
	skipUnderRace(t)
	t.Parallel()
	dir := t.TempDir()
	writeCoachFolder(t, dir)
	all := coachRecords(t, dir)
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "records.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loadRecords(t, db, all)
	rows, err := db.Query(referenceSQL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type week struct {
		Athlete     string  `json:"athlete"`
		Start       string  `json:"start"`
		Runs        int     `json:"runs"`
		DistanceM   float64 `json:"distance_m"`
		LongestRunM float64 `json:"longest_run_m"`
		Spikes      int     `json:"spikes"`
	}
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	var got []week
	for rows.Next() {
		var w week
		var monday int
		if err := rows.Scan(&w.Athlete, &monday, &w.Runs, &w.DistanceM, &w.LongestRunM, &w.Spikes); err != nil {
			t.Fatal(err)
		}
		w.Start = epoch.AddDate(0, 0, monday).Format("2006-01-02")
		w.DistanceM = math.Round(w.DistanceM*10) / 10 // as trend's JSON rounds it
		w.LongestRunM = math.Round(w.LongestRunM*10) / 10
		got = append(got, w)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var want []week
	spikes := 0
	for _, line := range strings.Split(strings.TrimSpace(fromRecords(t, "json", all)), "\n") {
		var w week
		if err := json.Unmarshal([]byte(line), &w); err != nil {
			t.Fatal(err)
		}
		want = append(want, w)
		spikes += w.Spikes
	}
	if len(got) != len(want) || spikes == 0 {
		t.Fatalf("%d weeks from SQL, %d from trend (%d spikes)", len(got), len(want), spikes)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("week %d: SQL %+v, trend %+v", i, got[i], want[i])
		}
	}
	t.Logf("%d athlete-weeks, %d spikes: the same from SQL and from trend", len(want), spikes)
}
