//go:build !unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// acquireLock takes the report folder's lock without waiting, where the kernel offers
// no flock: a file created exclusively, naming its holder (kind and process id), and
// removed when done. One left by a killed cadence must be removed by hand; the
// message says so. While the lock file exists, it returns errFolderBusy and what the
// file says of the holder.
func acquireLock(dir, kind string) (unlock func(), holder string, err error) {
	p := filepath.Join(dir, lockName)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			h := ""
			if g, _, err := openRegular(p); err == nil {
				var buf [maxHolder]byte
				n, _ := g.Read(buf[:])
				g.Close()
				h = string(buf[:n])
			}
			return nil, h + " (if no cadence runs, delete " + p + ")", errFolderBusy
		}
		return nil, "", fmt.Errorf("cannot write into %s: %w", dir, errors.Unwrap(err))
	}
	f.WriteString(holderLine(kind))
	f.Close()
	return func() { os.Remove(p) }, "", nil
}

// openRegular opens path for reading when it is a regular file and not a symbolic
// link.
func openRegular(path string) (*os.File, os.FileInfo, error) {
	if info, err := os.Lstat(path); err != nil {
		return nil, nil, err
	} else if !info.Mode().IsRegular() {
		return nil, nil, errNotRegular
	}
	f, err := os.Open(path)
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
