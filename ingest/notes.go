package ingest

import (
	"fmt"
	"os"

	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/notes"
)

// Notes is a pain diary as read: its good notes, and a line for each problem.
type Notes struct {
	Notes []coach.Note
	// Problems are "line N: reason", one a bad line, in line order; past the first
	// 100, one last line counts the rest.
	Problems []string
	// Dropped counts the rows left out; Rows the rows read (without the header).
	Dropped, Rows int
}

// ReadNotes reads the pain diary at path (the package notes says what it accepts).
// Its error is for a file that cannot be read as a diary at all, and does not name
// the file; a bad row is one of the Problems, and the good rows are kept.
func ReadNotes(path string) (*Notes, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("is a folder, not a notes file")
	}
	file, err := notes.Read(f)
	if err != nil {
		return nil, err
	}
	out := &Notes{Dropped: file.Dropped(), Rows: file.Rows}
	out.Notes = file.Notes
	for _, p := range file.Problems {
		out.Problems = append(out.Problems, p.String())
	}
	if file.MoreProblems > 0 {
		out.Problems = append(out.Problems, fmt.Sprintf("and %d more lines with problems (%d rows left out in all)", file.MoreProblems, out.Dropped))
	}
	return out, nil
}
