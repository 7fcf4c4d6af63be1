package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// The limits of reading records, so that memory stays bounded whatever the input:
// a line longer than MaxRecordLine is answered as a bad line and passed over, and
// more than MaxRecordRuns runs over all inputs stop the reading (each run kept is
// about a kilobyte, so the runs take half a gigabyte at most).
const (
	MaxRecordLine = 1 << 20
	MaxRecordRuns = 500_000
	// maxZones bounds the time zones looked up by name and kept.
	maxZones = 1000
)

// ErrTooManyRuns is returned by Records.Read when the inputs hold more than
// MaxRecordRuns counted runs.
var ErrTooManyRuns = fmt.Errorf("more than %d runs in the records: split them by athlete and reduce each part on its own", MaxRecordRuns)

// recordIn is a record as the reduce reads it: the record analyze writes
// (resultJSON, so that the keys are read as they are written), or an error record.
// Keys it does not know are passed over, so a newer record of this version may
// carry more. The reduce uses what RunOf needs to count a run and to build it, what
// the rule for copies compares (the format, the elapsed time, the cadence samples,
// where the zone came from), and the target (coach.Target) that the verdict's
// words cannot give back.
type recordIn struct {
	resultJSON
	// SchemaVersion is nil for a record without one.
	SchemaVersion *int    `json:"schema_version"`
	Error         *string `json:"error"`
}

// A BadRecord is a line of records that could not be used: its input's name, its
// line number (from 1) and why.
type BadRecord struct {
	Name   string
	Line   int
	Reason string
}

// String is the line's message, the name and reason escaped (Printable).
func (b BadRecord) String() string {
	return fmt.Sprintf("%s:%d: %s", Printable(b.Name), b.Line, Printable(b.Reason))
}

// Records gathers the runs of analyze's JSON records (`analyze --format json`), by
// athlete, for the reduce over them (`trend --from-records`). Error records and
// activities that are not runs (rides, walks by their sport, copies marked as such,
// no start) are passed over and counted.
type Records struct {
	runs  map[string][]recordRun
	n     int
	zones map[string]*time.Location
	// Errors counts the error records ({"file", "error"}), Others the records of
	// activities that are not runs.
	Errors, Others int
}

// A recordRun is a run's record as the reduce keeps it: the part of the result it
// needs, and the run's target.
type recordRun struct {
	r      *analysis.Result
	target float64
}

// Read reads one input of JSON Lines named name. Every line that is not a record
// of this version (bad JSON, a record of a newer or an older version, a line
// longer than MaxRecordLine) is handed to bad and passed over; the rest are read
// on. It returns an error when reading fails, or ErrTooManyRuns.
func (rs *Records) Read(r io.Reader, name string, bad func(BadRecord)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte
	for n := 1; ; n++ {
		line = line[:0]
		tooLong := false
		var err error
		for {
			var frag []byte
			frag, err = br.ReadSlice('\n')
			if !tooLong && len(line)+len(frag) > MaxRecordLine {
				tooLong, line = true, line[:0]
			}
			if !tooLong {
				line = append(line, frag...)
			}
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if err != nil && err != io.EOF {
			return err
		}
		switch {
		case tooLong:
			bad(BadRecord{name, n, fmt.Sprintf("a line longer than %d bytes is not a record", MaxRecordLine)})
		case len(bytes.TrimSpace(line)) > 0:
			if reason := rs.add(line); reason != "" {
				bad(BadRecord{name, n, reason})
			}
			if rs.n > MaxRecordRuns {
				return ErrTooManyRuns
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// add reads one line and keeps its run; it returns why the line is not a record, or
// "".
func (rs *Records) add(line []byte) string {
	var in recordIn
	if err := json.Unmarshal(line, &in); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Sprintf("not a record: %s holds a JSON %s", strings.TrimPrefix(te.Field, "resultJSON."), te.Value)
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return "not JSON: " + err.Error()
		}
		return "not a record: " + err.Error()
	}
	switch v := in.SchemaVersion; {
	case v == nil:
		return "a record without schema_version, from an older cadence: run analyze --format json again"
	case *v > SchemaVersion:
		return fmt.Sprintf("schema_version %d is newer than this cadence reads (%d): update cadence to read it", *v, SchemaVersion)
	case *v < 1:
		return fmt.Sprintf("schema_version %d is not one cadence writes", *v)
	}
	if in.Error != nil {
		rs.Errors++
		return ""
	}
	// A running activity with a start is kept even without a distance: it is not a
	// counted run, but it may be the copy of one that counts (Runs).
	if in.Sport != activity.Running || in.Start == nil || in.DuplicateOf != nil {
		rs.Others++
		return ""
	}
	r := &analysis.Result{File: in.File, Index: in.Index, Format: in.Format, Sport: in.Sport, Start: rs.local(in.Start, in.TimeZone),
		TimeZone: in.TimeZone, TimeZoneFrom: in.TimeZoneFrom, MovingS: in.MovingS, ElapsedS: in.ElapsedS, DistanceM: in.DistanceM,
		Cadence: in.Cadence, Running: in.Running, RunPace: in.RunPace, Verdict: analysis.Verdict{Kind: in.Verdict.Kind},
		Threshold: in.Threshold, Workout: in.Workout, SpeedBins: in.SpeedBins, RunningM: in.RunningM, DownhillM: in.DownhillM, Gear: in.Gear}
	rr := recordRun{r: r}
	if t := in.TargetSPM; t != nil && *t > 0 {
		rr.target = *t
	}
	if rs.runs == nil {
		rs.runs = map[string][]recordRun{}
	}
	rs.runs[in.Athlete] = append(rs.runs[in.Athlete], rr)
	rs.n++
	return ""
}

// local returns t in the time zone the record names, where that zone loads and
// agrees with t's offset: the zone decides where a week begins across a change of
// summer time, as it does over the files. Otherwise t keeps the record's offset.
func (rs *Records) local(t *time.Time, zone string) *time.Time {
	if t == nil || zone == "" || !zoneName(zone) {
		return t
	}
	loc, ok := rs.zones[zone]
	if !ok {
		var err error
		if loc, err = time.LoadLocation(zone); err != nil {
			loc = nil
		}
		if rs.zones == nil {
			rs.zones = map[string]*time.Location{}
		}
		if len(rs.zones) < maxZones {
			rs.zones[zone] = loc
		}
	}
	if loc == nil {
		return t
	}
	lt := t.In(loc)
	_, off := t.Zone()
	if _, lo := lt.Zone(); lo != off {
		return t
	}
	return &lt
}

// zoneName reports whether s looks like a zone name ("Europe/Berlin", "Local",
// "Etc/GMT+2"), so that nothing else from a record reaches the zone database.
func zoneName(s string) bool {
	if len(s) > 64 {
		return false
	}
	for _, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '_' || c == '-' || c == '+'
		if !ok {
			return false
		}
	}
	return true
}

// Athletes returns the athletes of the runs read, sorted ("" first).
func (rs *Records) Athletes() []string {
	out := make([]string, 0, len(rs.runs))
	for a := range rs.runs {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Runs returns the athlete's counted runs (coach.RunOf), oldest first (by file name
// for one start, whatever order the records came in), each with its long-run spike
// against that athlete's runs only (coach.MarkSpikes): what spike a record carries
// is not used, since it may have been judged with a history or beside other
// athletes.
//
// copies, when not nil, finds the copies among the athlete's running activities
// (the pipeline's rule, ingest.Copies): for each, the index of the one that counts,
// or -1. Records made file by file cannot know that a GPX is the copy of a FIT;
// records made of a whole folder at once already say so (duplicate_of).
func (rs *Records) Runs(athlete string, copies func([]*analysis.Result) []int) []coach.Run {
	rrs := rs.runs[athlete]
	results := make([]*analysis.Result, len(rrs))
	for i, rr := range rrs {
		results[i] = rr.r
	}
	var dup []int
	if copies != nil {
		dup = copies(results)
	}
	var runs []coach.Run
	for i, rr := range rrs {
		if dup != nil && dup[i] >= 0 {
			continue
		}
		if run, ok := coach.RunOf(rr.r); ok {
			run.TargetSPM = rr.target
			runs = append(runs, run)
		}
	}
	sort.SliceStable(runs, func(i, j int) bool {
		if !runs[i].Start.Equal(runs[j].Start) {
			return runs[i].Start.Before(runs[j].Start)
		}
		return runs[i].File < runs[j].File
	})
	coach.MarkSpikes(runs)
	return runs
}
