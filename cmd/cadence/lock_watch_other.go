//go:build !unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// tryLockFolder takes the report folder's lock as lockFolder does where the kernel
// offers no flock (a file created exclusively, removed when done), and returns an
// error that wraps errFolderBusy while the lock file exists.
func tryLockFolder(dir string) (unlock func(), err error) {
	p := filepath.Join(dir, lockName)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("%w: %s (if none is, delete %s)", errFolderBusy, dir, p)
		}
		return nil, fmt.Errorf("cannot write into %s: %w", dir, errors.Unwrap(err))
	}
	f.Close()
	return func() { os.Remove(p) }, nil
}
