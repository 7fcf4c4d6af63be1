package fitparse

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// TestMayHold checks the walk's rule for what a watcher must look at: names that
// are read whatever they hold, and otherwise the first bytes, into gzip.
func TestMayHold(t *testing.T) {
	dir := t.TempDir()
	gz := func(data []byte) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write(data)
		w.Close()
		return b.Bytes()
	}
	gpx := []byte(`<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk></trk></gpx>`)
	photo := []byte("\xff\xd8\xff\xe0 not a run")
	for name, c := range map[string]struct {
		data []byte
		want bool
	}{
		"run.fit":        {[]byte("damaged"), true}, // by its name: its error is reported
		"export.zip":     {[]byte("not a zip"), true},
		"activities.csv": {[]byte("Activity ID\n"), true},
		"track.txt":      {gpx, true}, // by its first bytes
		"track.txt.gz":   {gz(gpx), true},
		"photo.jpg":      {photo, false},
		"photo.jpg.gz":   {gz(photo), false}, // a gzip of something else is passed over
		"notes.md":       {[]byte("# notes"), false},
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		if got := MayHold(p); got != c.want {
			t.Errorf("MayHold(%s) = %v, want %v", name, got, c.want)
		}
	}
	if MayHold(filepath.Join(dir, "gone.bin")) {
		t.Error("a missing file with no activity name may hold activities")
	}
}
