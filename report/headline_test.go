package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
)

// TestHeadlineOf: a run shows its running cadence, a file that says running but was
// mostly walked shows its cadence over moving time and is a walk, a ride its
// revolutions, and an activity of unknown sport no step rate.
func TestHeadlineOf(t *testing.T) {
	run := &analysis.Result{Sport: activity.Running, Verdict: analysis.Verdict{Kind: analysis.VerdictOK},
		Running: &analysis.Stats{Median: 166.4, Samples: 100}, Cadence: &analysis.Stats{Median: 150, Samples: 200}}
	walked := &analysis.Result{Sport: activity.Running, Verdict: analysis.Verdict{Kind: analysis.VerdictWalking, Basis: analysis.BasisWalkCadence},
		Running: &analysis.Stats{Median: 155, Samples: 20}, Cadence: &analysis.Stats{Median: 97, Samples: 900}}
	ride := &analysis.Result{Sport: activity.Cycling, Verdict: analysis.Verdict{Kind: analysis.VerdictNotFoot},
		OtherCad: &analysis.Stats{Median: 89.6, Samples: 900}}
	unknown := &analysis.Result{Sport: activity.Unknown, Verdict: analysis.Verdict{Kind: analysis.VerdictUnknown},
		Cadence: &analysis.Stats{Median: 80, Samples: 900}}
	for _, tc := range []struct {
		r          *analysis.Result
		noun, text string
	}{{run, "run", "166 spm"}, {walked, "walk", "97 spm"}, {ride, "ride", "90 rpm"}, {unknown, "activity", ""}} {
		if h := HeadlineOf(tc.r); h.Noun != tc.noun || h.Text() != tc.text {
			t.Errorf("%+v: headline %q %q, want %q %q", tc.r.Verdict, h.Noun, h.Text(), tc.noun, tc.text)
		}
	}
}

// TestHeadlineAgreesEverywhere reads every corpus file and checks that the table's
// row, the index's row and the dashboard's subtitle show the headline cadence and
// kind of each activity: one number per run everywhere.
func TestHeadlineAgreesEverywhere(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	var files []string
	for _, sub := range []string{"fit", "gpx", "tcx"} {
		m, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skipf("no corpus at %s", dir)
	}
	n, walks, runs := 0, 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := fitparse.Parse(f, data)
		if err != nil {
			continue // the corpus's damaged files; fitparse's tests cover them
		}
		for _, a := range acts {
			r := analysis.Analyze(a, analysis.DefaultOptions)
			h := HeadlineOf(r)
			name := filepath.Base(f)
			n++
			switch h.Noun {
			case "walk", "hike":
				walks++
			case "run":
				runs++
			}

			// The table.
			var buf bytes.Buffer
			s, _ := NewSummary(&buf, "text", SummaryOptions{})
			s.Result(r)
			s.Close()
			row := strings.Split(buf.String(), "\n")[1]
			want := h.Text()
			if want == "" {
				want = "-"
			}
			if !strings.Contains(row, " "+want+"  ") {
				t.Errorf("%s: table row %q lacks the headline cadence %q", name, row, want)
			}

			// The index.
			idx := idxMakeRow(IndexRow{Result: r}, false)
			wantIdx := "–"
			if h.Unit == "spm" {
				wantIdx = h.Number()
			}
			if idx.Cadence != wantIdx {
				t.Errorf("%s: index cadence %q, headline %q", name, idx.Cadence, wantIdx)
			}
			// With a step rate, the badge names the same kind: a walk is a walk, a
			// run is judged (or too short to judge).
			if isWalk := h.Noun == "walk" || h.Noun == "hike"; h.Unit == "spm" && isWalk != (idx.Badge == "walk") {
				t.Errorf("%s: index badge %q, headline a %s", name, idx.Badge, h.Noun)
			}
			judgedBadge := idx.Badge == "looks fine" || idx.Badge == "likely overstriding" || idx.Badge == "too short"
			if isRun := h.Noun == "run"; h.Unit == "spm" && isRun != judgedBadge || judgedBadge && !isRun {
				t.Errorf("%s: index badge %q, headline a %s", name, idx.Badge, h.Noun)
			}

			// The page: the dashboard's subtitle.
			d := &dashboard{r: r, pts: r.Series, thr: r.Threshold}
			sub := d.subtitle()
			if h.Unit == "spm" && !strings.Contains(sub, "median "+h.Number()+" steps/min") {
				t.Errorf("%s: dashboard subtitle %q lacks the headline cadence %s", name, sub, h.Number())
			}
			if (h.Noun == "walk" || h.Noun == "hike") && h.Unit == "spm" && !strings.HasPrefix(sub, "Walking cadence") {
				t.Errorf("%s: a %s, but the dashboard says %q", name, h.Noun, sub)
			}
			if h.Running && !strings.HasPrefix(sub, "Running cadence") {
				t.Errorf("%s: a run, but the dashboard says %q", name, sub)
			}
		}
	}
	if n < 80 || walks < 3 || runs < 40 {
		t.Errorf("only %d activities (%d walks, %d runs) checked", n, walks, runs)
	}
	t.Logf("%d activities: %d runs, %d walks", n, runs, walks)
}
