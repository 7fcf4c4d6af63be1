package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/ingest"
	"github.com/schollz/progressbar/v3"
)

// common holds the flags that every command reading activities shares.
type common struct {
	units     string
	threshold float64
	jobs      int
	db        string
	noHistory bool
	// keepSeries is how many bytes of series read may keep for drawing (report);
	// the rest are dropped, and made again from the file when they are drawn.
	keepSeries int64
	// planStart is the day the cadence plan began (--plan-start, as definePlan
	// defines it and check reads it); zero begins it with the first run that got a
	// target.
	planStart    time.Time
	planStartArg string
	// notes is the pain diary of --notes (trend and report define it); "" for none.
	notes string
	// athlete is whose runs the inputs are (--athlete; "" the default athlete), and
	// athletes says each folder in a folder given is one athlete's (--athletes).
	athlete  string
	athletes bool
}

func (c *common) define(fs *flag.FlagSet) {
	fs.StringVar(&c.units, "units", "metric", "units for distance and pace: metric (km) or imperial (miles)")
	fs.Float64Var(&c.threshold, "threshold", analysis.DefaultOptions.Threshold, "running cadence (steps/min) at 5:33/km below which the step rate is low for the pace; it moves 6 steps/min per 1 m/s of pace")
	fs.IntVar(&c.jobs, "j", runtime.NumCPU(), "files to read in parallel")
	fs.StringVar(&c.db, "db", "", "the history database (default: your cache folder's cadence/history.db)")
	fs.BoolVar(&c.noHistory, "no-history", false, "read every file afresh and remember nothing")
	fs.StringVar(&c.athlete, "athlete", "", "whose runs these are: a name, so that one history serves several people and never mixes their runs")
	fs.BoolVar(&c.athletes, "athletes", false, "each folder (or export zip) inside a folder given is one athlete's, named after it")
}

// check validates the shared flags, and reads --plan-start; it returns a usage
// message or "".
func (c *common) check() string {
	switch {
	case c.units != "metric" && c.units != "imperial":
		return fmt.Sprintf("--units must be metric or imperial, not %q", c.units)
	case !(c.threshold >= 100 && c.threshold <= 220): // also refuses NaN
		return fmt.Sprintf("--threshold %g is not a running cadence; use a value between 100 and 220 steps/min", c.threshold)
	case c.jobs < 1:
		return fmt.Sprintf("-j must be at least 1, not %d", c.jobs)
	case c.noHistory && c.db != "":
		return "--db and --no-history contradict each other"
	case c.athletes && c.athlete != "":
		return "--athlete and --athletes contradict each other: --athletes names each athlete after their folder"
	}
	if msg := checkAthleteName(c.athlete); msg != "" {
		return msg
	}
	start, ok := parsePlanStart(c.planStartArg)
	if !ok {
		return fmt.Sprintf("--plan-start %q is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02", c.planStartArg)
	}
	c.planStart = start
	return ""
}

// definePlan defines --plan-start, for the commands that follow the retraining plan;
// check reads it into planStart.
func (c *common) definePlan(fs *flag.FlagSet) {
	fs.StringVar(&c.planStartArg, "plan-start", "", "the day your cadence plan began, as YYYY-MM-DD; default: your first run that got a target")
}

func (c *common) options() analysis.Options {
	return analysis.Options{Threshold: c.threshold}
}

// openHistory opens the history the flags name, or returns nil for --no-history. A
// history that cannot be opened (damaged, from a newer cadence, on a full disk) is
// reported with the way out, and the command carries on without it: it is only a
// cache.
func (c *common) openHistory(e *env) *ingest.History {
	if c.noHistory {
		return nil
	}
	path := c.db
	if path == "" {
		var err error
		if path, err = ingest.DefaultHistoryPath(); err != nil {
			fmt.Fprintf(e.stderr, "cadence: %v; carrying on without the history\n", err)
			return nil
		}
	}
	s, err := ingest.OpenHistory(path, version)
	if err != nil {
		fmt.Fprintf(e.stderr, "cadence: %v; carrying on without it\n", err)
		return nil
	}
	return s
}

// errorLine is the one line that names the file and the reason, escaped.
func errorLine(name string, err error) string { return safe(ingest.ErrorLine(name, err)) }

// newProgress returns a progress bar on stderr for long batches when stderr is a
// terminal, else nil.
func newProgress(w io.Writer, n int) *progressbar.ProgressBar {
	w = rawStderr(w) // the bar's own \r must pass the guard that escapes file text
	f, ok := w.(*os.File)
	if !ok || n < 20 {
		return nil
	}
	if info, err := f.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("reading"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100_000_000))
}

// read reads the batch under paths with the shared flags: from the history store
// where it can, warnings and progress on e.stderr.
func (c *common) read(e *env, paths []string, store *ingest.History) *ingest.Batch {
	return ingest.Read(paths, ingest.Options{
		Analysis:   c.options(),
		Jobs:       c.jobs,
		History:    store,
		KeepSeries: c.keepSeries,
		Keep:       drawable,
		Stdin:      e.stdin,
		Athlete:    c.athlete,
		Athletes:   c.athletes,
		Warn:       func(line string) { fmt.Fprintf(e.stderr, "cadence: %s\n", safe(line)) },
		Meter: func(n int, what string) ingest.Meter {
			if bar := newProgress(e.stderr, n); bar != nil {
				bar.Describe(what)
				return bar
			}
			return nil
		},
	})
}

// checkAthleteName returns a usage message for an --athlete name that cannot be
// one: too long, or holding control or invisible characters; "" for a good one.
func checkAthleteName(name string) string {
	if utf8.RuneCountInString(name) > 80 {
		return "--athlete: a name of at most 80 characters, please"
	}
	for _, r := range name {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return fmt.Sprintf("--athlete %q holds a control or invisible character", name)
		}
	}
	return ""
}
