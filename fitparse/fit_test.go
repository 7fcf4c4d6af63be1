package fitparse

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cadence-run/cadence/activity"
	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/kit/hash/crc16"
)

// fitCorpus is the corpus: $CADENCE_BENCH_CORPUS (as `make bench` sets it from
// CORPUS), else the folder beside the repository.
var fitCorpus = cmp.Or(os.Getenv("CADENCE_BENCH_CORPUS"), "../../shared/corpus")

func needFITCorpus(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(fitCorpus, "MANIFEST.tsv")); err != nil {
		t.Skipf("corpus not found at %s (it sits beside the repo in CI): skipping real-file tests", fitCorpus)
	}
}

func readCorpus(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fitCorpus, rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// countRecords decodes data as parseFIT does and returns every record message it
// delivered, before the records are split into sessions.
func countRecords(t *testing.T, data []byte) int {
	t.Helper()
	var l fitListener
	l.reset()
	dec := decoder.New(bytes.NewReader(data), decoder.WithMesgListener(&l), decoder.WithBroadcastOnly(), decoder.WithIgnoreChecksum())
	for dec.Next() {
		if _, err := dec.Decode(); err != nil {
			break
		}
	}
	return len(l.records)
}

// TestFITRecordCountsMatchGarminSDK checks that every FIT file in fit/ gives exactly
// the records Garmin's FIT SDK decodes (dev-oracle.jsonl), chained files included.
func TestFITRecordCountsMatchGarminSDK(t *testing.T) {
	needFITCorpus(t)
	f, err := os.Open(filepath.Join(fitCorpus, "../tools/peers/dev-oracle.jsonl"))
	if err != nil {
		t.Skip("dev-oracle.jsonl not found: skipping")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		var o struct {
			Tool    string `json:"tool"`
			File    string `json:"file"`
			OK      bool   `json:"ok"`
			Records int    `json:"records"`
		}
		if json.Unmarshal(sc.Bytes(), &o) != nil || o.Tool != "garmin-fitsdk" || !strings.HasPrefix(o.File, "fit/") || !o.OK {
			continue
		}
		data := readCorpus(t, o.File)
		if got := countRecords(t, data); got != o.Records {
			t.Errorf("%s: %d records, Garmin SDK %d", o.File, got, o.Records)
		}
		acts, err := Parse(o.File, data)
		if err != nil {
			t.Errorf("%s: %v", o.File, err)
			continue
		}
		for _, a := range acts {
			for _, w := range a.Warnings {
				if strings.Contains(w, "CRC") {
					// 7 of these files have a header CRC of 0, which muktihari alone
					// calls a mismatch; none is damaged.
					t.Errorf("%s: false CRC warning %q", o.File, w)
				}
			}
		}
		n++
	}
	if n < 65 {
		t.Errorf("only %d FIT files compared; the oracle has 69 readable ones", n)
	}
}

// TestFITBadFiles checks each damaged FIT file of the corpus: the error or the
// warning, and the records recovered (the numbers Garmin's SDK recovers).
func TestFITBadFiles(t *testing.T) {
	needFITCorpus(t)
	for _, tc := range []struct {
		file    string
		records int    // 0: an error is expected
		want    string // in the error, or in a warning
	}{
		{"bad/fitsdk-activity-bad-crc.fit", 14, "CRC mismatch"},
		{"bad/fitsdk-chained-activity-settings-corrupt-header.fit", 14, "damaged or truncated at byte 783"},
		{"bad/fitparse-nick-truncated-crc-mismatch.fit", 14391, "kept the 14391 records"},
		{"bad/fitsdk-activity-truncated-no-session.fit", 14, "no session summary"},
		{"bad/sportslib-broken-dates-invalid-filetype.fit", 3279, ""},
		{"bad/gc-garmin-fr55-walk-resaved-invalid-basetype.fit", 588, "invalid base types"},
		{"bad/gc-garmin-vivoactivehr-run-resaved-invalid-basetype.fit", 1441, "invalid base types"},
		{"bad/sportslib-garmin-virtual-ride-bad-basetype.fit", 3806, "invalid base types"},
		{"bad/gc-garmin-edge500-no-records.fit", 0, "no records"},
		{"bad/sportslib-empty-activities-bad-header.fit", 0, "not a valid FIT header"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			acts, err := Parse(tc.file, readCorpus(t, tc.file))
			if tc.records == 0 {
				var pe *ParseError
				if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.file) {
					t.Fatalf("error = %v; want a ParseError naming the file and saying %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			got := 0
			warnings := ""
			for _, a := range acts {
				got += len(a.Samples)
				warnings += strings.Join(a.Warnings, "|")
			}
			if got != tc.records {
				t.Errorf("records = %d, want %d", got, tc.records)
			}
			if !strings.Contains(warnings, tc.want) {
				t.Errorf("warnings %q lack %q", warnings, tc.want)
			}
		})
	}
}

// TestFITUnits checks the mapping of record fields to SI units and steps on a real
// file: the first records of activitylog2-garmin-fr920xt-run.fit as the SDK reads them.
func TestFITUnits(t *testing.T) {
	needFITCorpus(t)
	acts, err := Parse("x.fit", readCorpus(t, "fit/activitylog2-garmin-fr920xt-run.fit"))
	if err != nil || len(acts) != 1 {
		t.Fatalf("Parse: %v, %d activities", err, len(acts))
	}
	s := acts[0].Samples
	// dev-oracle.jsonl samples: [1419802693, 118 spm, 0.355 m/s], [1419802695, 163, 2.099]
	if s[1].T != 1419802693 || 2*s[1].Cadence != 118 || math.Abs(s[1].Speed-0.355) > 0.0005 {
		t.Errorf("record 1 = t %v, 2×cadence %v, speed %v; want 1419802693, 118, 0.355", s[1].T, 2*s[1].Cadence, s[1].Speed)
	}
	if s[2].T != 1419802695 || 2*s[2].Cadence != 163 || math.Abs(s[2].Speed-2.099) > 0.0005 {
		t.Errorf("record 2 = t %v, 2×cadence %v, speed %v; want 1419802695, 163, 2.099", s[2].T, 2*s[2].Cadence, s[2].Speed)
	}
	if a := acts[0]; a.Sport != "running" || a.Device != "garmin fr920xt" || math.Abs(2*a.AvgCadence-167.328) > 0.01 {
		t.Errorf("sport %q device %q session avg %.3f; want running, garmin fr920xt, 167.328", a.Sport, a.Device, 2*a.AvgCadence)
	}
	if lat, lon := s[5].Lat, s[5].Lon; math.IsNaN(lat) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		t.Errorf("position %v,%v is not in degrees", lat, lon)
	}
}

// TestFITMultisport checks that a triathlon gives one activity per session, in time
// order, whether its summaries come first or last.
func TestFITMultisport(t *testing.T) {
	needFITCorpus(t)
	for _, f := range []string{"fit/muktihari-garmin-fr255-triathlon-summary-first.fit", "fit/muktihari-garmin-fr255-triathlon-summary-last.fit"} {
		acts, err := Parse(f, readCorpus(t, f))
		if err != nil {
			t.Fatal(err)
		}
		var sports []string
		for _, a := range acts {
			sports = append(sports, string(a.Sport))
		}
		if got := strings.Join(sports, ","); got != "swimming,transition,cycling,transition,running" {
			t.Errorf("%s: sessions %s", f, got)
		}
		if n := len(acts[4].Samples); n != 1574 {
			t.Errorf("%s: the run has %d records, want 1574", f, n)
		}
	}
}

// TestFITTruncatedEverywhere cuts a real file at many points: each cut gives an
// error naming the file or the records before the cut with a warning; never a panic.
func TestFITTruncatedEverywhere(t *testing.T) {
	needFITCorpus(t)
	data := readCorpus(t, "fit/runalyze-garmin-fr735xt-run-tiny.fit")
	for cut := 0; cut < len(data); cut += 7 {
		acts, err := Parse("cut.fit", data[:cut])
		if err != nil {
			if !strings.Contains(err.Error(), "cut.fit") {
				t.Fatalf("cut at %d: error %q does not name the file", cut, err)
			}
			continue
		}
		if len(acts) == 0 || len(acts[0].Warnings) == 0 {
			t.Fatalf("cut at %d: %d activities without a warning", cut, len(acts))
		}
	}
}

func TestRepairBaseTypesLeavesGoodFilesAlone(t *testing.T) {
	needFITCorpus(t)
	data := readCorpus(t, "fit/runalyze-garmin-fr630-run.fit")
	fixed, n := repairBaseTypes(data)
	if n != 0 || !bytes.Equal(fixed, data) {
		t.Errorf("a valid file was changed in %d places", n)
	}
}

// TestFITCRCMatchesSDK checks the table CRC against the FIT SDK's own (muktihari's port).
func TestFITCRCMatchesSDK(t *testing.T) {
	data := sample(t, "workoutizer-garmin-fr25-run-pauses.fit")
	for _, n := range []int{0, 1, 7, 8, 9, 13, 14, 1000, 1001, len(data)} {
		h := crc16.New()
		h.Write(data[:n])
		if got, want := fitCRC(0, data[:n]), h.Sum16(); got != want {
			t.Errorf("crc of %d bytes = %#04x, SDK %#04x", n, got, want)
		}
	}
}

// parseFITStandard is parseFIT with muktihari's standard factory, which decodes every
// field as the profile defines it: the reference for fitFactory.
func parseFITStandard(name string, data []byte) ([]*activity.Activity, error) {
	return parseFITWith(func(name string, data, orig []byte) ([]*activity.Activity, error) {
		st := &fitState{slow: true}
		st.opts = []decoder.Option{decoder.WithMesgListener(&st.lis), decoder.WithBroadcastOnly(), decoder.WithIgnoreChecksum()}
		st.dec = decoder.New(nil, st.opts...)
		return st.decode(name, data, orig)
	}, name, data)
}

// fitResult renders what parseFIT returns, every float by its bits (NaN included), for
// comparing two readers.
func fitResult(acts []*activity.Activity, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "err %v\n", err)
	for _, a := range acts {
		c := *a
		c.Samples, c.Zone, c.Dynamics, c.PodDynamics, c.Laps = nil, nil, nil, nil, nil
		fmt.Fprintf(&b, "%+v zone %v\n", c, a.Zone)
		for _, lp := range a.Laps {
			for _, v := range []float64{lp.Start, lp.End, lp.TimerS, lp.DistanceM, lp.SpeedMS} {
				fmt.Fprintf(&b, "%x ", math.Float64bits(v))
			}
			fmt.Fprintf(&b, "lap %q %q %d\n", lp.Intensity, lp.Trigger, lp.StepIndex)
		}
		for _, s := range a.Samples {
			for _, v := range []float64{s.T, s.Cadence, s.Speed, s.Distance, s.Altitude, s.Lat, s.Lon, s.HR} {
				fmt.Fprintf(&b, "%x ", math.Float64bits(v))
			}
			b.WriteByte('\n')
		}
		for _, d := range a.Dynamics {
			for _, v := range []float64{d.GroundContactMS, d.VertOscMM, d.VertRatioPct, d.BalancePct, d.StepLengthM} {
				fmt.Fprintf(&b, "%x ", math.Float64bits(v))
			}
			b.WriteByte('\n')
		}
		if len(a.Dynamics) != 0 && len(a.Dynamics) != len(a.Samples) {
			fmt.Fprintf(&b, "%d dynamics for %d samples\n", len(a.Dynamics), len(a.Samples))
		}
		for _, p := range a.PodDynamics {
			fmt.Fprintf(&b, "pod %s\n", p.Source)
			for _, d := range p.Values {
				fmt.Fprintf(&b, "%x %x\n", math.Float64bits(d.GroundContactMS), math.Float64bits(d.VertOscMM))
			}
			if len(p.Values) != len(a.Samples) {
				fmt.Fprintf(&b, "%d %s dynamics for %d samples\n", len(p.Values), p.Source, len(a.Samples))
			}
		}
	}
	return b.String()
}

// checkFITFactory fails t when parseFIT (fitfast where it can, else muktihari's decoder
// with fitFactory), parseFITSlow (always the latter) and parseFITStandard disagree on data.
func checkFITFactory(t *testing.T, name string, data []byte) {
	t.Helper()
	want := fitResult(parseFITStandard(name, data))
	for _, got := range []string{fitResult(parseFIT(name, data)), fitResult(parseFITSlow(name, data))} {
		checkSameFIT(t, name, got, want)
	}
}

// checkSameFIT fails t when got differs from want, showing where.
func checkSameFIT(t *testing.T, name, got, want string) {
	t.Helper()
	if got != want {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		lo := max(0, i-200)
		t.Errorf("%s: differs from the standard factory at output byte %d:\n got …%s\nwant …%s", name, i, got[lo:min(len(got), i+200)], want[lo:min(len(want), i+200)])
	}
}

// TestFITFactoryMatchesStandard checks that decoding only the fields cadence reads
// (fitfast, and muktihari's decoder with fitFactory) gives exactly what decoding every
// field does, on every FIT file of the corpus and the samples, whole and with bytes
// changed at random.
func TestFITFactoryMatchesStandard(t *testing.T) {
	skipUnderRace(t)
	files, _ := filepath.Glob("../testdata/sample/*.fit")
	for _, dir := range []string{"fit", "bad"} {
		more, _ := filepath.Glob(filepath.Join(fitCorpus, dir, "*.fit"))
		files = append(files, more...)
	}
	if len(files) == 0 {
		t.Skip("no FIT files")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkFITFactory(t, f, data)
		head := data[:min(len(data), 24<<10)]
		for k := range 6 {
			m := append([]byte(nil), head...)
			for range 1 + k {
				m[rng.IntN(len(m))] ^= byte(1 + rng.IntN(255))
			}
			checkFITFactory(t, fmt.Sprintf("%s (changed %d)", f, k), m)
		}
	}
}

// FuzzFITFactory looks for a file on which fitfast, fitFactory and the standard factory
// disagree. Its seeds are the small sample and corpus files and random files.
func FuzzFITFactory(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/sample/*.fit")
	more, _ := filepath.Glob(filepath.Join(fitCorpus, "fit", "*.fit"))
	for _, p := range append(seeds, more...) {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	rng := rand.New(rand.NewPCG(3, 5))
	for range 20 {
		f.Add(randomFIT(rng))
		f.Add(randomDevFIT(rng))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkFITFactory(t, "fuzz.fit", data) })
}
