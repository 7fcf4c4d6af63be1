package exportmeta

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

const (
	stravaCSV      = "testdata/strava/activities.csv"
	garminDir      = "testdata/garmin/DI_CONNECT/DI-Connect-Fitness/"
	garminActsFile = garminDir + "runner_0_summarizedActivities.json"
	garminGearFile = garminDir + "runner_gear.json"
)

func addFile(t testing.TB, add func(string, *os.File) error, root, name string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := add(root, f); err != nil {
		t.Fatalf("adding %s: %v", name, err)
	}
}

func stravaCatalog(t testing.TB, root string) *Catalog {
	t.Helper()
	var c Catalog
	addFile(t, func(root string, f *os.File) error { return c.AddStravaCSV(root, f) }, root, stravaCSV)
	return &c
}

func garminAdd(t testing.TB, c *Catalog, names ...string) {
	t.Helper()
	for _, n := range names {
		addFile(t, func(_ string, f *os.File) error { return c.AddGarminJSON(filepath.Base(n), f) }, "", n)
	}
}

func utc(y int, mo time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

func sameEntry(t *testing.T, got, want Entry) {
	t.Helper()
	distOK := got.DistanceM == want.DistanceM || math.IsNaN(got.DistanceM) && math.IsNaN(want.DistanceM)
	if got.Source != want.Source || got.ID != want.ID || got.Name != want.Name || got.Type != want.Type ||
		!got.Start.Equal(want.Start) || !got.LocalStart.Equal(want.LocalStart) || !distOK ||
		got.File != want.File || got.Path != want.Path || got.Gear != want.Gear {
		t.Errorf("entry\n got %+v\nwant %+v", got, want)
	}
}

func TestStravaCSV(t *testing.T) {
	c := stravaCatalog(t, "/abs/export")
	if c.Len() != 5 {
		t.Fatalf("Len = %d, want 5 (the junk row skipped)", c.Len())
	}
	want := []Entry{
		{Strava, "10000000001", "Lunch Run", "Run", utc(2026, 3, 8, 13, 2, 3), time.Time{}, 10012.5,
			"activities/10000000001.fit.gz", "/abs/export/activities/10000000001.fit.gz", "Nike Pegasus 39"},
		{Strava, "10000000002", `Tempo, with "the club" and a second line`, "Run", utc(2026, 3, 9, 6, 30, 0), time.Time{}, 8000,
			"activities/10000000002.gpx", "/abs/export/activities/10000000002.gpx", "Nike Pegasus 39"},
		{Strava, "10000000003", "Treadmill", "Run", utc(2026, 3, 10, 19, 0, 0), time.Time{}, 5000, "", "", ""},
		{Strava, "10000000004", `=HYPERLINK("http://evil.example/","click me")`, "Walk", utc(2026, 3, 11, 17, 45, 10), time.Time{}, 3500,
			"activities/10000000004.tcx.gz", "/abs/export/activities/10000000004.tcx.gz", "Old Trainers"},
		{Strava, "10000000005", "Pool", "Swim", utc(2026, 3, 12, 23, 59, 59), time.Time{}, 1500,
			"activities/10000000005.fit", "/abs/export/activities/10000000005.fit", ""},
	}
	for i, e := range c.entries {
		sameEntry(t, e, want[i])
	}
}

func TestStravaLookupByFile(t *testing.T) {
	for _, root := range []string{"/abs/export", "/abs/export/", "/abs/export.zip:", `C:\Users\r\export`, ""} {
		c := stravaCatalog(t, root)
		for _, tc := range []struct{ file, id string }{
			{"/abs/export/activities/10000000001.fit.gz", "10000000001"},
			{"/abs/export.zip:activities/10000000001.fit.gz", "10000000001"},
			{"/elsewhere/copy/activities/10000000001.fit", "10000000001"}, // unzipped, other prefix
			{"activities/10000000001.fit", "10000000001"},
			{`D:\exports\strava\activities\10000000001.fit.gz`, "10000000001"},
			{"/abs/export/activities/10000000002.gpx.gz", "10000000002"}, // compressed later
			{"/abs/export/activities/10000000005.fit", "10000000005"},
			{"/abs/export/./activities//10000000004.tcx.gz", "10000000004"},
		} {
			e, ok := c.Lookup(tc.file, time.Time{})
			if !ok || e.ID != tc.id {
				t.Errorf("root %q: Lookup(%q) = %q, %v; want %q", root, tc.file, e.ID, ok, tc.id)
			}
		}
		for _, miss := range []string{
			"/abs/export/activities/10000000001.gpx",      // other extension
			"/abs/export/Activities/10000000001.fit.gz",   // case matters
			"/abs/export/xactivities/10000000001.fit.gz",  // not at a separator
			"/abs/export/activities/10000000001.fit.gz/x", // deeper
			"/abs/export/10000000001.fit.gz",              // base name alone is not enough
			"/abs/export/activities/99.fit",
			"",
		} {
			if e, ok := c.Lookup(miss, time.Time{}); ok {
				t.Errorf("root %q: Lookup(%q) found %s, want a miss", root, miss, e.ID)
			}
		}
	}
}

func TestLookupByStart(t *testing.T) {
	c := stravaCatalog(t, "/x")
	for _, tc := range []struct {
		start time.Time
		id    string
	}{
		{utc(2026, 3, 10, 19, 0, 0), "10000000003"},
		{utc(2026, 3, 10, 19, 0, 59), "10000000003"},
		{utc(2026, 3, 10, 19, 1, 0), "10000000003"}, // 60 s exactly
		{utc(2026, 3, 10, 18, 59, 0), "10000000003"},
		{utc(2026, 3, 10, 19, 0, 0).In(time.FixedZone("CET", 3600)), "10000000003"},
		{utc(2026, 3, 8, 13, 2, 30), "10000000001"},
	} {
		e, ok := c.Lookup("/somewhere/else/run.fit", tc.start)
		if !ok || e.ID != tc.id {
			t.Errorf("Lookup by start %v = %q, %v; want %q", tc.start, e.ID, ok, tc.id)
		}
	}
	for _, miss := range []time.Time{
		utc(2026, 3, 10, 19, 1, 1), utc(2026, 3, 10, 18, 58, 59), utc(2020, 1, 1, 0, 0, 0), {},
		time.Date(-5000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1e9, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if e, ok := c.Lookup("", miss); ok {
			t.Errorf("Lookup by start %v found %s, want a miss", miss, e.ID)
		}
	}
	// A file match wins over a nearer start.
	e, ok := c.Lookup("/x/activities/10000000001.fit.gz", utc(2026, 3, 10, 19, 0, 0))
	if !ok || e.ID != "10000000001" {
		t.Errorf("file match should win over start: got %q, %v", e.ID, ok)
	}
}

func TestLookupNearestStart(t *testing.T) {
	var c Catalog
	csv := "Activity ID,Activity Date,Activity Name\n" +
		"1,\"Jan 1, 2026, 10:00:00 AM\",a\n" +
		"2,\"Jan 1, 2026, 10:00:40 AM\",b\n" +
		"3,\"Jan 1, 2026, 10:00:40 AM\",c\n" +
		"4,\"Jan 1, 2026, 10:01:30 AM\",d\n"
	if err := c.AddStravaCSV("", strings.NewReader(csv)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at time.Duration
		id string
	}{
		{0, "1"}, {19 * time.Second, "1"}, {20 * time.Second, "1"}, // tie: the first added
		{21 * time.Second, "2"}, {40 * time.Second, "2"}, {65 * time.Second, "2"}, // 2 and 3 tie: first added
		{66 * time.Second, "4"}, {150 * time.Second, "4"}, {-60 * time.Second, "1"},
	} {
		e, ok := c.Lookup("", utc(2026, 1, 1, 10, 0, 0).Add(tc.at))
		if !ok || e.ID != tc.id {
			t.Errorf("at +%v: got %q, %v; want %q", tc.at, e.ID, ok, tc.id)
		}
	}
}

func TestStravaLenient(t *testing.T) {
	var c Catalog
	csv := "\ufeff\"Activity ID\",Filename,Activity Name,Distance,Activity Date\n" +
		"1,activities/1.fit.gz,short row\n" + // fields missing at the end
		"2,activities/2.fit,long row,4.2,\"Feb 3, 2026, 4:05:06\u202fPM\",extra,fields\n" +
		"3,/etc/passwd,absolute file\n" +
		"4,../../outside.fit,escaping file\n" +
		"5,\"act\x1bivities/5.fit\",control char in file\n" +
		"6,activities/6.fit,\"name\twith\rcontrols\x1b[31m\u202eand \xff bad utf8\"\n" +
		"7,activities/7.fit,\"" + strings.Repeat("é", 300) + "\"\n" +
		"8,activities/8.fit,a \"stray\" quote,,2026-02-03 16:05:06\n" +
		"-1,activities/9.fit,negative id\n" +
		",activities/10.fit,no id\n" +
		"11,activities/11.fit,\"unterminated quote\n"
	if err := c.AddStravaCSV("r", strings.NewReader(csv)); err != nil {
		t.Fatal(err)
	}
	got := map[string]Entry{}
	for _, e := range c.entries {
		got[e.ID] = e
	}
	if len(got) != 9 {
		t.Errorf("got %d entries, want 9: %v", len(got), got)
	}
	if e := got["1"]; e.Name != "short row" || !e.Start.IsZero() || !math.IsNaN(e.DistanceM) || e.Path != "r/activities/1.fit.gz" {
		t.Errorf("short row: %+v", e)
	}
	if e := got["2"]; !e.Start.Equal(utc(2026, 2, 3, 16, 5, 6)) || !math.IsNaN(e.DistanceM) {
		t.Errorf("long row: %+v (one Distance column: unit unknown, so NaN)", e)
	}
	for _, id := range []string{"3", "4", "5"} {
		if e := got[id]; e.File != "" || e.Path != "" {
			t.Errorf("entry %s: unsafe file kept: %+v", id, e)
		}
	}
	if e := got["6"]; e.Name != "name with controls [31m and \ufffd bad utf8" {
		t.Errorf("controls: name %q", e.Name)
	}
	if e := got["7"]; utf8.RuneCountInString(e.Name) != MaxTextRunes || e.Name != strings.Repeat("é", MaxTextRunes) {
		t.Errorf("long name: %d runes", utf8.RuneCountInString(e.Name))
	}
	if e := got["8"]; e.Name != `a "stray" quote` || !e.Start.Equal(utc(2026, 2, 3, 16, 5, 6)) {
		t.Errorf("stray quote: %+v", e)
	}
	if _, ok := c.Lookup("r/activities/7.fit", time.Time{}); !ok {
		t.Error("entry 7 not found by file")
	}
}

func TestStravaErrors(t *testing.T) {
	var c Catalog
	for _, in := range []string{"", "\ufeff", "Activity Name,Filename\nx,y\n", "\"Activity ID\"x\n"} {
		if err := c.AddStravaCSV("", strings.NewReader(in)); err == nil {
			t.Errorf("AddStravaCSV(%q) succeeded, want an error", in)
		}
	}
	if err := c.AddStravaCSV("", strings.NewReader("Activity ID\n")); err != nil {
		t.Errorf("header only: %v", err)
	}
	if err := c.AddStravaCSV("", &failingReader{s: "Activity ID,Activity Name\n1,a\n2,b\n"}); err == nil {
		t.Error("a failing reader should fail")
	}
	if c.Len() != 2 {
		t.Errorf("rows before a read error should be kept: Len = %d", c.Len())
	}
}

type failingReader struct{ s string }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, fmt.Errorf("disk on fire")
	}
	n := copy(p, r.s)
	r.s = r.s[n:]
	return n, nil
}

func TestGarminJSON(t *testing.T) {
	for _, order := range [][]string{{garminActsFile, garminGearFile}, {garminGearFile, garminActsFile}} {
		var c Catalog
		garminAdd(t, &c, order...)
		if c.Len() != 3 {
			t.Fatalf("Len = %d, want 3", c.Len())
		}
		want := []Entry{
			{Garmin, "11223344556", "Morning Run", "running", utc(2023, 3, 8, 16, 2, 3), utc(2023, 3, 8, 18, 2, 3), 10000, "", "", "Nike Pegasus 39"},
			{Garmin, "11223344557", "Evening  [31mRide", "road_biking", utc(2023, 3, 9, 18, 3, 20), utc(2023, 3, 9, 19, 3, 20), 25000.5, "", "", "My Canyon"},
			{Garmin, "11223344558", "Strength", "strength_training", utc(2023, 3, 10, 14, 53, 20), time.Time{}, math.NaN(), "", "", ""},
		}
		for i, e := range c.entries {
			sameEntry(t, e, want[i])
		}
		e, ok := c.Lookup("/abs/garmin/UploadedFiles/runner_123.fit", utc(2023, 3, 8, 16, 2, 30))
		if !ok || e.ID != "11223344556" || e.Gear != "Nike Pegasus 39" {
			t.Errorf("Garmin lookup by start: %+v, %v", e, ok)
		}
	}
}

func TestGarminLenient(t *testing.T) {
	var c Catalog
	acts := `{"summarizedActivitiesExport":[
		{"activityId":"42","activityName":"API style","activityType":{"typeId":1,"typeKey":"trail_running"},
		 "startTimeGMT":"2024-05-01 07:08:09","startTimeLocal":"2024-05-01T09:08:09.0","distance":"123456"},
		{"activityId":4.3e1,"name":7,"distance":-5,"startTimeGmt":1e30},
		{"activityId":-1,"name":"negative id"},
		{"activityId":1.5,"name":"fractional id"},
		{"activityId":null},
		"not an object", 17, null
	]}`
	if err := c.AddGarminJSON("acts", strings.NewReader(acts)); err != nil {
		t.Fatal(err)
	}
	gear := `[{"gearDTOS":[{"gearPk":"1","gearMakeName":"Hoka","gearModelName":"Clifton 9"},
	                       {"uuid":"u-2","customMakeModel":"Saucony Endorphin"},{"gearPk":3}],
	           "gearActivityDTOs":[{"activityId":42,"gearPk":1},{"activityId":42,"uuid":"u-2"},{"activityId":43,"gearPk":3}]}]`
	if err := c.AddGarminJSON("gear", strings.NewReader(gear)); err != nil {
		t.Fatal(err)
	}
	if c.Len() != 2 {
		t.Fatalf("Len = %d, want 2", c.Len())
	}
	sameEntry(t, c.entries[0], Entry{Garmin, "42", "API style", "trail_running", utc(2024, 5, 1, 7, 8, 9), utc(2024, 5, 1, 9, 8, 9),
		1234.56, "", "", "Hoka Clifton 9, Saucony Endorphin"})
	sameEntry(t, c.entries[1], Entry{Garmin, "43", "7", "", time.Time{}, time.Time{}, math.NaN(), "", "", ""})

	for _, bad := range []string{"", "{", "[1,2]", `{"foo":1}`, "null", `"str"`, `[{"summarizedActivitiesExport":[]}] trailing`} {
		if err := c.AddGarminJSON("bad", strings.NewReader(bad)); err == nil {
			t.Errorf("AddGarminJSON(%q) succeeded, want an error", bad)
		}
	}
	if err := c.AddGarminJSON("empty", strings.NewReader(`[{"summarizedActivitiesExport":null}]`)); err != nil {
		t.Errorf("an empty export is not an error: %v", err)
	}
}

func TestReaddReplaces(t *testing.T) {
	c := stravaCatalog(t, "/a")
	addFile(t, func(root string, f *os.File) error { return c.AddStravaCSV(root, f) }, "/b", stravaCSV)
	if c.Len() != 5 {
		t.Errorf("Len after adding twice = %d, want 5", c.Len())
	}
	garminAdd(t, c, garminActsFile, garminActsFile, garminGearFile)
	if c.Len() != 8 {
		t.Errorf("Len with Garmin = %d, want 8", c.Len())
	}
	if e, ok := c.Lookup("/b/activities/10000000002.gpx", time.Time{}); !ok || e.Path != "/b/activities/10000000002.gpx" {
		t.Errorf("re-added entry: %+v, %v", e, ok)
	}
}

func TestSameFileInTwoExports(t *testing.T) {
	var c Catalog
	c.AddStravaCSV("/one", strings.NewReader("Activity ID,Filename\n1,activities/1.fit.gz\n"))
	c.AddStravaCSV("/two.zip:", strings.NewReader("Activity ID,Filename\n2,activities/1.fit.gz\n"))
	for file, id := range map[string]string{
		"/one/activities/1.fit":           "1",
		"/two.zip:activities/1.fit.gz":    "2",
		"/three/activities/1.fit.gz":      "1", // neither root: the first added
		"/one/sub/../activities/1.fit.gz": "1",
	} {
		if e, ok := c.Lookup(file, time.Time{}); !ok || e.ID != id {
			t.Errorf("Lookup(%q) = %q, %v; want %q", file, e.ID, ok, id)
		}
	}
}

func TestZeroCatalog(t *testing.T) {
	var c Catalog
	if c.Len() != 0 {
		t.Error("zero catalog not empty")
	}
	if _, ok := c.Lookup("/a/activities/1.fit", utc(2026, 1, 1, 0, 0, 0)); ok {
		t.Error("zero catalog found something")
	}
}

// bigCatalog holds n Strava entries a minute and a half apart, each with a file.
func bigCatalog(tb testing.TB, n int) (*Catalog, time.Time) {
	var b strings.Builder
	b.WriteString("Activity ID,Activity Date,Activity Name,Filename\n")
	t0 := utc(2020, 1, 1, 6, 0, 0)
	for i := range n {
		fmt.Fprintf(&b, "%d,%q,Run %d,activities/%d.fit.gz\n", 1000+i, t0.Add(time.Duration(i)*90*time.Second).Format("Jan 2, 2006, 3:04:05 PM"), i, 1000+i)
	}
	var c Catalog
	if err := c.AddStravaCSV("/exp", strings.NewReader(b.String())); err != nil {
		tb.Fatal(err)
	}
	if c.Len() != n {
		tb.Fatalf("Len = %d, want %d", c.Len(), n)
	}
	return &c, t0
}

func TestLargeCatalog(t *testing.T) {
	c, t0 := bigCatalog(t, 10000)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < 10000; i += 4 {
				id := fmt.Sprint(1000 + i)
				if e, ok := c.Lookup("/x/activities/"+id+".fit", time.Time{}); !ok || e.ID != id {
					t.Errorf("by file %s: %q, %v", id, e.ID, ok)
				}
				at := t0.Add(time.Duration(i)*90*time.Second + 44*time.Second)
				if e, ok := c.Lookup("", at); !ok || e.ID != id {
					t.Errorf("by start %s: %q, %v", id, e.ID, ok)
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkLookup(b *testing.B) {
	c, t0 := bigCatalog(b, 10000)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := i % 10000
		c.Lookup("/home/runner/exports/strava/activities/"+fmt.Sprint(1000+k)+".fit", time.Time{})
		c.Lookup("/elsewhere/x.fit", t0.Add(time.Duration(k)*90*time.Second+10*time.Second))
	}
}

// TestCleanTextDirectionMarks: the right-to-left and Arabic letter marks and the
// byte order mark, which the name cleaner once let through, become spaces like the
// overrides do.
func TestCleanTextDirectionMarks(t *testing.T) {
	if got := cleanText("Run\u200fgnin\u061cx\ufeffy\u202e!"); got != "Run gnin x y !" {
		t.Errorf("cleanText = %q", got)
	}
}
