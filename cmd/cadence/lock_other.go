//go:build !unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

const lockName = ".cadence.lock"

// lockFolder takes the report folder's lock where the kernel offers no flock: a file
// created exclusively, removed when done. One left by a killed cadence must be removed
// by hand; the message says so.
func lockFolder(e *env, dir string) (unlock func(), err error) {
	p := filepath.Join(dir, lockName)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("another cadence is writing a report into %s (if none is, delete %s)", dir, p)
		}
		return nil, fmt.Errorf("cannot write into %s: %w", dir, errors.Unwrap(err))
	}
	f.Close()
	return func() { os.Remove(p) }, nil
}
