//go:build unix

package main

import (
	"errors"
	"fmt"

	"os"
	"path/filepath"
	"syscall"
)

// acquireLock takes the report folder's lock without waiting. The lock is the
// kernel's (flock) on dir/.cadence.lock, so a process killed with -9 leaves no stale
// lock behind; the file is opened without following a symbolic link, and must be a
// regular file. Once taken, the file names its holder: kind (report or watch) and
// the process id. While another cadence holds the lock, it returns errFolderBusy and
// what the lock file says of the holder.
func acquireLock(dir, kind string) (unlock func(), holder string, err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, "", fmt.Errorf("cannot lock %s: %s is a symbolic link, not a lock file cadence made; remove it", dir, lockName)
		}
		return nil, "", fmt.Errorf("cannot write into %s: %w", dir, errors.Unwrap(err))
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, "", fmt.Errorf("cannot lock %s: %s is not a regular file; remove it", dir, lockName)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		var buf [maxHolder]byte
		n, _ := f.ReadAt(buf[:], 0)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, string(buf[:n]), errFolderBusy
		}
		return nil, "", fmt.Errorf("cannot lock %s: %w", dir, err)
	}
	if f.Truncate(0) == nil {
		f.WriteAt([]byte(holderLine(kind)), 0)
	}
	return func() {
		f.Truncate(0)
		f.Close()
	}, "", nil
}

// openRegular opens path for reading when it is a regular file, never following a
// symbolic link at its last element and never waiting on a FIFO.
func openRegular(path string) (*os.File, os.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = errNotRegular
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}
