//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockName is the lock file that keeps two cadence processes from writing one report
// folder at once. The lock is the kernel's (flock), so a process killed with -9
// leaves no stale lock behind.
const lockName = ".cadence.lock"

// lockFolder takes the report folder's lock, waiting (and saying so) while another
// cadence holds it. It also tells early, before any work, when the folder cannot be
// written.
func lockFolder(e *env, dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot write into %s: %w", dir, errors.Unwrap(err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
		}
		fmt.Fprintf(e.stderr, "cadence: another cadence is writing a report into %s; waiting for it to finish\n", dir)
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
		}
	}
	return func() { f.Close() }, nil
}
