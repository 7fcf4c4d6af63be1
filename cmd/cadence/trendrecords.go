package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

// maxBadRecordLines is how many bad lines of records are answered one by one; the
// rest are counted.
const maxBadRecordLines = 20

// trendFromRecords is trend --from-records: the reduce over analyze's JSON records
// at path ("-" for stdin), each athlete's trend in turn; only one athlete's with
// --athlete NAME (only), and the roster in text with --athletes (roster), as trend
// over the files gives them. notesFailed says a row of the pain diary was left out.
func trendFromRecords(e *env, path string, out trendOut, notesFailed bool, only string, roster bool) int {
	var in io.Reader = e.stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "cadence: %s\n", report.Printable(err.Error()))
			return exitFailed
		}
		defer f.Close()
		in, name = f, path
	}
	status := exitOK
	if notesFailed {
		status = exitFailed
	}
	var rs report.Records
	bad := 0
	err := rs.Read(in, name, func(b report.BadRecord) {
		if bad++; bad <= maxBadRecordLines {
			fmt.Fprintf(e.stderr, "cadence: %s\n", b)
		}
	})
	if bad > 0 {
		status = exitFailed
		if bad > maxBadRecordLines {
			fmt.Fprintf(e.stderr, "cadence: %s: %d more lines that are not records\n", report.Printable(name), bad-maxBadRecordLines)
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "cadence: %s: %s\n", report.Printable(name), report.Printable(err.Error()))
		return exitFailed
	}
	if rs.Errors > 0 {
		fmt.Fprintf(e.stderr, "cadence: %s: %d error %s (inputs analyze could not read) passed over\n", report.Printable(name), rs.Errors, plural(rs.Errors, "record", "records"))
	}
	var athletes []string
	runs := map[string][]coach.Run{}
	for _, a := range rs.Athletes() {
		if only != "" && a != only {
			continue
		}
		if rr := rs.Runs(a, ingest.Copies); len(rr) > 0 {
			athletes, runs[a] = append(athletes, a), rr
		}
	}
	if len(athletes) == 0 {
		whose := ""
		if only != "" {
			whose = " of " + report.Printable(only)
		}
		fmt.Fprintf(e.stderr, "cadence: no runs%s in %s: the trend needs runs with a start time and a distance\n", whose, report.Printable(name))
		return exitFailed
	}
	if roster {
		opt := coach.StatusOptions{Weeks: out.opt, ShoeLimitM: out.limitM, Now: time.Now()}
		if err := trendRoster(e, out.format, athletes, runs, opt, out.imperial); err != nil {
			fmt.Fprintf(e.stderr, "cadence: writing output: %v\n", err)
			return exitFailed
		}
		return status
	}
	if len(athletes) > 1 && len(out.notes) > 0 {
		fmt.Fprintf(e.stderr, "cadence: --notes is one athlete's pain diary, and %s holds %d athletes: give the records of one athlete\n", report.Printable(name), len(athletes))
		return exitFailed
	}
	for i, a := range athletes {
		if err := out.write(e.stdout, a, runs[a], i, len(athletes)); err != nil {
			fmt.Fprintf(e.stderr, "cadence: writing output: %v\n", err)
			return exitFailed
		}
	}
	return status
}

// athleteHeading heads the i-th athlete's trend in text, when there are several.
func athleteHeading(w io.Writer, athlete string, i int) error {
	title := "Athlete: " + report.Printable(athlete)
	if athlete == "" {
		title = "Athlete: (the default athlete, no --athlete given)"
	}
	sep := ""
	if i > 0 {
		sep = "\n"
	}
	_, err := fmt.Fprintf(w, "%s%s\n%s\n\n", sep, title, strings.Repeat("=", len([]rune(title))))
	return err
}
