package exportmeta

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// The activities.csv columns that AddStravaCSV reads.
const (
	colID       = "Activity ID"
	colDate     = "Activity Date"
	colName     = "Activity Name"
	colType     = "Activity Type"
	colDistance = "Distance"
	colFile     = "Filename"
	colGear     = "Activity Gear"
)

// stravaDateLayouts are the forms of "Activity Date" that AddStravaCSV understands, all
// in UTC. The first is what exports write ("Mar 8, 2026, 1:02:03 PM").
var stravaDateLayouts = []string{
	"Jan 2, 2006, 3:04:05 PM",
	"Jan 2, 2006 3:04:05 PM",
	"2 Jan 2006, 15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05Z07:00",
}

// AddStravaCSV adds the activities of a Strava bulk export's activities.csv, read from r.
// root is the folder the csv sits in, as the caller will name the activity files later
// (a directory such as "/abs/export", or an archive prefix such as "/abs/export.zip:");
// each entry's Path is its File joined onto root.
//
// The columns are found by name in the header, in any order; where a name repeats, the
// first column of that name is read, except "Distance": its first column is in the
// athlete's display units (km for most sports), its second in metres, so DistanceM comes
// from the second and is NaN when there is no second. The reader is lenient: a UTF-8 byte
// order mark is skipped, quotes need not be balanced, rows may be short or long, and a
// row without a decimal "Activity ID" is skipped. An unreadable date leaves Start zero;
// a Filename that is absolute, leaves the export or holds control characters leaves File
// empty.
//
// AddStravaCSV fails if the header has no "Activity ID" column, adding nothing, or if r
// fails, keeping the rows read before the failure.
//
// Rows past MaxEntries are not read: AddStravaCSV then returns ErrTooMany, keeping
// the rows before them.
func (c *Catalog) AddStravaCSV(root string, r io.Reader) error {
	es, err := readStravaCSV(root, r, c.room())
	if merr := c.merge(es, nil); err == nil {
		err = merr
	}
	return err
}

// readStravaCSV reads the entries of an activities.csv, at most room of them: past
// that it stops with ErrTooMany.
func readStravaCSV(root string, r io.Reader, room int) ([]Entry, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true

	var header []string
	for header == nil {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, errors.New("exportmeta: activities.csv: no header")
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("exportmeta: activities.csv: %w", err)
		}
		header = append([]string(nil), rec...)
	}
	col := map[string]int{}
	distances := 0
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == colDistance {
			distances++
			if distances == 2 {
				col[colDistance] = i
			}
			continue
		}
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	if _, ok := col[colID]; !ok {
		return nil, errors.New(`exportmeta: activities.csv: no "Activity ID" column in the header`)
	}
	field := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return rec[i]
	}

	var es []Entry
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return es, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			continue // a bad row is skipped; the reader goes on at the next line
		}
		if err != nil {
			return es, fmt.Errorf("exportmeta: activities.csv: %w", err)
		}
		id := strings.TrimSpace(field(rec, colID))
		if !isDecimalID(id) {
			continue
		}
		if len(es) >= room {
			return es, ErrTooMany
		}
		e := Entry{
			Source:    Strava,
			ID:        id,
			Name:      cleanText(field(rec, colName)),
			Type:      cleanText(field(rec, colType)),
			Start:     parseStravaDate(field(rec, colDate)),
			DistanceM: parseMetres(field(rec, colDistance)),
			File:      cleanFile(field(rec, colFile)),
			Gear:      cleanText(field(rec, colGear)),
		}
		e.Path = joinRoot(root, e.File)
		es = append(es, e)
	}
}

// parseStravaDate reads an "Activity Date" as UTC, or returns the zero time.
func parseStravaDate(s string) time.Time {
	// Newer locale data puts a narrow no-break space before AM/PM.
	s = strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(strings.TrimSpace(s))
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	for _, layout := range stravaDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// parseMetres reads a distance in metres, or returns NaN if there is none.
func parseMetres(s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return math.NaN()
	}
	return v
}
