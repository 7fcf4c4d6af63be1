package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cadence-run/cadence/coach"
)

// The retraining plan in words: the opening line of a run's advice, the trend's
// sentences and the index's plan card. Every figure is coach's (coach.Retraining,
// coach.Week); nothing here comes from a file.

// spmRange writes a 95% interval of steps/min as "159–163".
func spmRange(ci [2]float64) string {
	return fmt.Sprintf("%.0f–%.0f", ci[0], ci[1])
}

// signed writes a change of steps/min with its sign, "+4" or "−1".
func signed(d float64) string {
	r := math.Round(d)
	if r < 0 {
		return "−" + strconv.Itoa(int(-r))
	}
	return "+" + strconv.Itoa(int(r))
}

// changeWords says whether a plan week's change since the baseline is real or
// within noise, with the change and its interval.
func changeWords(wk coach.Week) string {
	if wk.ChangeSPM == nil || wk.ChangeCISPM == nil {
		return ""
	}
	ci := *wk.ChangeCISPM
	span := signed(ci[0]) + " to " + signed(ci[1])
	if wk.Real {
		return fmt.Sprintf("the change since the plan began, %s (95%% interval %s), is real", signed(*wk.ChangeSPM), span)
	}
	return fmt.Sprintf("the change since the plan began, %s (95%% interval %s), is within noise", signed(*wk.ChangeSPM), span)
}

// PlanLine is the opening line of a run's advice: where the plan stood in the run's
// week (coach.PlanWeekOf), as "Plan week 3: 161 steps/min at 5:50/km (159–163),
// target 163; the change since the plan began, +4 (95% interval +1 to +7), is
// real." It is "" for a week without a figure.
func PlanLine(wk coach.Week, imperial bool) string {
	if wk.CadenceAtRefPaceSPM == nil || wk.PlanWeek < 1 {
		return ""
	}
	s := fmt.Sprintf("Plan week %d: %.0f steps/min at %s", wk.PlanWeek, *wk.CadenceAtRefPaceSPM, FormatPace(wk.RefPaceSPerKm, imperial))
	if wk.CadenceCISPM != nil {
		s += " (" + spmRange(*wk.CadenceCISPM) + ")"
	}
	if wk.TargetSPM != nil {
		s += fmt.Sprintf(", target %.0f", *wk.TargetSPM)
	}
	if c := changeWords(wk); c != "" {
		s += "; " + c
	}
	return s + "."
}

// stepPercent is how far a target is above the baseline, as "+5%".
func stepPercent(target, base float64) string {
	return fmt.Sprintf("+%.0f%%", math.Max(0, (target/base-1)*100))
}

// PlanLines says where the plan stands: when and from what it began, its latest week
// against the baseline (real or within noise), and the rule for the next step.
func PlanLines(p *coach.Retraining, imperial bool) []string {
	if p == nil {
		return nil
	}
	pace := FormatPace(p.RefPaceSPerKm, imperial)
	from := "on " + p.Start.Format("2006-01-02")
	if p.FromFile != "" {
		from = "with your first run that got a cadence target, on " + p.Start.Format("2006-01-02")
	}
	lines := []string{fmt.Sprintf("Your cadence plan began in %s, %s. Before it, your cadence at %s was %.0f steps/min (95%% interval %s, from %d %s).",
		p.StartWeek, from, pace, p.BaselineSPM, spmRange(p.BaselineCISPM), p.BaselineRuns, plural(p.BaselineRuns, "run", "runs"))}
	if wk := p.Latest; wk.PlanWeek > 0 && wk.CadenceAtRefPaceSPM != nil {
		s := fmt.Sprintf("In week %d of the plan (%s) it was %.0f", wk.PlanWeek, wk.Week, *wk.CadenceAtRefPaceSPM)
		if wk.CadenceCISPM != nil {
			s += " (" + spmRange(*wk.CadenceCISPM) + ")"
		}
		if c := changeWords(wk); c != "" {
			s += ": " + c
		}
		lines = append(lines, s+".")
	} else {
		lines = append(lines, fmt.Sprintf("No week of the plan has a cadence at %s yet.", pace))
	}
	lines = append(lines, planRule(p, pace))
	return lines
}

// planRule says the step in force and what brings the next one.
func planRule(p *coach.Retraining, pace string) string {
	t1, t2 := p.TargetsSPM[0], p.TargetsSPM[1]
	held := ""
	if p.Held == 1 {
		held = " It held last week: one more and the step is taken."
	}
	switch {
	case p.Step >= 3:
		return fmt.Sprintf("Both steps have held: keep %.0f (%s) as your usual step rate at %s.", t2, stepPercent(t2, p.BaselineSPM), pace)
	case p.Step == 1 && t1 == t2:
		return fmt.Sprintf("Target %.0f (%s, what a typical runner takes at this pace: no target goes beyond it). When it holds at %s for %d weeks in a row, with most of your running at or above it, the plan is done.%s",
			t1, stepPercent(t1, p.BaselineSPM), pace, coach.HeldWeeks, held)
	case p.Step == 2:
		return fmt.Sprintf("Step 2 of 2: target %.0f (%s). When it holds at %s for %d weeks in a row, with most of your running at or above it, the plan is done.%s",
			t2, stepPercent(t2, p.BaselineSPM), pace, coach.HeldWeeks, held)
	default:
		capped := ""
		if t2 < math.Round(p.BaselineSPM*(1+coach.LaterStep)) {
			capped = ", what a typical runner takes at this pace: no target goes beyond it"
		}
		return fmt.Sprintf("Step 1 of 2: target %.0f (%s). When it holds at %s for %d weeks in a row, with most of your running at or above it, the target becomes %.0f (%s%s).%s",
			t1, stepPercent(t1, p.BaselineSPM), pace, coach.HeldWeeks, t2, stepPercent(t2, p.BaselineSPM), capped, held)
	}
}

// idxPlan is the index's plan card: baseline → now → target, each with its
// interval where it has one, and the plan's sentences.
type idxPlan struct {
	Pace                 string
	Baseline, BaselineCI string
	Now, NowCI, NowWeek  string
	Target, Step         string
	Verdict, Rule        string
	Real                 bool
}

func idxMakePlan(p *coach.Retraining, imperial bool) *idxPlan {
	if p == nil {
		return nil
	}
	c := &idxPlan{Pace: FormatPace(p.RefPaceSPerKm, imperial), Baseline: fmt.Sprintf("%.0f", p.BaselineSPM),
		BaselineCI: spmRange(p.BaselineCISPM), Target: fmt.Sprintf("%.0f", p.TargetSPM), Now: "–"}
	switch {
	case p.Step >= 3:
		c.Step = "both steps held"
	case p.TargetsSPM[0] == p.TargetsSPM[1]:
		c.Step = "the one step, " + stepPercent(p.TargetSPM, p.BaselineSPM)
	default:
		c.Step = fmt.Sprintf("step %d of 2, %s", p.Step, stepPercent(p.TargetSPM, p.BaselineSPM))
	}
	lines := PlanLines(p, imperial)
	c.Rule = lines[len(lines)-1]
	if wk := p.Latest; wk.PlanWeek > 0 && wk.CadenceAtRefPaceSPM != nil {
		c.Now = fmt.Sprintf("%.0f", *wk.CadenceAtRefPaceSPM)
		c.NowWeek = fmt.Sprintf("week %d (%s)", wk.PlanWeek, wk.Week)
		if wk.CadenceCISPM != nil {
			c.NowCI = spmRange(*wk.CadenceCISPM)
		}
		w := changeWords(wk)
		c.Verdict = strings.ToUpper(w[:1]) + w[1:] + "."
		c.Real = wk.Real
	} else {
		c.Verdict = lines[1]
	}
	return c
}
