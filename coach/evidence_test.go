package coach

import (
	"strings"
	"testing"
)

// TestEvidenceCitations: the citations each place words its sentence around.
func TestEvidenceCitations(t *testing.T) {
	f := Frandsen2025
	for got, want := range map[string]string{
		f.Ref():                         "Frandsen et al. 2025",
		f.ShortRef():                    "Frandsen 2025",
		f.JournalRef():                  "Frandsen et al., BJSM 2025",
		f.Sample():                      "5,205 runners",
		thousands(f.Runs):               "588,071",
		VanOeveren2019.Sample():         "256 recreational runners",
		GottschallKram2005.ShortRef():   "Gottschall & Kram 2005",
		Heiderscheit2011.Journal:        "MSSE 43(2)",
		Malisoux2015.Hazards[0].CI():    "0.61, 95% CI 0.39-0.97",
		Esculier2018.Who:                "runners with kneecap pain",
		thousands(0) + thousands(-1234): "0-1,234",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if f.Months != 18 || len(f.Hazards) != 3 || f.Hazards[0].Above != SpikeThreshold {
		t.Errorf("Frandsen 2025: %+v", f)
	}
}

// TestSpikeBandFromTable: the bands and hazard ratios of Frandsen 2025.
func TestSpikeBandFromTable(t *testing.T) {
	for _, tc := range []struct {
		ratio      float64
		words, hrr string
	}{
		{1.10, "", ""},
		{1.2, "10-30% longer", "1.64, 95% CI 1.31-2.05"},
		{1.3, "10-30% longer", "1.64, 95% CI 1.31-2.05"},
		{1.5, "30-100% longer", "1.52, 95% CI 1.16-2.00"},
		{2.5, "more than twice as long", "2.28, 95% CI 1.50-3.48"},
	} {
		if w, h := SpikeBand(tc.ratio); w != tc.words || h != tc.hrr {
			t.Errorf("SpikeBand(%g) = %q, %q; want %q, %q", tc.ratio, w, h, tc.words, tc.hrr)
		}
	}
}

// TestEvidenceTable: every study has a key of its own and one finding sentence that
// can follow a colon.
func TestEvidenceTable(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Evidence {
		if s.Key == "" || seen[s.Key] {
			t.Errorf("key %q empty or twice", s.Key)
		}
		seen[s.Key] = true
		if s.Year == 0 && s.Trial == "" {
			t.Errorf("%s: neither a year nor a trial name", s.Key)
		}
		if !strings.HasSuffix(s.Finding, ".") || strings.Count(s.Finding, ". ") > 0 || s.Finding[:1] != strings.ToLower(s.Finding[:1]) {
			t.Errorf("%s: finding %q is not one sentence to follow a colon", s.Key, s.Finding)
		}
	}
	if len(Evidence) != 13 {
		t.Errorf("%d studies, want 13", len(Evidence))
	}
}
