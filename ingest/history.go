package ingest

import (
	"github.com/cadence-run/cadence/history"
)

// A History is the cache of what earlier runs of cadence read: one SQLite file.
type History struct {
	s *history.Store
}

// DefaultHistoryPath is where the history lives unless told otherwise: cadence/history.db
// in the user's cache folder.
func DefaultHistoryPath() (string, error) { return history.DefaultPath() }

// OpenHistory opens the history at path. version names the cadence that writes it. A
// history that cannot be opened (damaged, from a newer cadence, on a full disk) is an
// error whose words say the way out; the caller may carry on without it, as it is only
// a cache.
func OpenHistory(path, version string) (*History, error) {
	history.Version = version
	s, err := history.Open(path)
	if err != nil {
		return nil, err
	}
	return &History{s: s}, nil
}

// Close closes the history; a nil History is closed already.
func (h *History) Close() error {
	if h == nil {
		return nil
	}
	return h.s.Close()
}
