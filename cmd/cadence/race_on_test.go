//go:build race

package main

import "testing"

// skipUnderRace skips t under the race detector. It marks the slowest tests of pure
// logic (what a reader or the pipeline gives, over the whole corpus or a large
// synthetic archive, on one goroutine or through code that smaller race-checked tests
// also run): the detector makes them about ten times slower and has nothing there to
// find. make test runs them without -race (the Makefile's NORACE list, kept in
// step by internal/layout's TestNoRaceListed); plain go test runs them as any other.
func skipUnderRace(t *testing.T) {
	t.Helper()
	t.Skip("pure logic at corpus scale: make test runs it without -race (NORACE in the Makefile)")
}
