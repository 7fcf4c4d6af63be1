package coach

import (
	"strconv"
	"strings"
)

// A Study is one piece of evidence cadence cites: who and where, how many took part,
// the hazard ratios it found where cadence reports them, and what it found in one
// sentence. The advice, the trend text and the help word their own sentences around
// these facts, so that a number is written once.
type Study struct {
	// Key names the study in the table: the first author (or the trial) and the year.
	Key string
	// Authors is how the prose names it: "Frandsen et al.", "Gottschall & Kram".
	Authors string
	// Short is the name in a short citation: "Frandsen", "Gottschall & Kram".
	Short string
	// Trial is the name of the trial where cadence cites it by name, else "".
	Trial string
	// Year is the year of publication, 0 where cadence does not cite one.
	Year int
	// Journal is the journal, abbreviated, with volume and issue where they are
	// cited; "" where cadence does not cite one.
	Journal string
	// N is how many took part (runners, or cohorts for a meta-analysis), and Who says
	// who they were: "runners", "recreational runners", "novices".
	N   int
	Who string
	// Runs and Months are the runs recorded and the months of follow-up, 0 where
	// not cited.
	Runs, Months int
	// Hazards are the hazard ratios cadence reports, lowest band first.
	Hazards []Hazard
	// Finding is what it found, in one sentence that can follow a citation and a
	// colon (so it starts in lower case).
	Finding string
}

// A Hazard is a hazard ratio with its 95% confidence interval, for the runs above a
// ratio (Above; 0 where it is for a whole group) and the words for that band.
type Hazard struct {
	Above    float64
	Words    string
	HR       float64
	Low, Top float64
}

// Ref is the citation with the year: "Frandsen et al. 2025".
func (s Study) Ref() string { return s.Authors + " " + strconv.Itoa(s.Year) }

// ShortRef is the short citation: "Frandsen 2025".
func (s Study) ShortRef() string { return s.Short + " " + strconv.Itoa(s.Year) }

// JournalRef is the citation with the journal: "Frandsen et al., BJSM 2025".
func (s Study) JournalRef() string {
	return s.Authors + ", " + s.Journal + " " + strconv.Itoa(s.Year)
}

// Count is N with a comma between thousands: "5,205".
func (s Study) Count() string { return thousands(s.N) }

// Sample is who took part, with how many: "5,205 runners".
func (s Study) Sample() string { return s.Count() + " " + s.Who }

// CI is a hazard ratio with its interval: "1.64, 95% CI 1.31-2.05".
func (h Hazard) CI() string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	return f(h.HR) + ", 95% CI " + f(h.Low) + "-" + f(h.Top)
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// The evidence cadence cites, one variable per study; Evidence lists them all.
var (
	// Frandsen2025 is the long-run spike study: against runs at most 10% longer than
	// the longest run of the previous 30 days, longer runs came with more overuse
	// injuries; the weekly acute:chronic ratio showed no such link, so cadence gives
	// none.
	Frandsen2025 = Study{Key: "Frandsen 2025", Authors: "Frandsen et al.", Short: "Frandsen", Year: 2025, Journal: "BJSM",
		N: 5205, Who: "runners", Runs: 588071, Months: 18,
		Hazards: []Hazard{
			{Above: SpikeThreshold, Words: "10-30% longer", HR: 1.64, Low: 1.31, Top: 2.05},
			{Above: 1.3, Words: "30-100% longer", HR: 1.52, Low: 1.16, Top: 2.00},
			{Above: 2, Words: "more than twice as long", HR: 2.28, Low: 1.50, Top: 3.48},
		},
		Finding: "runs more than 10% longer than the longest run of the 30 days before came with more overuse injuries; weekly totals did not."}
	// Heiderscheit2011 is behind TargetStep and LaterStep.
	Heiderscheit2011 = Study{Key: "Heiderscheit 2011", Authors: "Heiderscheit et al.", Short: "Heiderscheit", Year: 2011, Journal: "MSSE 43(2)",
		Finding: "at +5% step rate the knee absorbed less energy; at +10% the knee and hip did."}
	// Lenhart2014 is behind LaterStep.
	Lenhart2014 = Study{Key: "Lenhart 2014", Authors: "Lenhart et al.", Short: "Lenhart", Year: 2014,
		Finding: "+10% step rate cut peak force at the kneecap joint by 14%."}
	// Willy2016 is a retraining trial that cued +7.5%.
	Willy2016 = Study{Key: "Willy 2016", Authors: "Willy et al.", Short: "Willy", Year: 2016,
		Finding: "runners cued to +7.5% reached +8.6%, and loading rates fell 18-19%."}
	// Bramah2019 is the protocol the practice plan follows.
	Bramah2019 = Study{Key: "Bramah 2019", Authors: "Bramah et al.", Short: "Bramah", Year: 2019, Journal: "AJSM 47(14)",
		Finding: "runners with kneecap pain practised +10% with a metronome; pain and function were better at 4 weeks and 3 months."}
	// VanOeveren2019 is behind PopulationSlope and the threshold's rise with speed.
	VanOeveren2019 = Study{Key: "van Oeveren 2019", Authors: "van Oeveren et al.", Short: "van Oeveren", Year: 2019, Journal: "J Sports Sci 37(17)",
		N: 256, Who: "recreational runners",
		Finding: "step rate rose about 6 steps/min per 1 m/s of speed across runners, and more steeply within a runner at speed."}
	// Daniels1984 is where 180 comes from, and why MaxTargetSPM is a ceiling, not a
	// goal.
	Daniels1984 = Study{Key: "Daniels 1984", Authors: "Daniels", Short: "Daniels", Year: 1984,
		Finding: "the Olympic runners he counted at race pace took about 180 steps/min."}
	// Nielsen2014 is the weekly progression study.
	Nielsen2014 = Study{Key: "Nielsen 2014", Authors: "Nielsen et al.", Short: "Nielsen", Year: 2014, Journal: "JOSPT 44(10)",
		N: 874, Who: "novices",
		Hazards: []Hazard{{Above: 1.3, Words: "weekly distance up more than 30%", HR: 1.59, Low: 0.96, Top: 2.66}},
		Finding: "weekly distance up more than 30% over 2 weeks raised the risk of distance-related injuries, with an interval that crosses 1."}
	// Gronorun is the trial of the "10% rule".
	Gronorun = Study{Key: "GRONORUN", Trial: "GRONORUN", N: 532, Who: "novices",
		Finding: "a plan that raised weekly distance by 10% injured as many novices as the standard plan (20.8% against 20.3%)."}
	// Esculier2018 is why step-rate advice always comes with load advice.
	Esculier2018 = Study{Key: "Esculier 2018", Authors: "Esculier et al.", Short: "Esculier", Year: 2018, Journal: "BJSM",
		N: 69, Who: "runners with kneecap pain",
		Finding: "learning to manage training load did as well as gait retraining."}
	// Malisoux2015 is the shoe rotation study.
	Malisoux2015 = Study{Key: "Malisoux 2015", Authors: "Malisoux et al.", Short: "Malisoux", Year: 2015, Journal: "SJMSS 25:110",
		N: 264, Who: "runners",
		Hazards: []Hazard{{Words: "two or more pairs", HR: 0.614, Low: 0.389, Top: 0.969}},
		Finding: "runners who rotated two or more pairs of shoes had fewer injuries."}
	// GottschallKram2005 is the downhill braking study.
	GottschallKram2005 = Study{Key: "Gottschall & Kram 2005", Authors: "Gottschall & Kram", Short: "Gottschall & Kram", Year: 2005, Journal: "J Biomech 38:445",
		N: 10, Who: "runners",
		Finding: "at -9 degrees downhill (a grade of about 16%) the impact peak rose 54% and the braking peak 73%; gentler slopes were not measured below 3 degrees (about 5%)."}
	// Brindle2020 is why a low cadence is not called an injury cause.
	Brindle2020 = Study{Key: "Brindle 2020", Authors: "Brindle et al.", Short: "Brindle", Year: 2020, Journal: "Sports Med 50:331",
		N: 11, Who: "cohorts",
		Finding: "injured and uninjured runners differed in cadence by 0.3 steps/min (95% CI -1.8 to 2.5)."}
)

// Evidence is every study cadence cites, in the order the advice meets them.
var Evidence = []Study{
	Heiderscheit2011, Lenhart2014, Willy2016, Bramah2019, VanOeveren2019, Daniels1984, Nielsen2014, Gronorun,
	Esculier2018, Frandsen2025, GottschallKram2005, Malisoux2015, Brindle2020,
}
