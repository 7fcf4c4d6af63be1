package exportmeta

import (
	"bytes"
	"os"
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkCatalog checks what every catalog must satisfy, whatever its input: text is safe
// and short, files are clean relative paths, and each entry is found by its own path and
// start.
func checkCatalog(t *testing.T, c *Catalog) {
	t.Helper()
	c.mu.RLock()
	es := append([]Entry(nil), c.entries...)
	c.mu.RUnlock()
	if len(es) != c.Len() {
		t.Fatalf("Len %d, entries %d", c.Len(), len(es))
	}
	for _, e := range es {
		if !isDecimalID(e.ID) {
			t.Errorf("id %q", e.ID)
		}
		for _, s := range []string{e.Name, e.Type, e.Gear} {
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxTextRunes {
				t.Errorf("text %q not valid or too long", s)
			}
			for _, r := range s {
				if unsafeRune(r) {
					t.Errorf("text %q holds %U", s, r)
				}
			}
		}
		if e.DistanceM < 0 {
			t.Errorf("distance %v", e.DistanceM)
		}
		if e.File != "" {
			if path.Clean(e.File) != e.File || strings.HasPrefix(e.File, "/") || strings.HasPrefix(e.File, "../") {
				t.Errorf("file %q not clean and relative", e.File)
			}
			got, ok := c.Lookup(e.Path, e.Start)
			if !ok || fileKey(got.File) != fileKey(e.File) {
				t.Errorf("Lookup(%q) = %+v, %v", e.Path, got, ok)
			}
		} else if e.Path != "" {
			t.Errorf("path %q without a file", e.Path)
		}
		if !e.Start.IsZero() {
			got, ok := c.Lookup("", e.Start)
			if !ok || got.Start.Sub(e.Start).Abs() > StartTolerance {
				t.Errorf("Lookup by start %v = %+v, %v", e.Start, got, ok)
			}
		}
	}
}

func FuzzStravaCSV(f *testing.F) {
	if b, err := os.ReadFile(stravaCSV); err == nil {
		f.Add(b, "/abs/export")
	}
	f.Add([]byte("Activity ID,Filename,Activity Name\n1,activities/1.fit.gz,\"a\nb\"\n2,../x,\"\x1b\"\n"), "e.zip:")
	f.Add([]byte("\ufeffActivity ID,Distance,Distance,Activity Date\n3,1,1000,\"Jan 2, 2026, 3:04:05 PM\"\n"), "")
	f.Fuzz(func(t *testing.T, data []byte, root string) {
		var c Catalog
		if err := c.AddStravaCSV(root, bytes.NewReader(data)); err != nil && c.Len() != 0 {
			t.Fatalf("error %v, yet %d entries", err, c.Len())
		}
		checkCatalog(t, &c)
	})
}

func FuzzGarminJSON(f *testing.F) {
	for _, name := range []string{garminActsFile, garminGearFile} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"summarizedActivitiesExport":[{"activityId":"1","activityType":{"typeKey":"x"},"startTimeGMT":"2024-01-01 00:00:00"}]}`))
	f.Add([]byte(`[{"gearDTOS":[{"uuid":"u","displayName":"s"}],"gearActivityDTOs":[{"activityId":1,"uuid":"u"}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Catalog
		// An activity first, so that gear in data has something to apply to.
		c.AddGarminJSON("a", strings.NewReader(`[{"summarizedActivitiesExport":[{"activityId":1,"name":"n","startTimeGmt":1700000000000}]}]`))
		if err := c.AddGarminJSON("fuzz", bytes.NewReader(data)); err != nil && c.Len() != 1 {
			t.Fatalf("error %v, yet %d entries", err, c.Len())
		}
		checkCatalog(t, &c)
	})
}
