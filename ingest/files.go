package ingest

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cadence-run/cadence/fitparse"
)

// IsPartialName reports whether name is that of a file still being written (a
// browser's or a sync tool's partial download), which Read lists but a watcher
// waits for.
func IsPartialName(name string) bool { return fitparse.IsPartialName(name) }

// MayHoldActivities reports whether Read may read the file at p: an activity, an
// archive or a gzipped file by its first bytes, or a name that Read reads (an
// activity's, which is reported even if damaged, or an export side file's).
func MayHoldActivities(p string) bool {
	n := strings.ToLower(filepath.Base(p))
	if fitparse.IsSidecarName(n) {
		return true
	}
	n = strings.TrimSuffix(n, ".gz")
	for _, ext := range []string{".fit", ".gpx", ".tcx", ".zip"} {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 1024)
	k, _ := io.ReadFull(f, head)
	return fitparse.Sniff(head[:k]) != fitparse.FormatUnknown
}
