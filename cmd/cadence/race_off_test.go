//go:build !race

package main

import "testing"

// skipUnderRace does nothing without the race detector: see race_on_test.go.
func skipUnderRace(t *testing.T) {}
