package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/internal/synth"
)

// writeRoster writes a coach folder of three athletes whose runs interleave on the
// same days (synth.Roster) and returns it.
func writeRoster(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "coach")
	for _, w := range synth.Roster([]string{"anna", "ben", "cleo"}, n, time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), 7) {
		if err := synth.WriteFile(dir, &w); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readAs reads paths with opt's athletes and a history at db ("" for none), and
// returns the batch and its warnings.
func readAs(t *testing.T, db string, opt Options, paths ...string) (*Batch, []string) {
	t.Helper()
	if db != "" {
		h, err := OpenHistory(db, "test")
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		opt.History = h
	}
	var warnings []string
	opt.Analysis, opt.Jobs = analysis.DefaultOptions, 2
	opt.Warn = func(s string) { warnings = append(warnings, s) }
	b := Read(paths, opt)
	t.Cleanup(func() { b.Close() })
	return b, warnings
}

// spikesByFile returns every counted run's spike ratio (0 for none) by its path
// below the coach folder, with the athlete it was read as.
func spikesByFile(t *testing.T, b *Batch, coach string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	b.Results(func(it *Item, r *analysis.Result) {
		if it.Err != nil || r.Sport != "running" || r.DuplicateOf != nil {
			return
		}
		rel, err := filepath.Rel(coach, r.File)
		if err != nil {
			t.Fatal(err)
		}
		if who := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]; r.Athlete != who && r.Athlete != "" {
			t.Errorf("%s read as athlete %q", rel, r.Athlete)
		}
		out[rel] = 0
		if r.Spike != nil {
			out[rel] = r.Spike.Ratio
		}
	})
	return out
}

// TestAthletesNeverMix reads a coach folder of three athletes whose runs fall on the
// same days. Each run's spike must be judged against its own athlete's runs only:
// read with --athletes and one shared history, read athlete by athlete into one
// history and then again, and read with --athlete from a history that holds them
// all. The truth is each athlete's folder read alone without a history. Read with
// neither flag, the folder mixes three people, which the overlap warning says.
func TestAthletesNeverMix(t *testing.T) {
	coach := writeRoster(t, 40)
	truth := map[string]float64{}
	spiky := 0
	for _, who := range []string{"anna", "ben", "cleo"} {
		b, warns := readAs(t, "", Options{Athlete: who}, filepath.Join(coach, who))
		if len(warns) > 0 {
			t.Errorf("%s alone: %q", who, warns)
		}
		for k, v := range spikesByFile(t, b, coach) {
			truth[k] = v
			if v > 1.1 {
				spiky++
			}
		}
	}
	if len(truth) < 90 || spiky < 5 {
		t.Fatalf("%d runs, %d spikes: the roster is too small to test", len(truth), spiky)
	}
	same := func(what string, got map[string]float64) {
		t.Helper()
		if len(got) != len(truth) {
			t.Errorf("%s: %d runs, want %d", what, len(got), len(truth))
		}
		bad := 0
		for k, v := range truth {
			if g, ok := got[k]; !ok || g != v {
				if bad++; bad <= 3 {
					t.Errorf("%s: %s spike %.3f, want %.3f (its athlete's own runs)", what, k, g, v)
				}
			}
		}
	}

	db := filepath.Join(t.TempDir(), "all.db")
	b, warns := readAs(t, db, Options{Athletes: true}, coach)
	if len(warns) > 0 {
		t.Errorf("--athletes: %q", warns)
	}
	if got := b.Athletes(); len(got) != 3 || got[0] != "anna" || got[2] != "cleo" {
		t.Errorf("athletes %q", got)
	}
	same("--athletes, shared history", spikesByFile(t, b, coach))
	b, _ = readAs(t, db, Options{Athletes: true}, coach)
	same("--athletes, again from the history", spikesByFile(t, b, coach))

	// One call per athlete into one history, then one athlete again: the history
	// holds everyone's runs, and only Anna's count for Anna.
	db2 := filepath.Join(t.TempDir(), "separate.db")
	sep := map[string]float64{}
	for _, who := range []string{"ben", "cleo", "anna"} {
		b, _ := readAs(t, db2, Options{Athlete: who}, filepath.Join(coach, who))
		for k, v := range spikesByFile(t, b, coach) {
			sep[k] = v
		}
	}
	same("separate calls, one history", sep)
	// A single run of Anna's read alone still sees her earlier runs in the history,
	// and nobody else's.
	var last string
	filepath.WalkDir(filepath.Join(coach, "anna"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			last = p
		}
		return nil
	})
	b, _ = readAs(t, db2, Options{Athlete: "anna"}, last)
	rel, _ := filepath.Rel(coach, last)
	if got := spikesByFile(t, b, coach)[rel]; got != truth[rel] {
		t.Errorf("%s alone from the shared history: spike %.3f, want %.3f", rel, got, truth[rel])
	}

	// Without the flags everything is the default athlete's: the runs of three
	// people overlap, and one line says so, naming the flag.
	b, warns = readAs(t, filepath.Join(t.TempDir(), "mixed.db"), Options{}, coach)
	differ := 0
	for k, v := range spikesByFile(t, b, coach) {
		if v != truth[k] {
			differ++
		}
	}
	t.Logf("mixed: %d of %d runs' spikes differ from their athlete's own", differ, len(truth))
	if differ < len(truth)/2 {
		t.Errorf("mixed: only %d of %d spikes differ; the roster does not tell athletes apart", differ, len(truth))
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "overlap in time") || !strings.Contains(warns[0], "--athletes") {
		t.Errorf("mixed folder: warnings %q, want one about overlapping runs", warns)
	}
}

// TestAthletesFolderLayout: with --athletes, each folder and export zip inside the
// folder given is an athlete, named after it; an activity lying beside them is
// named in a line and not read; the history moves a file to the athlete it is read
// as now.
func TestAthletesFolderLayout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "squad")
	run := synth.Spec{Sport: synth.Running, Start: time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC), DistanceM: 5000, SpeedMS: 3, CadenceSPM: 170}
	writeSpec(t, filepath.Join(dir, "dana", "a.fit"), run)
	writeSpec(t, filepath.Join(dir, "loose.fit"), run)
	db := filepath.Join(t.TempDir(), "h.db")
	b, warns := readAs(t, db, Options{Athletes: true}, dir)
	if len(warns) != 1 || !strings.Contains(warns[0], "loose.fit: not in an athlete's folder") {
		t.Errorf("warnings %q", warns)
	}
	if len(b.Items) != 1 || b.Items[0].Athlete != "dana" || b.Items[0].Results()[0].Athlete != "dana" {
		t.Fatalf("items %+v", b.Items)
	}
	h, err := OpenHistory(db, "test")
	if err != nil {
		t.Fatal(err)
	}
	key := b.Key(0)
	if rec, _, _ := h.s.Lookup(key); rec.Athlete != "dana" {
		t.Errorf("history: %q, want dana", rec.Athlete)
	}
	h.Close()
	b, _ = readAs(t, db, Options{Athlete: "d"}, filepath.Join(dir, "dana"))
	if b.Items[0].Fresh || b.Items[0].Results()[0].Athlete != "d" {
		t.Errorf("reread as d: fresh %v, athlete %q", b.Items[0].Fresh, b.Items[0].Results()[0].Athlete)
	}
	h, _ = OpenHistory(db, "test")
	defer h.Close()
	if rec, _, _ := h.s.Lookup(key); rec.Athlete != "d" {
		t.Errorf("history after --athlete d: %q", rec.Athlete)
	}
}

// TestAthleteName: a folder's name is the athlete's; an export zip's without
// ".zip" and without the e-mail address or account id it is named after.
func TestAthleteName(t *testing.T) {
	for in, want := range map[string]string{
		"anna":                            "anna",
		"Ben Okafor":                      "Ben Okafor",
		"cleo.zip":                        "cleo",
		"cleo (jane.doe@example.com).zip": "cleo",
		"jane.doe@example.com_0.zip":      "athlete-" + "", // filled below
		"export_1234567890_dana.ZIP":      "export_dana",
		"UploadedFiles_0-_Part1.zip":      "UploadedFiles_0-_Part1",
	} {
		got := AthleteName(in)
		if in == "jane.doe@example.com_0.zip" {
			if !strings.HasPrefix(got, "athlete-") || len(got) != len("athlete-")+6 || got != AthleteName(in) {
				t.Errorf("AthleteName(%q) = %q, want athlete- and 6 hex digits, stable", in, got)
			}
			continue
		}
		if got != want {
			t.Errorf("AthleteName(%q) = %q, want %q", in, got, want)
		}
	}
}
