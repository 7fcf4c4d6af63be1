//go:build unix

package main

import "syscall"

// processCPU returns the CPU time, user and system, that the process has used so far,
// in seconds (for the benchmarks' MB/cpu-s).
func processCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// processSysCPU returns the system (kernel) part of processCPU.
func processSysCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Stime.Nano()) / 1e9
}
