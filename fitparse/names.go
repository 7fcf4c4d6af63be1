package fitparse

import (
	"path"
	"path/filepath"
	"strings"
)

// Which files in a folder the walk lists, by name and by first bytes.

// MayHold reports whether Expand, meeting the file at p in a folder, may list
// something of it: an export side file or an activity by its name (listed even when
// damaged), a .zip (its error is listed), or a file whose first bytes are an
// activity, an archive or a gzipped one of these.
func MayHold(p string) bool {
	if IsSidecarName(p) || isActivityName(p) || strings.HasSuffix(strings.ToLower(p), ".zip") {
		return true
	}
	f, err := sniffFile(p)
	return err == nil && f != FormatUnknown
}

// isActivityName reports whether a file name looks like an activity export that cadence
// reads. Expand decides by content; the name only keeps a damaged file that claims to
// be an activity in the list, so that its failure is reported rather than lost.
func isActivityName(name string) bool {
	n := strings.ToLower(name)
	n = strings.TrimSuffix(n, ".gz")
	for _, ext := range []string{".fit", ".gpx", ".tcx"} {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	return false
}

// IsSidecarName reports whether a file's base name is one of the side files that
// exports carry beside the activities: Strava's activities.csv, Garmin's
// *_summarizedActivities.json and gear.json or *_gear.json.
func IsSidecarName(name string) bool {
	n := strings.ToLower(path.Base(filepath.ToSlash(name)))
	return n == "activities.csv" || strings.HasSuffix(n, "_summarizedactivities.json") ||
		n == "gear.json" || strings.HasSuffix(n, "_gear.json")
}
