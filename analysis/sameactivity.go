package analysis

import "time"

// SameActivityWindow is how far apart the starts of two recordings of one sport can
// be for them to be one activity: exports of one recording start within a few
// seconds of each other, and some exporters round a lap's start to the minute (a TCX
// of a treadmill run starts at 11:19:00, its FIT at 11:19:33).
//
// It is defined here, below both the history (which de-duplicates copies and may not
// import coach) and coach (which leaves a copy of a run out of the runs before it),
// so that there is one number; coach.SameActivityWindow and coach.SameStart are the
// names the rest of cadence uses.
const SameActivityWindow = time.Minute
