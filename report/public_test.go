package report

import (
	"regexp"
	"strings"
	"testing"
)

var longDigits = regexp.MustCompile(`[0-9]{6,}`)

func TestPublicFile(t *testing.T) {
	id := ShortID
	for _, c := range []struct{ in, want string }{
		{"jane.doe@example.com_123456789.fit", id("jane.doe@example.com_123456789.fit") + ".fit"},
		{"exp/DI_CONNECT/DI-Connect-Uploaded-Files/jane.doe@example.com_0.zip:jane.doe@example.com_987654321.fit",
			"exp/DI_CONNECT/DI-Connect-Uploaded-Files/0-" + id("jane.doe@example.com_0.zip") + ".zip:" +
				id("jane.doe@example.com_987654321.fit") + ".fit"},
		// An address with nothing after it keeps no part of its domain as an extension.
		{`C:\runs\jane.doe@example.com\morning.fit`, `C:\runs\` + id("jane.doe@example.com") + `\morning.fit`},
		{"activities/12345678901.fit.gz", "activities/" + id("12345678901.fit.gz") + ".fit.gz"},
		{"Morning Run 12345678.gpx", "Morning Run-" + id("Morning Run 12345678.gpx") + ".gpx"},
		// Names without an address or an id are as they were.
		{"/home/ann/runs/2024-03-01-07-00-00.fit", "/home/ann/runs/2024-03-01-07-00-00.fit"},
		{"UploadedFiles_0-_Part1.zip:run.fit", "UploadedFiles_0-_Part1.zip:run.fit"},
		{"", ""},
		{"-", "-"},
	} {
		if got := PublicFile(c.in); got != c.want {
			t.Errorf("PublicFile(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestShortID(t *testing.T) {
	a, b := ShortID("jane.doe@example.com_123456789.fit"), ShortID("jane.doe@example.com_123456790.fit")
	if len(a) != 6 || strings.Trim(a, "0123456789abcdef") != "" || a == b || ShortID("jane.doe@example.com_123456789.fit") != a {
		t.Errorf("ShortID gives %q and %q: want six hex digits, stable, different for different keys", a, b)
	}
	for i := 0; i < 5000; i++ {
		k := strings.Repeat("x", i)
		if s := ShortID(k); strings.Trim(s, "0123456789") == "" {
			t.Fatalf("ShortID(%q) = %q, all digits", k, s)
		}
	}
}

func TestPublicText(t *testing.T) {
	file := "/data/jane.doe@example.com/jane.doe@example.com_123456791.fit"
	got := publicText("open "+file+": permission denied; see jane.doe@example.com", file)
	for _, w := range []string{"@", "example", "123456791"} {
		if strings.Contains(got, w) {
			t.Errorf("publicText left %q in %q", w, got)
		}
	}
	if want := "open " + PublicFile(file) + ": permission denied"; !strings.HasPrefix(got, want) {
		t.Errorf("publicText = %q, want it to begin %q", got, want)
	}
	// A reason that names no file is left as it is, numbers and all.
	if s := "more than 104857600 bytes"; publicText(s, "run.fit") != s {
		t.Errorf("publicText changed %q", s)
	}
}

// TestIndexPublic writes an index whose rows, skipped and failed files carry an
// e-mail address and ids: the page must show none of them.
func TestIndexPublic(t *testing.T) {
	const file = "/exp/jane.doe@example.com_0.zip:jane.doe@example.com_987654321.fit"
	r := sampleResult(t, "../testdata/sample/fitparse-stryd-run-devfields.fit")
	r.File = file
	idx := Index{Title: "Cadence report", Rows: []IndexRow{{Result: r}},
		Skipped: []IndexNote{{File: "/exp/jane.doe@example.com_123456788.fit", Reason: "a ride"}},
		Failed:  []IndexNote{{File: "/exp/jane.doe@example.com_123456789.fit", Reason: "open /exp/jane.doe@example.com_123456789.fit: denied"}}}
	var b strings.Builder
	if err := WriteIndex(&b, idx); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, w := range []string{"jane", "example", "123456789", "987654321", "123456788"} {
		if strings.Contains(page, w) {
			t.Errorf("the index holds %q", w)
		}
	}
	if !strings.Contains(page, PublicFile(file)) || !strings.Contains(page, ShortID("jane.doe@example.com_123456789.fit")+".fit") {
		t.Errorf("the index does not name the files by their public form")
	}
	md := Advice(r, AdviceOptions{})
	if strings.Contains(md, "example") || !strings.Contains(md, PublicFile(file)) {
		t.Errorf("the advice does not name the file by its public form:\n%s", md)
	}
}

func FuzzPublicFile(f *testing.F) {
	f.Add("exp/DI_CONNECT/jane.doe@example.com_0.zip:jane.doe@example.com_987654321.fit")
	f.Add(`C:\a@b\12345678.fit.gz`)
	f.Fuzz(func(t *testing.T, p string) {
		got := PublicFile(p)
		if strings.ContainsAny(got, "@＠﹫") || strings.Contains(got, "%40") || longDigits.MatchString(got) {
			t.Fatalf("PublicFile(%q) = %q still holds an address or an id", p, got)
		}
		seps := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r == '/' || r == '\\' || r == ':' {
					return r
				}
				return -1
			}, s)
		}
		if seps(got) != seps(p) {
			t.Fatalf("PublicFile(%q) = %q changed the path's parts", p, got)
		}
		if PublicFile(got) != got {
			t.Fatalf("PublicFile is not idempotent: %q -> %q -> %q", p, got, PublicFile(got))
		}
	})
}
