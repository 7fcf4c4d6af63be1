//go:build unix

package fitparse

import (
	"os"
	"syscall"
)

// unblockFIFO releases a reader blocked opening the named pipe p, by opening it for
// writing without blocking (which succeeds because a reader waits) and closing it at
// once: the reader then sees the end of the stream. It does nothing to other files.
func unblockFIFO(p string) {
	if info, err := os.Stat(p); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}
