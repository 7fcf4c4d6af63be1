package report

import (
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/coach"
)

func planTestWeek(real bool) coach.Week {
	f := func(v float64) *float64 { return &v }
	change, ci := 4.2, [2]float64{1.1, 7.3}
	if !real {
		change, ci = 1.2, [2]float64{-1.9, 4.3}
	}
	return coach.Week{Week: "2026-W12", PlanWeek: 3, CadenceAtRefPaceSPM: f(161.2), CadenceCISPM: &[2]float64{159.1, 163.4},
		TargetSPM: f(163), RefPaceSPerKm: 350, ChangeSPM: &change, ChangeCISPM: &ci, Real: real}
}

func TestPlanLine(t *testing.T) {
	for _, c := range []struct {
		wk   coach.Week
		want string
	}{
		{planTestWeek(true), "Plan week 3: 161 steps/min at 5:50/km (159–163), target 163; the change since the plan began, +4 (95% interval +1 to +7), is real."},
		{planTestWeek(false), "Plan week 3: 161 steps/min at 5:50/km (159–163), target 163; the change since the plan began, +1 (95% interval −2 to +4), is within noise."},
		{coach.Week{}, ""},
	} {
		if got := PlanLine(c.wk, false); got != c.want {
			t.Errorf("PlanLine =\n%q, want\n%q", got, c.want)
		}
	}
	if got := PlanLine(planTestWeek(true), true); !strings.Contains(got, "at 9:23/mi") {
		t.Errorf("imperial: %q", got)
	}
}

func TestPlanOnIndexAndAdvice(t *testing.T) {
	wk := planTestWeek(true)
	p := &coach.Retraining{Start: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), StartWeek: "2026-W10", FromFile: "a.fit",
		BaselineSPM: 157.2, BaselineCISPM: [2]float64{155.6, 158.8}, BaselineRuns: 9, RefPaceSPerKm: 350,
		TargetsSPM: [2]float64{165, 173}, Step: 1, TargetSPM: 165, Held: 1, Latest: wk}
	lines := PlanLines(p, false)
	want := []string{
		"Your cadence plan began in 2026-W10, with your first run that got a cadence target, on 2026-03-02. Before it, your cadence at 5:50/km was 157 steps/min (95% interval 156–159, from 9 runs).",
		"In week 3 of the plan (2026-W12) it was 161 (159–163): the change since the plan began, +4 (95% interval +1 to +7), is real.",
		"Step 1 of 2: target 165 (+5%). When it holds at 5:50/km for 2 weeks in a row, with most of your running at or above it, the target becomes 173 (+10%). It held last week: one more and the step is taken.",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("PlanLines =\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	st := time.Date(2026, 3, 18, 7, 0, 0, 0, time.UTC)
	r := idxTestRun("b.fit", "", &st, 158)
	_, _, pages := idxPages(t, Index{Title: "t", Rows: []IndexRow{{Result: r}},
		Weekly: &IndexWeekly{Trend: coach.Trend{RefPaceSPerKm: 350, Weeks: []coach.Week{wk}, Plan: p}}})
	page := string(pages["index.html"]) // html/template writes "+" as "&#43;"
	for _, s := range []string{"<h2>Your cadence plan</h2>", "<b>157</b>before the plan<span class=\"ci\">95%: 156–159</span>",
		"<b>161</b>week 3 (2026-W12)<span class=\"ci\">95%: 159–163</span>", "<b>165</b>target<span class=\"ci\">step 1 of 2, &#43;5%</span>",
		"The change since the plan began, &#43;4 (95% interval &#43;1 to &#43;7), is real.", "card real"} {
		if !strings.Contains(page, s) {
			t.Errorf("index.html lacks %q", s)
		}
	}
	_, _, pages = idxPages(t, Index{Title: "t", Rows: []IndexRow{{Result: r}}, Weekly: &IndexWeekly{Trend: coach.Trend{RefPaceSPerKm: 350}}})
	if strings.Contains(string(pages["index.html"]), "cadence plan") {
		t.Error("a plan card without a plan")
	}

	// The advice opens with the plan's line, right under its title; a walk's does not.
	adv := Advice(r, AdviceOptions{PlanWeek: &wk})
	paras := strings.Split(adv, "\n\n")
	if len(paras) < 3 || paras[2] != PlanLine(wk, false) {
		t.Errorf("advice opens with %q", paras[:min(3, len(paras))])
	}
	walk := idxTestRun("w.fit", "", &st, 120)
	walk.Verdict.Kind = "walking"
	if strings.Contains(Advice(walk, AdviceOptions{PlanWeek: &wk}), "Plan week") {
		t.Error("a walk's advice speaks of the plan")
	}
}

func TestPlanRuleCapped(t *testing.T) {
	// A baseline of 167 at 5:33/km: +5% already passes the typical 170, so the plan
	// has one step.
	p := &coach.Retraining{BaselineSPM: 167, RefPaceSPerKm: 333, TargetsSPM: [2]float64{170, 170}, Step: 1, TargetSPM: 170}
	want := "Target 170 (+2%, what a typical runner takes at this pace: no target goes beyond it). When it holds at 5:33/km for 2 weeks in a row, with most of your running at or above it, the plan is done."
	if got := planRule(p, "5:33/km"); got != want {
		t.Errorf("planRule =\n%q, want\n%q", got, want)
	}
	if c := idxMakePlan(p, false); c.Step != "the one step, +2%" || c.Now != "–" {
		t.Errorf("card %+v", *c)
	}
}
