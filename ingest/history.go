package ingest

import (
	"sync"

	"github.com/cadence-run/cadence/history"
)

// A History is the cache of what earlier runs of cadence read: one SQLite file.
type History struct {
	s    *history.Store
	once sync.Once // says once that a read-only history stores nothing new
}

// ReadOnly reports whether the history could be opened for reading only (its file
// or folder cannot be written): it is used for what it holds and stores nothing new.
func (h *History) ReadOnly() bool { return h != nil && h.s.ReadOnly() }

// noteReadOnly says once, through warn, that the history is read-only.
func (h *History) noteReadOnly(warn func(format string, args ...any)) {
	if h.ReadOnly() {
		h.once.Do(func() {
			warn("history %s cannot be written (a read-only folder or mount): reading from it, storing nothing new", h.s.Path())
		})
	}
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
