package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/schollz/progressbar/v3"
)

// common holds the flags that analyze and report share.
type common struct {
	units     string
	threshold float64
	jobs      int
}

func (c *common) define(fs *flag.FlagSet) {
	fs.StringVar(&c.units, "units", "metric", "units for distance and pace: metric (km) or imperial (miles)")
	fs.Float64Var(&c.threshold, "threshold", analysis.DefaultOptions.Threshold, "running cadence (steps/min) below which overstriding is likely")
	fs.IntVar(&c.jobs, "j", runtime.NumCPU(), "files to read in parallel")
}

// check validates the shared flags; it returns a usage message or "".
func (c *common) check() string {
	switch {
	case c.units != "metric" && c.units != "imperial":
		return fmt.Sprintf("--units must be metric or imperial, not %q", c.units)
	case c.threshold < 100 || c.threshold > 220:
		return fmt.Sprintf("--threshold %g is not a running cadence; use a value between 100 and 220 steps/min", c.threshold)
	case c.jobs < 1:
		return fmt.Sprintf("-j must be at least 1, not %d", c.jobs)
	}
	return ""
}

func (c *common) options() analysis.Options {
	return analysis.Options{Threshold: c.threshold, Imperial: c.units == "imperial"}
}

// An item is the outcome of one input: its activities analysed, a skip note, or an
// error. Exactly one of results/skip/err says what happened.
type item struct {
	name    string
	results []*analysis.Result
	skip    *fitparse.SkipError
	err     error
	report  []reportRun // what cadence report rendered, in a worker
}

// process reads, parses and analyses every input under paths on jobs workers. Each
// item is first handed to work (in a worker, in parallel, e.g. to render it), then to
// emit in the order of the inputs (in the caller's goroutine). Items are released
// once emitted, so memory stays bounded by what is in flight.
func process(e *env, paths []string, c *common, work func(*item), emit func(*item)) {
	exp := &fitparse.Expander{Stdin: e.stdin}
	defer exp.Close()
	inputs := exp.Expand(paths)
	opt := c.options()

	bar := newProgress(e.stderr, len(inputs))
	type done struct {
		i  int
		it *item
	}
	jobs := make(chan int)
	out := make(chan done, c.jobs)
	var wg sync.WaitGroup
	for w := 0; w < min(c.jobs, max(len(inputs), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				it := analyzeInput(inputs[i], opt)
				if work != nil && it.err == nil && it.skip == nil {
					safeWork(it, work)
				}
				out <- done{i, it}
			}
		}()
	}
	go func() {
		for i := range inputs {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(out)
	}()
	pending := map[int]*item{}
	next := 0
	for d := range out {
		pending[d.i] = d.it
		for pending[next] != nil {
			if bar != nil && (pending[next].err != nil || pending[next].skip != nil) {
				bar.Clear() // the line about this file must not run into the bar
			}
			emit(pending[next])
			delete(pending, next)
			next++
		}
		if bar != nil {
			bar.Add(1)
		}
	}
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(e.stderr)
	}
}

// analyzeInput reads one input and analyses its activities. A panic in a reader is
// turned into an error for that file, so one bad file never stops the batch.
func analyzeInput(in fitparse.Input, opt analysis.Options) (it *item) {
	it = &item{name: in.Name}
	defer func() {
		if p := recover(); p != nil {
			it.results = nil
			it.err = fmt.Errorf("internal error while reading this file (please report it): %v", p)
		}
	}()
	acts, err := in.Parse()
	var skip *fitparse.SkipError
	switch {
	case errors.As(err, &skip):
		it.skip = skip
	case err != nil:
		it.err = err
	default:
		for _, a := range acts {
			it.results = append(it.results, analysis.Analyze(a, opt))
		}
	}
	return it
}

// safeWork runs work on an item, turning a panic (a bug in rendering, say) into an
// error for that file, as analyzeInput does for reading: the batch goes on.
func safeWork(it *item, work func(*item)) {
	defer func() {
		if p := recover(); p != nil {
			it.results, it.report = nil, nil
			it.err = fmt.Errorf("internal error while processing this file (please report it): %v", p)
		}
	}()
	work(it)
}

// errorLine is the one line that names the file and the reason.
func errorLine(name string, err error) string {
	msg := err.Error()
	if !strings.Contains(msg, name) {
		msg = name + ": " + msg
	}
	return strings.ReplaceAll(msg, "\n", " ")
}

// newProgress returns a progress bar on stderr for long batches when stderr is a
// terminal, else nil.
func newProgress(w io.Writer, n int) *progressbar.ProgressBar {
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
