package activity

import (
	"regexp"
	"strings"
	"testing"
)

func TestPublicName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Garmin's export: the account's e-mail address and the activity id.
		{"jane.doe@example.com_123456789.fit", "fit"},
		{"jane.doe@example.com_123456789", ""},
		{"jane.doe@example.com_0.zip", "0.zip"},
		{"jane.doe@example.com", ""},
		{"UploadedFiles_0-_Part1.zip", "UploadedFiles_0-_Part1.zip"},
		{"DI-Connect-Uploaded-Files", "DI-Connect-Uploaded-Files"},
		// Strava's export numbers activities.
		{"12345678901.fit.gz", "fit.gz"},
		{"activities", "activities"},
		// Names with nothing to take out stay exactly as they are.
		{"2024-03-01-07-00-00.fit", "2024-03-01-07-00-00.fit"},
		{"Morning Run", "Morning Run"},
		{"run_12345.fit", "run_12345.fit"},
		{"", ""},
		// One separator where an id was, none at the ends.
		{"run_12345678_morning", "run_morning"},
		{"Morning Run 12345678.fit", "Morning Run.fit"},
		{"run-123456-_-654321-b", "run-b"},
		{"a123456b", "a_b"},
		{"Anna (jane.doe@example.com)", "Anna"},
		{"Anna [123456789] B", "Anna B"},
		{"a(123456", "a("},
		// The "@" in other spellings, and addresses in other scripts.
		{"jane.doe%40example.com_1.fit", "1.fit"},
		{"jane＠example.com", ""},
		{"josé.müller@exämple.de_run", "run"},
		{"@", ""},
		{"run@", ""},
		// UUIDs and long hex ids, but not long words of hex letters.
		{"export-3f2a9c1e-7b4d-4e2a-9c1f-0a1b2c3d4e5f.zip", "export.zip"},
		{"device_0123456789abcdef0123", "device"},
		{"deadbeefdeadbeefcafe", "deadbeefdeadbeefcafe"},
		// Joining the words left makes a UUID: it goes too.
		{"abcdef12_123456-abcd-abcd-abcd-abcdefabcdef", ""},
	} {
		if got := PublicName(c.in); got != c.want {
			t.Errorf("PublicName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

var longDigits = regexp.MustCompile(`[0-9]{6,}`)

func FuzzPublicName(f *testing.F) {
	for _, s := range []string{"jane.doe@example.com_123456789.fit", "UploadedFiles_0-_Part1.zip",
		"a%40b", "x_123456_-_y", "3f2a9c1e-7b4d-4e2a-9c1f-0a1b2c3d4e5f", "\xff@\xfe", "Morning Run 2024-05-01 07-42", "abcdef12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := PublicName(s)
		if strings.ContainsAny(p, "@＠﹫") || strings.Contains(p, "%40") || longDigits.MatchString(p) {
			t.Fatalf("PublicName(%q) = %q still holds an address or an id", s, p)
		}
		if privateParts.MatchString(p) && cutPrivate(p) != p {
			t.Fatalf("PublicName(%q) = %q, in which more can be cut", s, p)
		}
		if PublicName(p) != p {
			t.Fatalf("PublicName is not idempotent: %q -> %q -> %q", s, p, PublicName(p))
		}
		if len(p) > len(s) {
			t.Fatalf("PublicName(%q) = %q is longer", s, p)
		}
		if !privateParts.MatchString(s) && p != s {
			t.Fatalf("PublicName(%q) = %q changed a name with nothing to cut", s, p)
		}
		if !mayHoldPrivate(s) && privateParts.MatchString(s) {
			t.Fatalf("the quick check passes %q, which privateParts matches", s)
		}
	})
}
