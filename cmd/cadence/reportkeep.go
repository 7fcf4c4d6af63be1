package main

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"path/filepath"
	"slices"
	"sort"

	"github.com/cadence-run/cadence/ingest"
	"github.com/cadence-run/cadence/report"
)

// Outputs are never removed because an input could not be read: a path given that
// is missing (a typo, a drive not mounted), a folder that cannot be listed, a file
// that fails. The manifest names each run's source, and the runs of the last report
// whose source is, or lies under, an input that failed this time are kept: their
// files stay, the manifest keeps naming them, and the index links their pages beside
// the error. The manifest names a source by keys, not by its path (sourceKeys). When nothing at all could be read, the report folder is left as it was.

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

// sourceKeys returns the keys by which a manifest names the source src (see sourceOf)
// without naming it, for its path may carry the runner's e-mail address: a short hash
// of src and of every folder and archive that src lies under, so that whether a run
// came from under an input that failed is a look-up of that input's key (sourceKey).
func sourceKeys(src string) []string {
	if src == "" {
		return nil
	}
	var keys []string
	for i := 1; i < len(src); i++ {
		if src[i] == filepath.Separator || src[i] == ':' {
			keys = append(keys, sourceKey(src[:i]))
		}
	}
	return append(keys, sourceKey(src))
}

// sourceKey is the key of one source or folder: 16 hex digits of its SHA-256.
func sourceKey(src string) string {
	sum := sha256.Sum256([]byte(src))
	return hex.EncodeToString(sum[:8])
}

// fromUnder reports whether the run m came from the input failed (a sourceOf) or from
// under it: a file in its folder, or a member of its archive.
func fromUnder(m manifestRun, failed string) bool {
	return slices.Contains(m.Sources, sourceKey(failed))
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
		if len(m.Sources) == 0 {
			kept[base] = m
			continue
		}
		for _, f := range failed {
			if fromUnder(m, f) {
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
			if !fromUnder(m, f) {
				continue
			}
			for _, file := range m.Files {
				// A page named by a report from before output names were public
				// is kept, but not linked: its name carries what the file's did.
				if path.Ext(file) == ".html" && reportPath(file) && report.PublicFile(path.Base(file)) == path.Base(file) {
					notes[i].Kept = append(notes[i].Kept, file)
				}
			}
		}
		sort.Strings(notes[i].Kept)
	}
}
