package report

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// clinicRuns is four weeks of one runner: 8 km on Mondays and Wednesdays, 10 km on
// Saturdays, and a 15 km spike (+50%) on Saturday 2026-03-21.
func clinicRuns() []coach.Run {
	var runs []coach.Run
	var priors []coach.Prior
	monday := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	for w := 0; w < 4; w++ {
		for _, d := range []struct {
			day int
			km  float64
		}{{0, 8}, {2, 8}, {5, 10}} {
			km := d.km
			if w == 2 && d.day == 5 {
				km = 15
			}
			start := monday.AddDate(0, 0, 7*w+d.day)
			m := km * 1000
			priors = append(priors, coach.Prior{Start: start, DistanceM: m})
			runs = append(runs, coach.Run{Start: start, DistanceM: m, MovingS: m / 3, RunningM: m, DownhillM: m / 20,
				MedianSPM: 164 + float64(w), PaceSPerKm: 1000 / 3.0,
				Bins: []analysis.SpeedBin{{SpeedMS: 3, Seconds: m / 3, MedianSPM: 164 + float64(w)}}})
		}
	}
	l := coach.NewLongest(priors)
	for i := range runs {
		runs[i].Spike = l.SpikeOf(runs[i].Start, runs[i].DistanceM)
	}
	return runs
}

func TestClinicPage(t *testing.T) {
	runs := clinicRuns()
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	notes := []coach.Note{
		{Date: day("2026-03-22"), Site: `knee <b>"left"</b>`, PainDuring: 4, PainNextMorning: 6, Text: "<script>alert(1)</script> sore"},
	}
	for i := 0; i < 14; i++ { // more than the page holds: the earliest are left out
		notes = append(notes, coach.Note{Date: day("2026-03-02").AddDate(0, 0, i), Site: "knee", PainDuring: 1, PainNextMorning: math.NaN()})
	}
	// The plan begins on the third Monday: two weeks of baseline before it.
	tr := coach.WeeksOf(runs, coach.WeeksOptions{PlanStart: day("2026-03-16")})
	if tr.Plan == nil {
		t.Fatal("no plan")
	}
	nls := coach.NotesAgainstLoad(notes, runs, tr)
	var b strings.Builder
	page := ClinicPage{Trend: tr, Notes: nls, Generated: day("2026-03-30")}
	if err := WriteClinicPage(&b, page); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`<td class="d">2026-03-22</td><td class="s">knee &lt;b&gt;&#34;left&#34;&lt;/b&gt;</td><td class="n">4 / 6</td><td><div class="txt"><span class="flagtxt">flag: 6/10, 1 day after a spike</span> &lt;script&gt;alert(1)&lt;/script&gt; sore</div></td>`,
		`<td class="n">31.00 km, 3</td><td class="n">83.00 km, 9</td><td class="n">&#43;50% on 03-21</td><td class="n">5%</td><td class="n">166 / 165</td>`,
		// the plan card: coach's figures, worded as on the index
		`<b>` + fmt.Sprintf("%.0f", tr.Plan.BaselineSPM) + `</b>baseline (` + spmRange(tr.Plan.BaselineCISPM) + `)</div>`,
		`<b>167</b>week 2 (2026-W13)`,
		`<b>` + fmt.Sprintf("%.0f", tr.Plan.TargetSPM) + `</b>target, the one step, &#43;3%</div>`,
		// the week of the spike, with its interval and the worst pain of its notes
		`<tr class="flag"><td>2026-03-16</td><td class="n">3</td><td class="n">31.00 km</td><td class="n">15.00 km</td><td class="n">1</td><td class="n">5%</td><td class="n">166</td><td class="n" data-field="interval">` + spmRange(*tr.Weeks[2].CadenceCISPM) + `</td><td class="n">6/10</td></tr>`,
		"3 earlier notes are not shown.",
		"1 note of 3/10 or more came within 72 hours after a long-run spike",
		"made 2026-03-30",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, "No retraining plan") {
		t.Error("page holds a script or misses the plan")
	}
	if n := strings.Count(html, `<td class="d">`); n != clinicNotes {
		t.Errorf("%d notes shown, want %d", n, clinicNotes)
	}
}
