package ingest

import (
	"github.com/cadence-run/cadence/fitparse"
)

// IsPartialName reports whether name is that of a file still being written (a
// browser's or a sync tool's partial download), which Read lists but a watcher
// waits for.
func IsPartialName(name string) bool { return fitparse.IsPartialName(name) }

// MayHoldActivities reports whether Read may read the file at p: an activity, an
// archive or a gzipped file by its first bytes, or a name that Read reads (an
// activity's, which is reported even if damaged, or an export side file's). The
// rule is the folder walk's own (fitparse.MayHold).
func MayHoldActivities(p string) bool { return fitparse.MayHold(p) }
