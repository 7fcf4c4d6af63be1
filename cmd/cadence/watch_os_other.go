//go:build !unix && !windows

package main

import "os"

// stopSignals are the signals that stop cadence watch: Ctrl-C.
var stopSignals = []os.Signal{os.Interrupt}

// notifyTrouble says why the system's change notification failed.
func notifyTrouble(err error) string { return err.Error() }
