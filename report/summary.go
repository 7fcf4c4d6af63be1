package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// A Summary writes the per-activity output of `cadence analyze` as it streams in.
type Summary interface {
	// Result writes one analysed activity.
	Result(r *analysis.Result) error
	// Error writes a file that could not be read, with the athlete whose input it
	// was ("" for the default athlete).
	Error(file, athlete string, err error) error
	// Close writes whatever closes the output (a text footer) and flushes it.
	Close() error
}

// SummaryOptions shape the text table; JSON and CSV always carry SI units and the
// file names as given.
//
// Every text that comes from a file (file and member names, activity names, sports,
// warnings, errors) is written so that it cannot act on what shows it: in the text
// table with its control characters, line breaks and direction overrides as visible
// escapes (Printable); in JSON as \u escapes, which decode to the same string; and in
// CSV with a quote before a cell that a spreadsheet would run as a formula (csvCell).
type SummaryOptions struct {
	Imperial bool // miles instead of km
	// Detail adds the verdict's reason, pace bands, grades and warnings under each
	// row, for a single file.
	Detail bool
	// Trim is a prefix (the folder given) left off the file names in the table.
	Trim string
}

// NewSummary returns the Summary for format "text", "json" or "csv".
func NewSummary(w io.Writer, format string, opt SummaryOptions) (Summary, error) {
	switch format {
	case "text":
		return &textSummary{w: w, imperial: opt.Imperial, detail: opt.Detail, trim: filepath.ToSlash(opt.Trim)}, nil
	case "json":
		js := &jsonSummary{w: w, imperial: opt.Imperial}
		js.enc = json.NewEncoder(&js.buf)
		return js, nil
	case "csv":
		return &csvSummary{w: csv.NewWriter(w)}, nil
	}
	return nil, fmt.Errorf("unknown format %q (use text, json or csv)", format)
}

// round3 rounds to 3 decimals, keeping NaN.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func roundPtr(p *float64) {
	if p != nil {
		*p = round3(*p)
	}
}

func roundStats(s *analysis.Stats) {
	if s != nil {
		s.Mean, s.Median, s.P10, s.P90 = round3(s.Mean), round3(s.Median), round3(s.P10), round3(s.P90)
	}
}

// rounded rounds the result's numbers for output, so that JSON and CSV carry no
// floating-point noise.
func rounded(r *analysis.Result) {
	for _, p := range []*float64{r.MovingS, r.ElapsedS, r.DistanceM, r.PaceSPerKm, r.RunShare, r.RunPace, r.StepLengthM, r.WatchAvgSPM} {
		roundPtr(p)
	}
	roundStats(r.Cadence)
	roundStats(r.Running)
	roundStats(r.OtherCad)
	for _, bands := range [][]analysis.PaceBand{r.PaceBands, r.MilePaceBands} {
		for i := range bands {
			b := &bands[i]
			b.Seconds, b.MedianSPM, b.StepM = round3(b.Seconds), round3(b.MedianSPM), round3(b.StepM)
		}
	}
	for i := range r.Grades {
		g := &r.Grades[i]
		g.Seconds, g.MedianSPM, g.SpeedMS = round3(g.Seconds), round3(g.MedianSPM), round3(g.SpeedMS)
	}
	roundPtr(r.RunningM)
	roundPtr(r.DownhillM)
	for i := range r.SpeedBins {
		b := &r.SpeedBins[i]
		b.Seconds, b.MedianSPM = round3(b.Seconds), round3(b.MedianSPM)
	}
	for i := range r.Judged {
		p := &r.Judged[i]
		roundPtr(p.PaceSPerKm)
		roundPtr(p.StepM)
		p.Seconds, p.MedianSPM, p.ThresholdSPM, p.TypicalSPM = round3(p.Seconds), round3(p.MedianSPM), round3(p.ThresholdSPM), round3(p.TypicalSPM)
	}
	if sp := r.Spike; sp != nil {
		sp.LongestPrior30dM, sp.Ratio = round3(sp.LongestPrior30dM), round3(sp.Ratio)
	}
	if f := r.PaceFit; f != nil {
		f.Intercept, f.Slope, f.R2 = round3(f.Intercept), round3(f.Slope), round3(f.R2)
	}
}

type jsonSummary struct {
	w        io.Writer
	buf      bytes.Buffer
	enc      *json.Encoder
	imperial bool
}

// encode writes v as one line of JSON. encoding/json escapes the C0 controls and the
// line separators but not DEL, the C1 controls or the direction overrides, which a
// terminal showing the output would obey: those are written as \u escapes too. Outside
// strings JSON is ASCII, so only strings are touched, and they decode the same.
func (s *jsonSummary) encode(v any) error {
	s.buf.Reset()
	if err := s.enc.Encode(v); err != nil {
		return err
	}
	_, err := s.w.Write(jsonHidden(s.buf.Bytes()))
	return err
}

// jsonHidden returns encoded JSON with every hidden character (hiddenRune) but the
// line feeds between values written as a \u escape.
func jsonHidden(p []byte) []byte {
	hidden := func(r rune) bool { return r != '\n' && hiddenRune(r) }
	// Plain ASCII with no control but the line feed has nothing to escape: most lines
	// are that, and a byte test is much cheaper than decoding each rune.
	i := 0
	for i < len(p) && p[i] < 0x7f && (p[i] >= 0x20 || p[i] == '\n') {
		i++
	}
	if i == len(p) || !bytes.ContainsFunc(p[i:], hidden) {
		return p
	}
	out := make([]byte, 0, len(p)+12)
	for len(p) > 0 {
		r, n := utf8.DecodeRune(p)
		if hidden(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, p[:n]...)
		}
		p = p[n:]
	}
	return out
}

func (s *jsonSummary) Result(r *analysis.Result) error {
	out := newResultJSON(r, s.imperial) // worded before rounding; it shares r's numbers
	rounded(r)
	return s.encode(out)
}

func (s *jsonSummary) Error(file, athlete string, err error) error {
	return s.encode(struct {
		SchemaVersion int    `json:"schema_version"`
		File          string `json:"file"`
		Athlete       string `json:"athlete"`
		Error         string `json:"error"`
	}{SchemaVersion, file, athlete, err.Error()})
}

func (s *jsonSummary) Close() error { return nil }

type csvSummary struct {
	w      *csv.Writer
	header bool
}

var csvHeader = []string{"file", "index", "sport", "start", "moving_s", "elapsed_s", "distance_m", "pace_s_per_km",
	"cadence_mean", "cadence_median", "cadence_p10", "cadence_p90", "cadence_samples",
	"running_cadence_median", "step_length_m", "overstride", "verdict", "warnings", "error", "duplicate_of", "name", "time_zone", "athlete"}

// row writes one record, each cell defused for spreadsheets (csvCell).
func (s *csvSummary) row(rec []string) error {
	if !s.header {
		s.header = true
		if err := s.w.Write(csvHeader); err != nil {
			return err
		}
	}
	for i, c := range rec {
		rec[i] = csvCell(c)
	}
	return s.w.Write(rec)
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(round3(*p), 'f', -1, 64)
}

func (s *csvSummary) Result(r *analysis.Result) error {
	start := ""
	if r.Start != nil {
		start = r.Start.Format("2006-01-02T15:04:05Z07:00")
	}
	rec := []string{r.File, strconv.Itoa(r.Index), string(r.Sport), start, num(r.MovingS), num(r.ElapsedS), num(r.DistanceM), num(r.PaceSPerKm)}
	if c := r.Cadence; c != nil {
		rec = append(rec, num(&c.Mean), num(&c.Median), num(&c.P10), num(&c.P90), strconv.Itoa(c.Samples))
	} else {
		rec = append(rec, "", "", "", "", "")
	}
	runMed := ""
	if r.Running != nil {
		runMed = num(&r.Running.Median)
	}
	dup := ""
	if r.DuplicateOf != nil {
		dup = *r.DuplicateOf
	}
	rec = append(rec, runMed, num(r.StepLengthM), strconv.FormatBool(r.Overstride), r.Verdict.Kind, strings.Join(r.Warnings, "; "), "",
		dup, r.Name, r.TimeZone, r.Athlete)
	return s.row(rec)
}

func (s *csvSummary) Error(file, athlete string, err error) error {
	rec := make([]string, len(csvHeader))
	rec[0] = file
	rec[slices.Index(csvHeader, "athlete")] = athlete
	rec[slices.Index(csvHeader, "error")] = err.Error()
	return s.row(rec)
}

func (s *csvSummary) Close() error {
	s.w.Flush()
	return s.w.Error()
}

// textSummary writes a table, one line per activity, and a footer that sums it up.
type textSummary struct {
	w        io.Writer
	imperial bool
	detail   bool
	trim     string
	header   bool
	err      error

	runs, overstriding, walks, others, noCad, failed, copies int
	runMedians                                               []float64
	threshold                                                float64 // of the runs counted, at a typical speed
}

const textRow = "%-40s %-10s %-9s %9s %8s %9s %9s  %s\n"

// printf writes to the table with every string argument made printable (Printable):
// the format is ours, the arguments may come from a file.
func (s *textSummary) printf(format string, args ...any) {
	for i, a := range args {
		if str, ok := a.(string); ok {
			args[i] = Printable(str)
		}
	}
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

func (s *textSummary) writeHeader() {
	if !s.header {
		s.header = true
		s.printf(textRow, "FILE", "DATE", "SPORT", "DISTANCE", "MOVING", "PACE", "CADENCE", "VERDICT")
	}
}

// shorten keeps the end of a long path, which names the file.
func shorten(name string, n int) string {
	if utf8.RuneCountInString(name) <= n {
		return name
	}
	r := []rune(name)
	return "…" + string(r[len(r)-n+1:])
}

// FormatDistance formats metres as kilometres or miles.
func FormatDistance(m float64, imperial bool) string {
	if imperial {
		return strconv.FormatFloat(m/analysis.MetresPerMile, 'f', 2, 64) + " mi"
	}
	return strconv.FormatFloat(m/1000, 'f', 2, 64) + " km"
}

// FormatDuration formats seconds as h:mm:ss, or m:ss under an hour.
func FormatDuration(sec float64) string {
	s := int(math.Round(sec))
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// ShortVerdict is the verdict in a few words, for tables: for a judged run the
// cadence and pace it was judged at and the threshold for that pace, so that the
// numbers can be found again in the advice and the dashboard.
func ShortVerdict(r *analysis.Result, imperial bool) string {
	switch r.Verdict.Kind {
	case analysis.VerdictOverstride:
		return "likely overstriding" + judgedShort(r, imperial)
	case analysis.VerdictOK:
		return "ok" + judgedShort(r, imperial)
	case analysis.VerdictWalking:
		return "walking, not judged"
	case analysis.VerdictNotFoot:
		return "not a run"
	case analysis.VerdictNoCadence:
		return "no cadence in the file"
	case analysis.VerdictTooShort:
		return "too short to judge"
	case analysis.VerdictUnknown:
		return "sport unknown, not judged"
	}
	return r.Verdict.Kind
}

// judgedShort says in brackets what a judged run was judged on, after its verdict.
func judgedShort(r *analysis.Result, imperial bool) string {
	p, ok := coach.PartOf(r)
	if !ok {
		return ""
	}
	var s string
	switch {
	case p.PaceSPerKm == nil && p.Below:
		s = fmt.Sprintf("%s < %s; no speed, fixed threshold", spm(p.MedianSPM), adviceNum(p.ThresholdSPM))
	case p.PaceSPerKm == nil:
		s = fmt.Sprintf("%s >= %s; no speed, fixed threshold", spm(p.MedianSPM), adviceNum(p.ThresholdSPM))
	case p.Below:
		s = fmt.Sprintf("%s at %s < %s", spm(p.MedianSPM), FormatPace(*p.PaceSPerKm, imperial), adviceNum(p.ThresholdSPM))
	default:
		s = fmt.Sprintf("%s at %s >= %s", spm(p.MedianSPM), FormatPace(*p.PaceSPerKm, imperial), adviceNum(p.ThresholdSPM))
	}
	if n := len(r.Judged); n > 1 {
		var below, total float64
		for _, q := range r.Judged {
			total += q.Seconds
			if q.Below {
				below += q.Seconds
			}
		}
		s += fmt.Sprintf("; %d paces, %s of %s min below", n, strconv.Itoa(int(math.Round(below/60))), strconv.Itoa(int(math.Round(total/60))))
	}
	if w := r.Workout; w != nil {
		s += fmt.Sprintf("; a workout of %d reps%s, recoveries not judged", w.Reps, lapsWord(w))
	}
	return " (" + s + ")"
}

// lapsWord is " by its laps" for a workout its laps told, else "".
func lapsWord(w *analysis.Workout) string {
	if w.From == analysis.WorkoutFromLaps {
		return " by its laps"
	}
	return ""
}

func spm(v float64) string { return strconv.Itoa(int(math.Round(v))) }

func (s *textSummary) Result(r *analysis.Result) error {
	s.writeHeader()
	name := filepath.ToSlash(r.File)
	if s.trim != "" && strings.HasPrefix(name, s.trim) && len(name) > len(s.trim) {
		name = strings.TrimPrefix(name[len(s.trim):], "/")
	}
	if r.Index > 0 {
		name += "#" + strconv.Itoa(r.Index)
	}
	date, dist, moving, pace, cad := "-", "-", "-", "-", "-"
	if r.Start != nil {
		date = r.Start.Format("2006-01-02")
	}
	if r.DistanceM != nil {
		dist = FormatDistance(*r.DistanceM, s.imperial)
	}
	if r.MovingS != nil {
		moving = FormatDuration(*r.MovingS)
	}
	if r.PaceSPerKm != nil && r.Sport.OnFoot() {
		pace = FormatPace(*r.PaceSPerKm, s.imperial)
	}
	if t := HeadlineOf(r).Text(); t != "" {
		cad = t // the one cadence every place shows (HeadlineOf)
	}
	verdict := ShortVerdict(r, s.imperial)
	if r.DuplicateOf != nil {
		verdict = "same as " + filepath.Base(filepath.ToSlash(*r.DuplicateOf)) + ", not counted"
		s.copies++
	} else {
		s.count(r)
	}
	s.printf(textRow, shorten(Printable(name), 40), date, shorten(Printable(string(r.Sport)), 9), dist, moving, pace, cad, verdict)
	if s.detail {
		s.details(r)
		return s.err
	}
	// In a batch, only warnings about damaged data get a line: the rest are in
	// the detail view and in JSON.
	for _, w := range r.Warnings {
		if damaged(w) {
			s.printf("  ! %s\n", w)
		}
	}
	return s.err
}

// judgedKind reports whether the verdict judged the run's cadence.
func judgedKind(r *analysis.Result) bool {
	return r.Verdict.Kind == analysis.VerdictOverstride || r.Verdict.Kind == analysis.VerdictOK
}

// damaged reports whether a warning says the file was damaged and read in part.
func damaged(w string) bool {
	for _, k := range []string{"truncated", "damaged", "ends early", "CRC mismatch", "invalid base types"} {
		if strings.Contains(w, k) {
			return true
		}
	}
	return false
}

func (s *textSummary) count(r *analysis.Result) {
	switch r.Verdict.Kind {
	case analysis.VerdictOverstride, analysis.VerdictOK:
		s.runs++
		s.runMedians = append(s.runMedians, r.Running.Median)
		s.threshold = r.Threshold
		if r.Overstride {
			s.overstriding++
		}
	case analysis.VerdictWalking:
		s.walks++
	case analysis.VerdictNoCadence:
		s.noCad++
	default:
		s.others++
	}
}

// details writes the verdict's reason, cadence by pace and slope, and the warnings.
func (s *textSummary) details(r *analysis.Result) {
	s.printf("\n  %s\n", Reason(r, s.imperial))
	if c := r.Cadence; c != nil {
		s.printf("  cadence over moving time: mean %.1f, median %s, 10-90%% %s-%s steps/min (%d samples; %s)\n",
			c.Mean, spm(c.Median), spm(c.P10), spm(c.P90), c.Samples, r.CadenceUnit)
	}
	if r.WatchAvgSPM != nil {
		s.printf("  the watch's own session average: %.1f steps/min (it may count time standing still)\n", *r.WatchAvgSPM)
	}
	if r.PaceSPerKm != nil && r.Sport.OnFoot() {
		s.printf("  pace: %s over moving time", FormatPace(*r.PaceSPerKm, s.imperial))
		if r.RunPace != nil && judgedKind(r) {
			s.printf(", %s while running", FormatPace(*r.RunPace, s.imperial))
		}
		s.printf("\n")
	}
	if r.Running != nil && judgedKind(r) {
		s.printf("  running cadence: median %s steps/min (the CADENCE column)\n", spm(r.Running.Median))
	}
	if len(r.Judged) > 0 && judgedKind(r) {
		s.printf("  judged at each pace (steps/min against the threshold for that pace):")
		for _, p := range r.Judged {
			pace := "no speed"
			if p.PaceSPerKm != nil {
				pace = FormatPace(*p.PaceSPerKm, s.imperial)
			}
			mark := ">="
			if p.Below {
				mark = "<"
			}
			s.printf("  %s %s %s %s (%s)", pace, spm(p.MedianSPM), mark, adviceNum(p.ThresholdSPM), FormatDuration(p.Seconds))
		}
		s.printf("\n")
	}
	if r.StepLengthM != nil {
		s.printf("  step length while running: %s (median)\n", FormatStepLength(*r.StepLengthM, s.imperial))
	}
	if bands := paceBandsIn(r, s.imperial); len(bands) > 0 {
		s.printf("  cadence by pace:")
		for _, b := range bands {
			s.printf("  %s-%s %s", paceShort(b.FromSPerKm, s.imperial), FormatPace(b.ToSPerKm, s.imperial), spm(b.MedianSPM))
		}
		s.printf("\n")
	}
	if len(r.Grades) > 0 {
		s.printf("  cadence by slope:")
		for _, g := range r.Grades {
			s.printf("  %s %s (%s)", g.Name, spm(g.MedianSPM), FormatDuration(g.Seconds))
		}
		s.printf("\n")
	}
	for _, w := range r.Warnings {
		s.printf("  note: %s\n", w)
	}
	s.printf("\n")
}

// paceShort formats a pace without its unit, for ranges.
func paceShort(sPerKm float64, imperial bool) string {
	p := FormatPace(sPerKm, imperial)
	return strings.TrimSuffix(strings.TrimSuffix(p, "/km"), "/mi")
}

func (s *textSummary) Error(file, _ string, err error) error {
	s.failed++
	return nil // errors go to stderr; the table stays clean
}

func (s *textSummary) Close() error {
	if !s.header {
		return s.err
	}
	var parts []string
	if s.runs > 0 {
		sort.Float64s(s.runMedians)
		parts = append(parts, fmt.Sprintf("%d %s with cadence (median of medians %s spm), %d likely overstriding",
			s.runs, plural(s.runs, "run", "runs"), spm(analysis.Quantile(s.runMedians, 0.5)), s.overstriding))
	}
	if s.walks > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", s.walks, plural(s.walks, "walk", "walks")))
	}
	if s.noCad > 0 {
		parts = append(parts, fmt.Sprintf("%d without cadence", s.noCad))
	}
	if s.others > 0 {
		parts = append(parts, fmt.Sprintf("%d other (rides, swims, too short)", s.others))
	}
	if s.copies > 0 {
		parts = append(parts, fmt.Sprintf("%d %s of another activity not counted", s.copies, plural(s.copies, "copy", "copies")))
	}
	if s.failed > 0 {
		parts = append(parts, fmt.Sprintf("%d %s could not be read (see above)", s.failed, plural(s.failed, "file", "files")))
	}
	if !s.detail && len(parts) > 0 {
		s.printf("\n%s.\n", strings.Join(parts, "; "))
		if s.runs > 0 {
			s.printf("PACE is over moving time; CADENCE is the median while running (walks: while moving); the verdict judges\neach pace of a run against the threshold for that pace (%s at %s, about 6 more per 1 m/s).\n",
				adviceNum(s.threshold), FormatPace(1000/analysis.TypicalSpeed, s.imperial))
		}
	}
	return s.err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
