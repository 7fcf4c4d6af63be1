package main

import "testing"

// TestGCPercent checks the collector's budget: five times the live heap while that
// is small, then at most gcHeadroom beyond it, never below one and a half times.
func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 400}, {4 << 20, 400}, {16 << 20, 400}, {32 << 20, 200}, {50 << 20, 128}, {64 << 20, 100}, {100 << 20, 64}, {128 << 20, 50}, {1 << 30, 50},
	} {
		if got := gcPercent(c.live); got != c.want {
			t.Errorf("gcPercent(%d MiB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
}
