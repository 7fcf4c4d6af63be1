package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/fitparse"
)

// Whose runs a batch holds. A runner alone is the default athlete, "". A coach says
// whose the inputs are with Options.Athlete, or with Options.Athletes that each
// folder (or export zip) inside a folder given is one athlete's. Copies, spikes and
// the history's runs are then only ever looked for among one athlete's runs.

// A root is one path to expand and the athlete whose inputs it holds.
type root struct {
	path, athlete string
}

// athleteRoots returns the paths to expand with their athletes. Without
// opt.Athletes every path is opt.Athlete's. With it, every folder and zip inside a
// folder given is an athlete's, named after it (AthleteName); an activity file
// lying beside them belongs to nobody and is not read, with a line saying so. A path
// that is not a folder is kept as it is, as the athlete it names, so that its own
// error (a typo, say) is reported as the input's.
func athleteRoots(paths []string, opt *Options) []root {
	if !opt.Athletes {
		rs := make([]root, len(paths))
		for i, p := range paths {
			rs[i] = root{p, opt.Athlete}
		}
		return rs
	}
	var rs []root
	for _, p := range paths {
		info, err := os.Stat(p)
		if p == "-" || err != nil || !info.IsDir() {
			rs = append(rs, root{p, AthleteName(filepath.Base(p))})
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			rs = append(rs, root{p, ""}) // Expand reports why it cannot be listed
			continue
		}
		found := 0
		for _, e := range entries {
			name := e.Name()
			full := filepath.Join(p, name)
			if strings.HasPrefix(name, ".") {
				continue
			}
			st, err := os.Stat(full) // follows a link to an athlete's folder
			switch {
			case err == nil && (st.IsDir() || st.Mode().IsRegular() && strings.EqualFold(filepath.Ext(name), ".zip")):
				rs = append(rs, root{full, AthleteName(name)})
				found++
			case err == nil && st.Mode().IsRegular() && fitparse.MayHold(full) && !fitparse.IsSidecarName(full):
				opt.warn("%s: not in an athlete's folder (with --athletes, each folder or export zip in %s is one athlete's); not read", full, p)
			}
		}
		if found == 0 {
			opt.warn("%s: no athlete's folder or export zip in it; with --athletes, give the folder that holds one folder per athlete", p)
		}
	}
	return rs
}

// AthleteName is the athlete a folder or export zip of that base name holds: the
// name without ".zip", and without the e-mail address or account id a Garmin export
// names its zip after (activity.PublicName), so that neither reaches a roster. A
// name that is nothing but those ("jane.doe@example.com_0.zip") becomes "athlete-"
// and six hex digits of a hash of it: stable, and telling two such exports apart.
func AthleteName(base string) string {
	name := base
	if strings.EqualFold(filepath.Ext(name), ".zip") {
		name = name[:len(name)-len(".zip")]
	}
	public := activity.PublicName(name)
	if public == name {
		return name
	}
	if strings.IndexFunc(public, unicode.IsLetter) < 0 {
		sum := sha256.Sum256([]byte(name))
		return "athlete-" + hex.EncodeToString(sum[:3])
	}
	return public
}

// byAthlete returns the batch's items by athlete, and the athletes in the order
// they first appear.
func (b *Batch) byAthlete() ([]string, map[string][]*Item) {
	var names []string
	items := map[string][]*Item{}
	for _, it := range b.Items {
		if _, ok := items[it.Athlete]; !ok {
			names = append(names, it.Athlete)
		}
		items[it.Athlete] = append(items[it.Athlete], it)
	}
	return names, items
}

// Athletes returns the athletes of the batch's inputs, in the order they first
// appear: [""] for a runner alone. With Options.Athletes, an athlete whose folder
// holds no activity file yet is one too, after those with inputs.
func (b *Batch) Athletes() []string {
	out, _ := b.byAthlete()
	for _, a := range b.roster {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// Of returns a view of the batch that holds only athlete's inputs: its Items are
// theirs, and Series, Key and Name work as on the whole batch. The view shares the
// batch's open archives: closing it does nothing; close the whole batch.
func (b *Batch) Of(athlete string) *Batch {
	b.viewsOnce.Do(func() { _, b.views = b.byAthlete() })
	return &Batch{Items: b.views[athlete], inputs: b.inputs, athletes: b.athletes, exp: b.exp, opt: b.opt, view: true}
}

// warnOverlap says once when two of athlete's counted runs overlap in time: one
// person cannot run both, so the inputs most likely mix two people's files.
func warnOverlap(opt *Options, athlete string, spans []coach.Span) {
	a, c, ok := coach.FirstOverlap(spans)
	if !ok {
		return
	}
	who := "the runs read as one person's"
	flag := "give each athlete a folder and use --athletes, or --athlete NAME for each"
	if athlete != "" {
		who = fmt.Sprintf("the runs of athlete %q", athlete)
		flag = "give each athlete a folder of their own (--athletes) or their own --athlete NAME"
	}
	opt.warn("%s overlap in time: %s (%s) and %s (%s); one person cannot run both, so these are likely two people's: %s",
		who, a.File, a.Start.Format("2006-01-02 15:04"), c.File, c.Start.Format("2006-01-02 15:04"), flag)
}

// spanOf is the time a counted run took, for the overlap check.
func spanOf(r *analysis.Result) (coach.Span, bool) {
	run, ok := coach.RunOf(r)
	if !ok {
		return coach.Span{}, false
	}
	d := 0.0
	switch {
	case r.ElapsedS != nil:
		d = *r.ElapsedS
	case r.MovingS != nil:
		d = *r.MovingS
	}
	return coach.Span{Start: run.Start, End: run.Start.Add(time.Duration(d * float64(time.Second))), File: r.File}, true
}
