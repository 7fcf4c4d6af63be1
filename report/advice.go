package report

import (
	"cmp"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// AdviceOptions choose how Advice writes.
type AdviceOptions struct {
	// Imperial writes paces per mile, distances in miles and step lengths in feet.
	Imperial bool
	// ClickTrack is a relative link to a metronome WAV at the target cadence (see
	// WriteMetronome), or "" if there is none.
	ClickTrack string
	// Progress is the runner's cadence at a matched pace over the weeks up to this
	// run (coach.ProgressOf); nil when there is no history to compare with.
	Progress *coach.Progress
	// PlanWeek is where the cadence plan stood in the run's week (coach.PlanWeekOf);
	// nil outside a plan. The advice opens with it (PlanLine).
	PlanWeek *coach.Week
}

// Advice returns personal, calm advice for one activity as Markdown: the running
// cadence and its pace, the verdict and why, the next target and how to practise it,
// cadence by pace band and on downhills, the evidence in one line per study, and when
// to see a physiotherapist. A walk gets no target, a ride, swim or row no running
// advice, and a run without cadence says how to record it. It informs; it does not
// diagnose.
func Advice(r *analysis.Result, opt AdviceOptions) string {
	if r == nil {
		return ""
	}
	w := &adviceWriter{r: r, imp: opt.Imperial, click: opt.ClickTrack, progress: opt.Progress}
	w.title()
	if opt.PlanWeek != nil && r.Verdict.Kind != analysis.VerdictWalking {
		if line := PlanLine(*opt.PlanWeek, opt.Imperial); line != "" {
			w.para(line)
		}
	}
	switch {
	case r.Verdict.Kind == analysis.VerdictNotFoot || (!r.Sport.OnFoot() && r.Sport != activity.Unknown):
		w.notARun()
	case r.Verdict.Kind == analysis.VerdictNoCadence:
		w.noCadence()
	case r.Verdict.Kind == analysis.VerdictUnknown:
		w.unknownSport()
	case r.Verdict.Kind == analysis.VerdictWalking:
		w.walk()
	case r.Verdict.Kind == analysis.VerdictTooShort:
		w.tooShort()
	case r.Verdict.Kind == analysis.VerdictOverstride || r.Verdict.Kind == analysis.VerdictOK:
		w.run()
	default:
		w.para(MarkdownText(adviceSentence(w.reason())))
	}
	w.notes()
	return strings.TrimRight(w.b.String(), "\n") + "\n"
}

type adviceWriter struct {
	r        *analysis.Result
	imp      bool
	click    string
	progress *coach.Progress
	b        strings.Builder
}

func (w *adviceWriter) h2(s string) { fmt.Fprintf(&w.b, "## %s\n\n", s) }

func (w *adviceWriter) para(s string) { fmt.Fprintf(&w.b, "%s\n\n", s) }

func (w *adviceWriter) bullets(items ...string) {
	for _, it := range items {
		if it != "" {
			fmt.Fprintf(&w.b, "- %s\n", it)
		}
	}
	w.b.WriteString("\n")
}

func (w *adviceWriter) pace(sPerKm float64) string { return FormatPace(sPerKm, w.imp) }

func (w *adviceWriter) distance(m float64) string {
	if w.imp {
		return strconv.FormatFloat(m/analysis.MetresPerMile, 'f', 1, 64) + " mi"
	}
	return strconv.FormatFloat(m/1000, 'f', 1, 64) + " km"
}

// stepLength formats a step length in metres, or feet when imperial.
func (w *adviceWriter) stepLength(m float64) string { return FormatStepLength(m, w.imp) }

// FormatStepLength formats a step length: "1.07 m", or "3.5 ft" when imperial. Every
// place that shows a step length to a reader formats it here.
func FormatStepLength(m float64, imperial bool) string {
	if imperial {
		return strconv.FormatFloat(m/0.3048, 'f', 1, 64) + " ft"
	}
	return strconv.FormatFloat(m, 'f', 2, 64) + " m"
}

// stepDiff formats a small difference in step length in cm, or inches when imperial.
func (w *adviceWriter) stepDiff(m float64) string {
	if w.imp {
		return strconv.Itoa(int(math.Round(m/0.0254))) + " in"
	}
	return strconv.Itoa(int(math.Round(m*100))) + " cm"
}

func (w *adviceWriter) reason() string { return Reason(w.r, w.imp) }

func (w *adviceWriter) noun() string {
	r := w.r
	if r.Sport == activity.Running && (r.Indoor || strings.Contains(strings.ToLower(r.SubSport), "treadmill")) {
		return "treadmill run"
	}
	return ActivityNoun(r.Sport)
}

func (w *adviceWriter) title() {
	r := w.r
	t := "Your " + w.noun()
	if r.Start != nil {
		t += " on " + r.Start.Format("Monday 2 January 2006")
	}
	fmt.Fprintf(&w.b, "# %s\n\n", t)
	var facts []string
	if name := strings.TrimSpace(r.Name); name != "" {
		facts = append(facts, MarkdownText(name))
	}
	if r.DistanceM != nil && *r.DistanceM > 0 {
		facts = append(facts, w.distance(*r.DistanceM))
	}
	if r.MovingS != nil && *r.MovingS > 0 {
		facts = append(facts, adviceDuration(*r.MovingS)+" moving")
	}
	if r.PaceSPerKm != nil && r.Sport.OnFoot() {
		facts = append(facts, "average pace "+w.pace(*r.PaceSPerKm))
	}
	if r.File != "" {
		facts = append(facts, MarkdownCode(PublicFile(r.File)))
	}
	if len(facts) > 0 {
		w.para(strings.Join(facts, " · "))
	}
}

// notARun writes the whole advice for a ride, swim or row: no running advice at all.
func (w *adviceWriter) notARun() {
	r := w.r
	w.h2("Not a run")
	s := "This is not a run, so there is nothing here to judge about your running steps."
	if r.Sport != activity.Unknown && r.Sport != activity.Other {
		s = "This is " + MarkdownText(SportNoun(r.Sport)) + ", not a run, so there is nothing here to judge about your running steps."
	}
	if r.OtherCad != nil && r.OtherCad.Median > 0 {
		s += fmt.Sprintf(" Its cadence, a median of %s %s, counts %s, not steps.", adviceNum(r.OtherCad.Median), adviceOtherShort(r.Sport), analysis.OtherUnit(r.Sport))
	}
	w.para(s)
	w.para("Cadence advice is only given for runs.")
}

func (w *adviceWriter) noCadence() {
	r := w.r
	w.h2("No cadence in this file")
	s := "This " + w.noun() + " has no step-rate data, so there is no way to tell from it whether you overstride."
	if p := coach.RunPace(r); p > 0 && r.DistanceM != nil {
		s = fmt.Sprintf("This %s (%s at %s) has no step-rate data, so there is no way to tell from it whether you overstride.", w.noun(), w.distance(*r.DistanceM), w.pace(p))
	}
	w.para(s)
	w.h2("How to record it next time")
	w.bullets(
		"**Turn on wrist cadence.** Most running watches count steps at the wrist; check that the run profile records cadence (on some watches it is a setting, especially for indoor runs).",
		"**Or wear a footpod** on your shoe: it counts every step, indoors and out.",
		"**Export the original file.** The original FIT from your watch or from Garmin Connect (\"Export Original\") keeps cadence; some GPX exports and Strava routes drop it.",
	)
	w.para("Until then, count by hand: on an easy run, count the steps of your right foot for 30 seconds and multiply by 4. That is your steps per minute.")
	w.physio()
}

func (w *adviceWriter) unknownSport() {
	w.h2("Which sport was this?")
	w.para(MarkdownText(adviceSentence(w.reason())) + " If this was a run, set the activity type on your watch or app and export the original FIT file; cadence will then read its steps.")
}

func (w *adviceWriter) walk() {
	r := w.r
	if r.Sport == activity.Walking || r.Sport == activity.Hiking {
		w.h2("A " + w.noun())
		w.para(MarkdownText(adviceSentence(w.reason())) + " There is no cadence target for walking: nothing to change here.")
	} else {
		w.h2("Mostly walking")
		w.para(MarkdownText(adviceSentence(w.reason())) + " Walking breaks are fine, and run-walk is a good way to build up while a knee settles. Overstriding is judged on the running, and there was too little of it here, so there is no cadence target from this one.")
	}
	w.physio()
}

func (w *adviceWriter) tooShort() {
	r := w.r
	w.h2("Too little running to judge")
	s := MarkdownText(adviceSentence(w.reason()))
	if r.Cadence != nil {
		s += fmt.Sprintf(" Over the whole activity your median cadence was %s steps/min.", adviceNum(r.Cadence.Median))
	}
	w.para(s + " A run of ten minutes or more at an easy pace gives a fair reading.")
	w.physio()
}

// run writes the advice for a judged run: overstriding or fine.
func (w *adviceWriter) run() {
	r := w.r
	plan, push := coach.PlanOf(r)
	parts := coach.Parts(r)
	over := r.Verdict.Kind == analysis.VerdictOverstride

	w.h2("In short")
	var s string
	if len(parts) > 1 {
		below, total := 0.0, 0.0
		for _, p := range parts {
			total += p.Seconds
			if p.Below {
				below += p.Seconds
			}
		}
		if over {
			s = fmt.Sprintf("Judged at the pace of each part of this run, %s of running were below the threshold for their pace: %s.", adviceShare(below, total), Consequence)
		} else {
			s = fmt.Sprintf("Judged at the pace of each part of this run, %s of running were at or above the threshold for their pace.", adviceShare(total-below, total))
		}
		if wk := r.Workout; wk != nil {
			s = adviceSentence(workoutWords(wk, w.imp)) + " " + s
		}
	} else {
		s = MarkdownText(adviceSentence(w.reason()))
	}
	if over {
		s += " That is common, and one of the easier things to change."
	} else {
		s += " That looks fine."
	}
	w.para(s)
	if r.Indoor {
		w.para("This was a treadmill run. Cadence on a treadmill is often a little higher than outdoors, and pace from a footpod or the treadmill can be a few percent off, so compare treadmill runs with treadmill runs.")
	}
	if len(parts) > 1 {
		w.judged(parts, plan, push)
	}

	if push {
		w.target(plan)
		w.practice(plan.NowSPM, plan.LaterSPM)
	} else {
		w.noPush(parts)
	}

	w.paceBands()
	w.downhill()
	w.dynamics()
	w.recent()
	w.evidence(push)
	w.physio()
}

// judged lists the paces a run was judged at, fastest first.
func (w *adviceWriter) judged(parts []analysis.JudgedPart, plan coach.Plan, push bool) {
	w.h2("Judged at each pace")
	ps := slices.Clone(parts)
	slices.SortStableFunc(ps, func(a, b analysis.JudgedPart) int { return cmp.Compare(b.SpeedMS(), a.SpeedMS()) })
	var items []string
	for _, p := range ps {
		it := fmt.Sprintf("At %s for %s: **%s** steps/min", w.partPace(p), adviceMinutes(p.Seconds), adviceNum(p.MedianSPM))
		if p.Below {
			it += fmt.Sprintf(", below %s, the threshold for that pace", adviceNum(p.ThresholdSPM))
		} else {
			it += fmt.Sprintf(", at or above its threshold of %s", adviceNum(p.ThresholdSPM))
		}
		if push && p == plan.Part {
			it += " (your target is for this pace)"
		}
		items = append(items, it)
	}
	w.bullets(items...)
}

// partPace formats a part's pace, or says it is unknown.
func (w *adviceWriter) partPace(p analysis.JudgedPart) string {
	if p.PaceSPerKm == nil {
		return "an unknown pace"
	}
	return w.pace(*p.PaceSPerKm)
}

// noPush writes why a run judged fine gets no target.
func (w *adviceWriter) noPush(parts []analysis.JudgedPart) {
	w.h2("No push needed")
	if len(parts) == 0 {
		w.para("There is no need to push your cadence higher.")
		return
	}
	p := parts[0]
	switch {
	case len(parts) > 1:
		w.para("For most of this run your cadence was at or above the threshold for its pace, so there is no need to push it higher. Cadence rises as you speed up: compare yourself at the same pace from run to run, not with a single number. 180 is not a goal for an easy run.")
	case p.PaceSPerKm == nil:
		w.para(fmt.Sprintf("At %s steps/min you are at or above %s, the threshold at a typical running pace, so there is no need to push your cadence higher. 180 is not a goal in itself.", adviceNum(p.MedianSPM), adviceNum(p.ThresholdSPM)))
	case p.MedianSPM >= p.TypicalSPM+3:
		w.para(fmt.Sprintf("At %s, about %s steps/min is typical; at %s you are above that, so there is no need to push your cadence higher. 180 is not a goal in itself.", w.pace(*p.PaceSPerKm), adviceNum(math.Round(p.TypicalSPM)), adviceNum(p.MedianSPM)))
	case p.MedianSPM >= p.TypicalSPM:
		w.para(fmt.Sprintf("At %s, runners typically take about %s steps/min, and below %s is low for this pace. You were at %s: about what is typical for this pace, so there is no need to push. 180 is not a goal for an easy run.", w.pace(*p.PaceSPerKm), adviceNum(math.Round(p.TypicalSPM)), adviceNum(p.ThresholdSPM), adviceNum(p.MedianSPM)))
	default:
		w.para(fmt.Sprintf("At %s, runners typically take about %s steps/min, and below %s is low for this pace. You were at %s: within the usual range for this pace, so there is no need to push. Cadence rises as you speed up; a lower number at an easy pace is expected, and 180 is not a goal for an easy run.", w.pace(*p.PaceSPerKm), adviceNum(math.Round(p.TypicalSPM)), adviceNum(p.ThresholdSPM), adviceNum(p.MedianSPM)))
	}
	w.para("If your knee is sore, cadence is probably not the main thing to change. Look at load first: a recent jump in distance, in speed or in downhill running.")
}

func (w *adviceWriter) target(plan coach.Plan) {
	cur, now, later, part := plan.CadenceSPM, plan.NowSPM, plan.LaterSPM, plan.Part
	w.h2(fmt.Sprintf("Your next target: %s steps/min", adviceNum(now)))
	at := "at the same easy pace"
	if part.PaceSPerKm != nil {
		at = "at the same pace, about " + w.pace(*part.PaceSPerKm)
		if len(coach.Parts(w.r)) > 1 {
			at = "when you run at about " + w.pace(*part.PaceSPerKm) + ", the pace that was longest below its threshold"
		}
	}
	items := []string{
		fmt.Sprintf("**Now: %s** (%s), %s. The aim is quicker, shorter steps, not running faster.", adviceNum(now), advicePct(now/cur-1), at),
	}
	switch {
	case plan.More:
		items = append(items, fmt.Sprintf("**Later: %s** (%s), once %s has felt normal for a couple of weeks. **Then further steps** of about 5%% each, one at a time, until you are at %s or above, the threshold for this pace.", adviceNum(later), advicePct(later/cur-1), adviceNum(now), adviceNum(math.Ceil(part.ThresholdSPM))))
	case later > now:
		items = append(items, fmt.Sprintf("**Later: up to %s** (%s), once %s has felt normal for a couple of weeks.", adviceNum(later), advicePct(later/cur-1), adviceNum(now)))
	default:
		items = append(items, fmt.Sprintf("**Then stay there.** %s is already about as high as is typical at this pace.", adviceNum(now)))
	}
	typ := math.Round(part.TypicalSPM)
	if part.PaceSPerKm != nil {
		items = append(items, fmt.Sprintf("**Not 180.** About %s is typical at %s; 180 is an elite race-pace number.", adviceNum(typ), w.pace(*part.PaceSPerKm)))
		v := part.SpeedMS()
		step, next := v/(cur/60), v/(now/60)
		items = append(items, fmt.Sprintf("At %s that means steps about %s shorter (%s instead of %s).", w.pace(*part.PaceSPerKm), w.stepDiff(step-next), w.stepLength(next), w.stepLength(step)))
		if rv, ok := coach.ReachedAt(w.r.PaceFit, paceBandsIn(w.r, w.imp), now, v); ok {
			items = append(items, fmt.Sprintf("In this run you already reached %s when you ran at about %s: your legs know this rhythm.", adviceNum(now), w.pace(1000/rv)))
		}
	} else {
		items = append(items, fmt.Sprintf("**Not 180.** About %s is typical at an everyday running pace; 180 is an elite race-pace number.", adviceNum(typ)))
	}
	items = append(items, "**Build up gradually:** a quicker rhythm shifts some load from the knee to the calf and the Achilles tendon; ease off if they get sore.")
	w.bullets(items...)
}

func (w *adviceWriter) practice(now, later float64) {
	w.h2("How to practise")
	metro := fmt.Sprintf("**A metronome at %s bpm**, one click per step: a metronome app, your watch's metronome, or", adviceNum(now))
	if w.click != "" {
		metro += fmt.Sprintf(" [this click track at %s bpm](%s)", adviceNum(now), adviceLink(w.click))
	} else {
		metro += " a click track"
	}
	metro += " (the louder click marks every fourth step)."
	items := []string{
		metro,
		"**Short blocks within easy runs:** after a 10-minute warm-up, 3-5 blocks of 2-3 minutes in time with the clicks, with easy running between.",
		"**2-3 runs a week, over several weeks.** The best retraining results came from 8-18 sessions over 2-6 weeks.",
		"**Fade the cue:** the clicks through every block at first; after a week or two, only every other block, checking your watch now and then; then none.",
		"**Change one thing at a time:** the same distance, the same easy pace, no extra hills.",
	}
	if later > now {
		items = append(items, fmt.Sprintf("When %s feels natural without the clicks, repeat the same plan at %s.", adviceNum(now), adviceNum(later)))
	}
	w.bullets(items...)
	w.para("It can feel rushed and a little awkward for the first few runs. That is normal and wears off.")
}

func (w *adviceWriter) paceBands() {
	all := paceBandsIn(w.r, w.imp)
	bands := slices.Clone(all)
	if len(bands) < 2 {
		return
	}
	slices.SortFunc(bands, func(a, b analysis.PaceBand) int { return -cmp.Compare(a.Seconds, b.Seconds) })
	if len(bands) > 6 {
		bands = bands[:6]
	}
	total := 0.0
	for _, b := range all {
		total += b.Seconds
	}
	most := bands[0]
	if !(most.Seconds > total/2) {
		most = analysis.PaceBand{FromSPerKm: -1} // no band holds most of the run
	}
	slices.SortFunc(bands, func(a, b analysis.PaceBand) int { return -cmp.Compare(a.FromSPerKm, b.FromSPerKm) })
	w.h2("Cadence by pace")
	var items []string
	for _, b := range bands {
		mid := (b.FromSPerKm + b.ToSPerKm) / 2
		it := fmt.Sprintf("At about %s: **%s** steps/min", w.pace(mid), adviceNum(math.Round(b.MedianSPM)))
		if b == most {
			it += " (most of this run)"
		}
		items = append(items, it)
	}
	w.bullets(items...)
	w.para("Cadence rising with speed is normal. Compare yourself at the same pace from run to run, not with a single number.")
}

func (w *adviceWriter) downhill() {
	var flat, down *analysis.GradeBand
	for i := range w.r.Grades {
		switch w.r.Grades[i].Name {
		case "flat":
			flat = &w.r.Grades[i]
		case "downhill":
			down = &w.r.Grades[i]
		}
	}
	// Only when the steps really got longer at the same pace (the verdict's
	// downhill drop): a lower step rate that a slower pace explains is no advice.
	if flat == nil || down == nil || w.r.Verdict.DownhillSPM == nil || w.r.Verdict.FlatSPM == nil {
		return
	}
	at := *w.r.Verdict.FlatSPM // the flat rhythm at the downhill pace
	pd := w.pace(1000 / down.SpeedMS)
	sd, sf := down.SpeedMS/(down.MedianSPM/60), down.SpeedMS/(at/60)
	w.h2("Downhill")
	s := fmt.Sprintf("On descents, at %s, your cadence was **%s** steps/min; your flat running at that pace gives about **%s**. So your steps got longer downhill (%s against %s at the same pace), just where the knee works hardest: the thigh muscles and the tendon below the kneecap brake every step.",
		pd, adviceNum(math.Round(down.MedianSPM)), adviceNum(math.Round(at)), w.stepLength(sd), w.stepLength(sf))
	s += fmt.Sprintf(" Going down, take shorter, quicker steps, about %s at the pace you descend (not the rhythm of faster flat running), and don't add extra downhill running while the knee is sore.", adviceNum(math.Round(at)))
	w.para(s)
}

// recent writes what the runner's history says about this run: a long-run spike
// against the 30 days before it, and cadence at a matched pace over the weeks.
func (w *adviceWriter) recent() {
	var items []string
	if sp := w.r.Spike; sp != nil && sp.LongestPrior30dM > 0 && w.r.DistanceM != nil && *w.r.DistanceM > 0 {
		longest, dist := sp.LongestPrior30dM, *w.r.DistanceM
		switch {
		case coach.IsSpike(sp):
			f := coach.Frandsen2025
			items = append(items, fmt.Sprintf("**A long-run spike.** Your longest run in the 30 days before this one was %s; this %s run was %.0f%% longer. In a study of %s (%s), runs more than 10%% longer than that came with more overuse injuries. It is an association, not a forecast: most such runs do no harm. Up to %s keeps within +10%%.",
				w.distance(longest), w.distance(dist), (sp.Ratio-1)*100, f.Sample(), f.JournalRef(), w.distance(coach.SpikeLimitM(longest))))
		case sp.Ratio > 1:
			items = append(items, fmt.Sprintf("**Distance:** %.0f%% longer than your longest run in the 30 days before (%s), within +10%%.", (sp.Ratio-1)*100, w.distance(longest)))
		default:
			items = append(items, fmt.Sprintf("**Distance:** no longer than your longest run in the 30 days before (%s).", w.distance(longest)))
		}
		if k := spikeFooting(sp); k != "" {
			items[len(items)-1] += " " + strings.ToUpper(k[:1]) + k[1:] + "."
		}
	}
	if p := w.progress; p != nil && p.Weeks > 0 && p.RefPaceSPerKm > 0 && p.FromSPM > 0 && p.ToSPM > 0 {
		from, to := math.Round(p.FromSPM), math.Round(p.ToSPM)
		at := fmt.Sprintf("**Cadence at %s** (your reference pace, so that pace does not change the numbers):", w.pace(p.RefPaceSPerKm))
		switch d := to - from; {
		case d >= 2:
			items = append(items, fmt.Sprintf("%s %s steps/min in the week of this run; %d weeks before, %s (up %s).", at, adviceNum(to), p.Weeks, adviceNum(from), adviceNum(d)))
		case d <= -2:
			items = append(items, fmt.Sprintf("%s %s steps/min in the week of this run; %d weeks before, %s (down %s). One week varies; look at several before reading much into it.", at, adviceNum(to), p.Weeks, adviceNum(from), adviceNum(-d)))
		default:
			items = append(items, fmt.Sprintf("%s %s steps/min in the week of this run; %d weeks before, %s: about the same. Cadence changes slowly.", at, adviceNum(to), p.Weeks, adviceNum(from)))
		}
	}
	if len(items) == 0 {
		return
	}
	w.h2("Your recent running")
	w.bullets(items...)
}

func (w *adviceWriter) evidence(push bool) {
	w.h2("The evidence, briefly")
	var items []string
	if push {
		h := coach.Heiderscheit2011
		items = append(items, fmt.Sprintf("%s (%s): %s", h.Ref(), h.Journal, h.Finding))
		for _, st := range []coach.Study{coach.Lenhart2014, coach.Willy2016, coach.Bramah2019} {
			items = append(items, st.Ref()+": "+st.Finding)
		}
	}
	vo, d := coach.VanOeveren2019, coach.Daniels1984
	items = append(items,
		fmt.Sprintf("Cadence rises about %s steps/min per 1 m/s of speed (%s, %s), so each part of a run is judged against what is typical at its own pace.", adviceNum(coach.PopulationSlope), vo.Ref(), vo.Sample()),
		fmt.Sprintf("%d is not universal: it is Jack %s' count of Olympic runners at race pace in %d. Cadence rises with speed; at about %s (3 m/s) the energy-optimal rate was about 170.", coach.MaxTargetSPM, d.Short, d.Year, w.pace(1000.0/3)),
		loadEvidence(),
	)
	w.bullets(items...)
}

func (w *adviceWriter) physio() {
	w.h2("When to see a physio")
	w.para("This is information, not a diagnosis. See a physiotherapist if you have:")
	w.bullets(
		"pain that changes the way you walk or run,",
		"a knee that locks or swells,",
		"pain lasting more than two weeks,",
		"pain that is worse on stairs, squats or downhills,",
		"pain at rest or at night,",
		"a tender spot on a bone, or pain when you hop (a possible bone stress injury),",
		"a knee or an ankle that gives way after a twist,",
		"swelling that is warm, or comes with a fever.",
	)
	e := coach.Esculier2018
	w.para(fmt.Sprintf("Cadence is one tool among several: in a trial with %s (%s), %s", e.Who, e.ShortRef(), e.Finding))
}

// notes lists the analysis warnings about the data, so the numbers above can be trusted
// or doubted for the right reason.
func (w *adviceWriter) notes() {
	ws := w.r.Warnings
	if len(ws) == 0 {
		return
	}
	w.h2("About the data")
	const most = 5
	var items []string
	for i, s := range ws {
		if i == most {
			items = append(items, fmt.Sprintf("and %d more.", len(ws)-most))
			break
		}
		items = append(items, MarkdownText(adviceSentence(s)))
	}
	w.bullets(items...)
}

func adviceOtherShort(s activity.Sport) string {
	switch s {
	case activity.Cycling:
		return "rpm"
	case activity.Swimming, activity.Rowing:
		return "strokes/min"
	}
	return "per minute"
}

// adviceSentence capitalises s and ends it with a full stop.
func adviceSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	first, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(first)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// adviceNum formats a cadence: whole numbers without decimals, others with one.
func adviceNum(v float64) string {
	if math.Abs(v-math.Round(v)) < 0.05 {
		return strconv.Itoa(int(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func advicePct(f float64) string {
	return "+" + strconv.Itoa(int(math.Round(f*100))) + "%"
}

// adviceDuration formats seconds as m:ss or h:mm:ss.
func adviceDuration(s float64) string {
	t := int(math.Round(s))
	if t >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", t/3600, t/60%60, t%60)
	}
	return fmt.Sprintf("%d:%02d", t/60, t%60)
}

// adviceLink makes a relative path safe inside a Markdown link.
func adviceLink(p string) string {
	s := (&url.URL{Path: p}).EscapedPath()
	return strings.NewReplacer("(", "%28", ")", "%29").Replace(s)
}

// adviceMinutes formats seconds as whole minutes ("12 min"), or seconds under a minute.
func adviceMinutes(s float64) string {
	if s < 59.5 {
		return strconv.Itoa(int(math.Round(s))) + " s"
	}
	return strconv.Itoa(int(math.Round(s/60))) + " min"
}

// adviceShare formats a part of a time in minutes: "13 of 19 min".
func adviceShare(part, total float64) string {
	if part < 59.5 || total < 59.5 {
		return adviceMinutes(part) + " of " + adviceMinutes(total)
	}
	return strconv.Itoa(int(math.Round(part/60))) + " of " + adviceMinutes(total)
}

// loadEvidence says what the studies of training load found, reconciled: a weekly
// rise of more than 30% went with more injuries in novices, but with an interval that
// includes no effect; in the largest cohort, week-to-week change was not linked and
// single runs much longer than the recent longest were. So cadence watches single
// long runs, not weekly percentages.
func loadEvidence() string {
	n, f, g := coach.Nielsen2014, coach.Frandsen2025, coach.Gronorun
	return fmt.Sprintf("Load: weekly distance up over 30%% went with more injuries in %s, but the interval includes no effect (HR %s; %s); in %s, weekly change was not linked, single runs over 10%% longer than the recent longest were (%s). So cadence watches single long runs; the \"10%% rule\" made no difference (%s).",
		n.Sample(), n.Hazards[0].CI(), n.ShortRef(), f.Sample(), f.ShortRef(), g.Trial)
}

// dynamics shows the running dynamics the file carries, one line per source, as plain
// context: they describe how the runner ran, and no verdict or advice is drawn from
// them.
func (w *adviceWriter) dynamics() {
	if len(w.r.RunningDynamics) == 0 {
		return
	}
	w.h2("Running dynamics")
	var items []string
	for _, d := range w.r.RunningDynamics {
		if s := DynamicsLine(d, w.imp); s != "" {
			items = append(items, s)
		}
	}
	w.bullets(items...)
	w.para("Medians while running, as the device measured them: a description of how you ran, for comparing runs with each other. Cadence draws no verdict from them.")
	if len(items) > 1 {
		w.para("Each device measures in its own way, so their figures differ for the same steps: compare a figure only with the same device's on other runs.")
	}
}
