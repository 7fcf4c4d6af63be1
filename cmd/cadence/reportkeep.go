package main

import (
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

// Outputs are never removed because an input could not be read: a path given that
// is missing (a typo, a drive not mounted), a folder that cannot be listed, a file
// that fails. The manifest names each run's source, and the runs of the last report
// whose source is, or lies under, an input that failed this time are kept: their
// files stay, the manifest keeps naming them, and the index links their pages beside
// the error. When nothing at all could be read, the report folder is left as it was.

// sourceOf is the name a manifest keeps of an input: its path as given, made
// absolute (an archive member keeps its ":member" tail).
func sourceOf(name string) string {
	if name == "-" || name == "" {
		return ""
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return ""
	}
	return abs
}

// under reports whether the source src is the input failed or comes from under it: a
// file in its folder, or a member of its archive.
func under(src, failed string) bool {
	return inFolder(src, failed) || strings.HasPrefix(src, failed+":")
}

// failedInputs returns the inputs of b that could not be read, by sourceOf, and
// whether every input failed.
func failedInputs(b *ingest.Batch) (failed []string, all bool) {
	all = len(b.Items) > 0
	for _, it := range b.Items {
		if it.Err == nil {
			all = false
			continue
		}
		if s := sourceOf(it.Name); s != "" {
			failed = append(failed, s)
		}
	}
	return failed, all
}

// keptRuns returns the runs of the manifest old whose source could not be read this
// time, by output base name. A manifest written before runs named their source has
// runs of unknown source: while any input failed, each may be of that input, so it
// is kept too, unless a run read this time takes its name (planRuns): a run of
// unknown source is dropped only when an input that was read shows it gone.
func keptRuns(old manifest, failed []string) map[string]manifestRun {
	kept := map[string]manifestRun{}
	if len(failed) == 0 {
		return kept
	}
	for base, m := range old.Runs {
		if m.Source == "" {
			kept[base] = m
			continue
		}
		for _, f := range failed {
			if under(m.Source, f) {
				kept[base] = m
				break
			}
		}
	}
	return kept
}

// linkKept adds to each failed input of the index the pages of the runs kept for it.
func linkKept(notes []report.IndexNote, kept map[string]manifestRun) {
	if len(kept) == 0 {
		return
	}
	for i := range notes {
		f := sourceOf(notes[i].File)
		if f == "" {
			continue
		}
		for _, m := range kept {
			if !under(m.Source, f) {
				continue
			}
			for _, file := range m.Files {
				if path.Ext(file) == ".html" && reportPath(file) {
					notes[i].Kept = append(notes[i].Kept, file)
				}
			}
		}
		sort.Strings(notes[i].Kept)
	}
}
