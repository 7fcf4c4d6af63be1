package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/cadence-run/cadence/analysis"
)

// TestResultJSONMatchesResult: the JSON output has every field of analysis.Result,
// in its order, with the same tag and type, but for the verdict (worded) and the
// pace bands of the other units (not shown). A field added to Result and not here
// fails this test. The record's schema_version and target_spm are its own.
func TestResultJSONMatchesResult(t *testing.T) {
	rt, ot := reflect.TypeFor[analysis.Result](), reflect.TypeFor[resultJSON]()
	var want, got []reflect.StructField
	for i := range rt.NumField() {
		f := rt.Field(i)
		if f.Tag.Get("json") != "-" && f.Name != "MilePaceBands" {
			want = append(want, f)
		}
	}
	for i := range ot.NumField() {
		if f := ot.Field(i); f.Name != "SchemaVersion" && f.Name != "TargetSPM" { // the record's own, not the result's
			got = append(got, f)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d fields, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if g.Name != w.Name || g.Tag != w.Tag || (g.Type != w.Type && w.Name != "Verdict") {
			t.Errorf("field %d: %s %v `%s`, want %s %v `%s`", i, g.Name, g.Type, g.Tag, w.Name, w.Type, w.Tag)
		}
	}
}

// TestResultJSONUnits: the JSON output of one Result shows the pace bands and the
// paces of the reason in the chosen units, and nothing of the verdict's facts.
func TestResultJSONUnits(t *testing.T) {
	r := analysis.Analyze(advActivity(162, 270, 1200), analysis.DefaultOptions)
	if len(r.PaceBands) != 1 || len(r.MilePaceBands) != 1 || r.PaceBands[0].FromSPerKm != 270 || r.MilePaceBands[0].ToSPerKm-r.MilePaceBands[0].FromSPerKm > 18.7 {
		t.Fatalf("bands %+v, mile bands %+v", r.PaceBands, r.MilePaceBands)
	}
	for _, imperial := range []bool{false, true} {
		js, err := json.Marshal(newResultJSON(r, imperial))
		if err != nil {
			t.Fatal(err)
		}
		var back struct {
			Verdict   map[string]any      `json:"verdict"`
			PaceBands []analysis.PaceBand `json:"pace_bands"`
		}
		if err := json.Unmarshal(js, &back); err != nil {
			t.Fatal(err)
		}
		if len(back.Verdict) != 2 || back.Verdict["kind"] != analysis.VerdictOverstride || back.Verdict["reason"] != Reason(r, imperial) {
			t.Errorf("imperial %v: verdict %v", imperial, back.Verdict)
		}
		if !slices.Equal(back.PaceBands, paceBandsIn(r, imperial)) || bytes.Contains(js, []byte("mile_pace_bands")) || bytes.Contains(js, []byte("basis")) {
			t.Errorf("imperial %v: %s", imperial, js)
		}
	}
}
