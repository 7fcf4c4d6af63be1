// Package analysis turns an activity.Activity into a Result: cadence in steps per
// minute over moving time, pace, step length, cadence by pace band, by grade and by
// speed, and the overstride verdict, judged part by part at the pace of each part,
// with the facts behind it. The cadence statistics follow the definition behind the
// reference numbers (Garmin's FIT SDK over the corpus): samples with cadence > 0,
// outside timer pauses, and not stationary (speed >= 0.5 m/s where speed is known).
//
// It is pure: no I/O, no decoding (package fitparse does that), no history. It
// returns numbers, not the words of a report: the verdict carries its kind, the rule
// that gave it (Verdict.Basis) and the numbers its reason needs, and the report words
// the reason. Nothing in a Result depends on the units a report shows: the pace bands
// come both 30 s per km and 30 s per mile wide. So one Result, kept in the history,
// serves a report in either units, and a units switch analyses nothing again. What
// it still words is kept in the history with the numbers, as the JSON contract has it:
// a Result's Warnings (notes on the file, mostly from its reader) and CadenceUnit
// (what the cadence counts, named by OtherUnit). Paces, nouns and every sentence of a
// report are package report's.
package analysis
