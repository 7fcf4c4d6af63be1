package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/cadence-run/cadence/report"
)

func cmdAnalyze() *command {
	c := &command{
		Name:      "analyze",
		UsageLine: "analyze [--format text|json|csv] [--units metric|imperial] [--threshold SPM] [--db FILE] [-j N] PATH...",
		Short:     "show cadence, pace and an overstride verdict for each activity",
		Long: `Analyze reads activity files and prints, for each activity, its cadence in steps
per minute over moving time, its distance, moving time and pace, and whether the
running cadence is lower than is typical at its pace, which often goes with
overstriding (cadence cannot see where the foot lands).

A PATH is a .fit, .gpx or .tcx file (also gzipped, as in a Strava bulk export), a
.zip archive (a Garmin or Strava export; nested archives too), a folder (read
recursively), or - for standard input. The format is read from the content.

Cadence: FIT running cadence counts one foot; it is doubled to steps per minute,
with its fractional part. GPX and TCX files usually count one foot too, but some
apps write steps per minute: cadence decides per activity and says which it was.
Rides, swims and rows have cadence in revolutions or strokes and are never judged.

The statistics are over moving time: samples with cadence, outside timer pauses,
and not standing still. The verdict looks at the running samples (not walking
breaks), each stretch at its own pace, against a threshold that moves with the
pace: --threshold (165 steps/min) at 5:33/km (3 m/s), 6 steps/min higher for
each 1 m/s faster and lower for each 1 m/s slower, held within 8:20/km and
4:10/km (159-171 at the default). A run is flagged when more than half of its
judged running is below the threshold for its pace.

--format json writes JSON Lines, one object per activity (a multisport file gives
one per session); a file that cannot be read gives {"file": ..., "error": ...}.
Units in JSON and CSV are SI: metres, seconds, seconds per km.

The same activity in several files (a FIT, GPX and TCX export of one run, a
second download, a copy) counts once: the richest copy (FIT before TCX before
GPX, then more samples) counts, and the others are listed with "same as" and
"duplicate_of", and count nowhere. Copies are found among the inputs given.

Dates are in the activity's local time: from the FIT file, else from the zone
of its GPS start, else this machine's zone. Names come from the file (a GPX
track name, TCX notes) or from the export's own list (Strava's activities.csv,
a Garmin export's JSON) when it lies in the folder or archive given.

History: what cadence read is kept in a database (--db, by default
cadence/history.db in your cache folder), so an unchanged file is not decoded
again. It is only a cache: delete it and nothing is lost but time. --no-history
reads everything afresh and keeps nothing.

A file that cannot be read is named on stderr with the reason, and the rest go on.
The exit status is 1 if any file failed, 2 for a usage error, 0 otherwise.`,
	}
	c.Setup = func(fs *flag.FlagSet) func(e *env, args []string) int {
		var cm common
		cm.define(fs)
		format := fs.String("format", "text", "output format: text, json (JSON Lines) or csv")
		return func(e *env, args []string) int {
			if msg := cm.check(); msg != "" {
				return badUsage(e, c.Name, "%s", msg)
			}
			if len(args) == 0 {
				return badUsage(e, c.Name, "no files or folders given")
			}
			opt := report.SummaryOptions{Imperial: cm.units == "imperial"}
			if len(args) == 1 {
				opt.Detail = isSingleFile(args[0]) && !strings.HasSuffix(strings.ToLower(args[0]), ".zip")
				if info, err := os.Stat(args[0]); err == nil && info.IsDir() {
					opt.Trim = args[0]
				}
			}
			// JSON and CSV are for programs: written through a buffer, not a write
			// call a line (5,000 of them on a rerun of a large folder). The table is
			// left unbuffered, so that its lines keep their place among the errors.
			stdout := e.stdout
			var buf *bufio.Writer
			if *format != "text" {
				buf = bufio.NewWriterSize(e.stdout, 64<<10)
				stdout = buf
			}
			out, err := report.NewSummary(stdout, *format, opt)
			if err != nil {
				return badUsage(e, c.Name, "--format: %v", err)
			}
			store := cm.openHistory(e)
			defer store.Close()
			b := cm.read(e, args, store)
			defer b.Close()
			status := exitOK
			var writeErr error
			for _, it := range b.Items {
				rs := it.Results() // first: a failure to read them back sets Err
				switch {
				case it.Err != nil:
					status = exitFailed
					fmt.Fprintf(e.stderr, "cadence: %s\n", errorLine(it.Name, it.Err))
					if err := out.Error(it.Name, it.Athlete, it.Err); err != nil && writeErr == nil {
						writeErr = err
					}
				case it.Skip != nil:
					fmt.Fprintf(e.stderr, "cadence: %s\n", safe(it.Skip.Error()))
				default:
					for _, r := range rs {
						if err := out.Result(r); err != nil && writeErr == nil {
							writeErr = err
						}
					}
				}
			}
			if err := out.Close(); err != nil && writeErr == nil {
				writeErr = err
			}
			if buf != nil {
				if err := buf.Flush(); err != nil && writeErr == nil {
					writeErr = err
				}
			}
			if writeErr != nil {
				fmt.Fprintf(e.stderr, "cadence: writing output: %v\n", writeErr)
				return exitFailed
			}
			return status
		}
	}
	return c
}

// isSingleFile reports whether p names one regular file (not a folder, not stdin).
func isSingleFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}
