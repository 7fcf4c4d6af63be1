package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cadence-run/cadence/activity"
)

const (
	termAttack = "\r\x1b[2K\x1b[32mcadence: all files OK\n"
	formula    = `=HYPERLINK("https://evil.example/phish","Click")`
)

// hostileSummary writes one hostile run and one hostile error in format and returns
// the output.
func hostileSummary(t *testing.T, format string, opt SummaryOptions) string {
	t.Helper()
	var buf bytes.Buffer
	s, err := NewSummary(&buf, format, opt)
	if err != nil {
		t.Fatal(err)
	}
	r := advOverstrider()
	r.File = "runs/" + termAttack + "\u202egnp.fit"
	r.Name = formula
	r.Warnings = []string{"damaged: member " + termAttack + "\u009b31m"}
	if err := s.Result(r); err != nil {
		t.Fatal(err)
	}
	ride := advRide()
	ride.File = "-3.5"
	ride.Sport = activity.Sport("+cmd|' /C calc'!A0")
	if err := s.Result(ride); err != nil {
		t.Fatal(err)
	}
	if err := s.Error("@bad\x1b]0;title\a.fit", "", errors.New("@bad\x1b]0;title\a.fit: not a FIT file")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestTextSummaryEscapes checks that names from a file reach the table as visible
// escapes: no control character, no extra line, no direction override.
func TestTextSummaryEscapes(t *testing.T) {
	for _, detail := range []bool{false, true} {
		out := hostileSummary(t, "text", SummaryOptions{Detail: detail})
		if strings.ContainsFunc(out, func(r rune) bool { return hiddenRune(r) && r != '\n' }) || !utf8.ValidString(out) {
			t.Errorf("detail %t: table holds a control character:\n%q", detail, out)
		}
		lines := strings.Split(out, "\n")
		if !strings.HasPrefix(lines[1], "…") || !strings.Contains(lines[1], `mcadence: all files OK\n\u202egnp.fit 2024-05-12`) {
			t.Errorf("detail %t: row is %q, want the file name escaped on one line", detail, lines[1])
		}
		want := `damaged: member \r\x1b[2K\x1b[32mcadence: all files OK\n\u009b31m`
		if !strings.Contains(out, "  ! "+want+"\n") && !strings.Contains(out, "  note: "+want+"\n") {
			t.Errorf("detail %t: warning not escaped on its own line:\n%s", detail, out)
		}
	}
}

// TestJSONSummaryEscapes checks that JSON carries hidden characters as \u escapes
// that decode to the very names in the file.
func TestJSONSummaryEscapes(t *testing.T) {
	out := hostileSummary(t, "json", SummaryOptions{})
	if strings.ContainsFunc(out, func(r rune) bool { return hiddenRune(r) && r != '\n' }) {
		t.Errorf("JSON holds a raw control character:\n%q", out)
	}
	for _, want := range []string{`\u001b[2K`, `\u202egnp.fit`, `\u009b31m`, `\r`, `\u0007`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 3 {
		t.Errorf("JSON has %d lines, want 3:\n%s", n, out)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	var first struct {
		File     string   `json:"file"`
		Name     string   `json:"name"`
		Warnings []string `json:"warnings"`
	}
	if err := dec.Decode(&first); err != nil {
		t.Fatal(err)
	}
	if first.File != "runs/"+termAttack+"\u202egnp.fit" || first.Name != formula || first.Warnings[0] != "damaged: member "+termAttack+"\u009b31m" {
		t.Errorf("JSON does not decode to the names in the file: %+v", first)
	}
	for i := 2; i <= 3; i++ {
		var v map[string]any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
	}
}

// TestCSVSummaryDefusesFormulas checks that no cell a spreadsheet would run as a
// formula is left as it is, while numbers stay numbers.
func TestCSVSummaryDefusesFormulas(t *testing.T) {
	out := hostileSummary(t, "csv", SummaryOptions{})
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want a header, two runs and an error:\n%s", len(recs), out)
	}
	col := func(name string) int {
		for i, h := range recs[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	for _, tc := range []struct {
		row       int
		col, want string
	}{
		{1, "name", "'" + formula},
		{1, "file", "runs/" + termAttack + "\u202egnp.fit"},
		{2, "file", "-3.5"},
		{2, "sport", "'+cmd|' /C calc'!A0"},
		{3, "file", "'@bad\x1b]0;title\a.fit"},
		{3, "error", "'@bad\x1b]0;title\a.fit: not a FIT file"},
	} {
		if got := recs[tc.row][col(tc.col)]; got != tc.want {
			t.Errorf("row %d %s = %q, want %q", tc.row, tc.col, got, tc.want)
		}
	}
	for _, rec := range recs[1:] {
		for i, cell := range rec {
			if len(cell) > 1 && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) && !plainNumber.MatchString(cell) {
				t.Errorf("%s cell %q would run as a formula", recs[0][i], cell)
			}
		}
	}
	if got := recs[1][col("cadence_median")]; got != "156" {
		t.Errorf("cadence_median = %q, want the number 156", got)
	}
}
