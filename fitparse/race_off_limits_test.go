//go:build !race

package fitparse

import "testing"

// raceEnabled says that the tests run under the race detector.
const raceEnabled = false

// skipUnderRace does nothing without the race detector: see race_on_limits_test.go.
func skipUnderRace(t *testing.T) {}
