package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestShortVerdictNamesTheJudgedNumbers: the table's verdict gives the cadence and
// the pace that were judged and the threshold for that pace, the numbers the advice
// and the dashboard give.
func TestShortVerdictNamesTheJudgedNumbers(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
	}{
		{"overstride", ShortVerdict(advRun(156, 360), false), "likely overstriding (156 at 6:00/km < 163.7)"},
		{"imperial", ShortVerdict(advRun(156, 360), true), "likely overstriding (156 at 9:39/mi < 163.7)"},
		{"easy and fine", ShortVerdict(advRun(161, 500), false), "ok (161 at 8:20/km >= 159)"},
		{"no speed", ShortVerdict(advRun(150, 0), false), "likely overstriding (150 < 165; no speed, fixed threshold)"},
		{"intervals", ShortVerdict(advIntervals(), false), "ok (173 at 3:09/km >= 171; a workout of 6 reps by its laps, recoveries not judged)"},
		{"walk", ShortVerdict(advWalk(), false), "walking, not judged"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

// TestTableCadenceIsTheRunningCadence: the CADENCE column of a judged run is its
// running cadence, as in the verdict, the index and the dashboard; the footer says
// which number is which.
func TestTableCadenceIsTheRunningCadence(t *testing.T) {
	var buf bytes.Buffer
	s, err := NewSummary(&buf, "text", SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := advIntervals() // running median 160, moving median 150
	if err := s.Result(r); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{"6:00/km   160 spm  ok (173 at 3:09/km", "PACE is over moving time; CADENCE is the median while running"} {
		if !strings.Contains(out, w) {
			t.Errorf("the table lacks %q:\n%s", w, out)
		}
	}
}
