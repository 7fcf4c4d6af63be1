//go:build unix || windows

package main

import (
	"errors"
	"os"
	"syscall"
)

// stopSignals are the signals that stop cadence watch: Ctrl-C, and SIGTERM (on
// Windows, closing the console or shutting down).
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// notifyTrouble says why the system's change notification failed, in the user's
// terms where the error alone would puzzle ("no space left on device").
func notifyTrouble(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "too many folders to watch; raise fs.inotify.max_user_watches, or use --poll"
	case errors.Is(err, syscall.EMFILE):
		return "too many open files; raise the limit (ulimit -n, fs.inotify.max_user_instances), or use --poll"
	}
	return err.Error()
}
