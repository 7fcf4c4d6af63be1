//go:build !race

package fitparse

// raceEnabled says that the tests run under the race detector.
const raceEnabled = false
