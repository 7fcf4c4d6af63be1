//go:build !unix

package fitparse

// processCPU returns 0: the benchmarks report no rate per CPU second here.
func processCPU() float64 { return 0 }
