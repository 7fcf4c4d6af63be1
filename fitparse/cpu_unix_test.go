//go:build unix

package fitparse

import "syscall"

// processCPU returns the CPU time, user and system, that the process has used so far,
// in seconds. The benchmarks divide bytes by it to give a rate per CPU second that a
// busy machine disturbs less than the rate per wall-clock second.
func processCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
