package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestIndexPagesEscapeHiddenRunes gives names, files and reasons carrying a right-to-
// left override, a C1 control (NEL), a byte order mark and an escape: index.html,
// the year pages, the notes and the one-page index show each as a visible escape,
// as the advice pages do, never raw.
func TestIndexPagesEscapeHiddenRunes(t *testing.T) {
	st := time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)
	old := time.Date(2019, 5, 1, 7, 0, 0, 0, time.UTC)
	name := "Easy \u202egnp.exe\u202c\u0085run"
	file := "/runs/l\u2067\u00e4ufe/\u009bevil\x1b[2K.fit"
	idx := Index{Title: "Runs of \u202eJo", Latest: 1, Rows: []IndexRow{
		{Result: idxTestRun(file, name, &st, 160)},
		{Result: idxTestRun("/runs/b\u0085.fit", name, &old, 170)},
	},
		Skipped: []IndexNote{{File: "ride\u202e.fit", Reason: "a ride \u0085(cycling)"}},
		Failed:  []IndexNote{{File: "bad\ufeff.fit", Reason: "not a FIT\u2028file"}}}
	_, _, pages := idxPages(t, idx)
	var one bytes.Buffer
	if err := WriteIndex(&one, idx); err != nil {
		t.Fatal(err)
	}
	pages["one-page"] = one.Bytes()
	if len(pages) < 3 {
		t.Fatalf("pages %d; want index.html, a year page and the one-page index", len(pages))
	}
	for p, html := range pages {
		layout := func(r rune) bool { return hiddenRune(r) && r != '\n' && r != '\t' }
		if i := bytes.IndexFunc(html, layout); i >= 0 {
			r := []rune(string(html[i:]))[0]
			t.Errorf("%s holds U+%04X raw at byte %d", p, r, i)
		}
	}
	for _, want := range []string{`Easy \u202egnp.exe\u202c\u0085run`, `\u009bevil\x1b[2K.fit`} {
		found := false
		for _, html := range pages {
			found = found || strings.Contains(string(html), want)
		}
		if !found {
			t.Errorf("no page shows %q", want)
		}
	}
	if !strings.Contains(one.String(), `not a FIT\u2028file`) || !strings.Contains(one.String(), `Runs of \u202eJo`) {
		t.Errorf("the one-page index does not escape the notes and the title")
	}
}
