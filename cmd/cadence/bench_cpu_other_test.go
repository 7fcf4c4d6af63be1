//go:build !unix

package main

// processCPU is not measured here: the benchmarks then leave out MB/cpu-s.
func processCPU() float64 { return 0 }

// processSysCPU is not measured here either.
func processSysCPU() float64 { return 0 }
