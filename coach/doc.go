// Package coach holds what cadence knows about running beyond the numbers of one
// file: the cadence targets and the plan for a run judged overstriding, how a
// runner's cadence changes over the weeks at a matched pace, with its 95% interval,
// the retraining plan over the weeks (Retraining) and the progress the advice
// reports, long-run spikes against the last 30 days and how long the next
// long run can be, when two recordings are one activity, downhill running, shoe
// mileage, and the table of the evidence behind each rule (Evidence).
//
// It is pure: it works on analysed runs and knows nothing of files, databases or
// output. It does not word its results: the report package writes the advice, the
// trend text and the pictures from coach's numbers and the evidence table's facts,
// and the command writes the help. Its only prose is the evidence table's
// one-sentence findings and a week's note on why a figure is missing.
package coach
