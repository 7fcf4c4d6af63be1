package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

// notesHelp is the help of --notes, for trend and report.
const notesHelp = "a pain diary, CSV with the columns date,site,pain_during,pain_next_morning,note (pain 0-10), shown beside the load"

// readNotes reads the pain diary at path, printing one line for each problem, and
// returns its notes and whether any row was left out or the file could not be read
// (the exit status is then 1; what could be read is still used).
func readNotes(e *env, path string) ([]coach.Note, bool) {
	if path == "" {
		return nil, false
	}
	n, err := ingest.ReadNotes(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		fmt.Fprintf(e.stderr, "cadence: %s: %s\n", safe(path), safe(err.Error()))
		return nil, true
	}
	for _, p := range n.Problems {
		fmt.Fprintf(e.stderr, "cadence: %s: %s\n", safe(path), safe(p))
	}
	if n.Dropped > 0 {
		fmt.Fprintf(e.stderr, "cadence: %s: %d of %d notes read; fix the %s above and run again\n", safe(path),
			n.Rows-n.Dropped, n.Rows, plural(n.Dropped, "line", "lines"))
	}
	return n.Notes, n.Dropped > 0
}

// writeClinic writes the clinic page into dir when a pain diary is given, and names
// it in idx. weekly is the report's trend (with the plan), nil without runs. It
// returns false when the diary or the page failed (the exit status is then 1).
func writeClinic(e *env, dir string, b *ingest.Batch, cm *common, weekly *report.IndexWeekly, idx *report.Index) bool {
	if cm.notes == "" {
		return true
	}
	imperial := cm.units == "imperial"
	notes, failed := readNotes(e, cm.notes)
	var runs []coach.Run
	b.Results(func(_ *ingest.Item, r *analysis.Result) {
		if run, ok := coach.RunOf(r); ok {
			runs = append(runs, run)
		}
	})
	tr := coach.Trend{RefPaceSPerKm: 1000 / 3.0}
	if weekly != nil {
		tr = weekly.Trend
	}
	page := report.ClinicPage{Generated: time.Now(), Imperial: imperial, Trend: tr, Notes: coach.NotesAgainstLoad(notes, runs, tr)}
	if err := writeIfChanged(filepath.Join(dir, report.ClinicPageName), func(w io.Writer) error {
		return report.WriteClinicPage(w, page)
	}); err != nil {
		fmt.Fprintf(e.stderr, "cadence: clinic page: %v\n", err)
		return false
	}
	idx.Clinic = report.ClinicPageName
	return !failed
}
