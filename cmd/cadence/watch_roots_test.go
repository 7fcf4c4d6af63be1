package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWatchRootGoneAndBack deletes the watched folder under a watch, then makes it
// again with new files, and replaces it at once (rm -rf runs && unzip): the watch
// says when the folder goes, keeps the report, sees the folder again when it comes
// back and reads the new files; stopped while the folder is gone, it says so rather
// than that the report is up to date. With notification and with polling.
func TestWatchRootGoneAndBack(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("watches a folder for several seconds")
	}
	for _, poll := range []time.Duration{0, 300 * time.Millisecond} {
		runs, root, dir, out := watchFolder(t)
		e, stderr := watchEnv()
		ctx, cancel := context.WithCancel(context.Background())
		done := startWatch(ctx, e, out, filepath.Join(root, "history.db"), poll, dir)
		waitFor(t, 60*time.Second, "the first report", func() bool { return strings.Contains(stderr.String(), "cadence watch: watching ") })
		if !indexLists(out, "first.fit") {
			t.Fatal("the first report does not list first.fit")
		}

		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 30*time.Second, "the folder said gone", func() bool { return strings.Contains(stderr.String(), dir+" is gone") })
		time.Sleep(2 * quietTime)
		if !indexLists(out, "first.fit") {
			t.Errorf("poll %v: the report lost first.fit when its folder went", poll)
		}

		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "first.fit"), runs[0], 0o644)
		os.WriteFile(filepath.Join(dir, "back.fit"), runs[1], 0o644)
		waitFor(t, 30*time.Second, "back.fit in the index", func() bool { return indexLists(out, "back.fit") })
		if !strings.Contains(stderr.String(), dir+" is back") {
			t.Errorf("poll %v: the watch did not say the folder is back:\n%s", poll, stderr)
		}

		// Replaced in one go, faster than a tick.
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "first.fit"), runs[0], 0o644)
		os.WriteFile(filepath.Join(dir, "unzipped.fit"), runs[2], 0o644)
		waitFor(t, 30*time.Second, "unzipped.fit in the index", func() bool { return indexLists(out, "unzipped.fit") })
		if indexLists(out, "back.fit") {
			t.Errorf("poll %v: back.fit, gone with the folder replaced, is still listed", poll)
		}
		if strings.Contains(stderr.String(), "index.html is up to date") {
			t.Errorf("poll %v: up to date before the end", poll)
		}
		// A new file in the folder that replaced the first is seen.
		os.WriteFile(filepath.Join(dir, "later.fit"), runs[3], 0o644)
		waitFor(t, 30*time.Second, "later.fit in the index", func() bool { return indexLists(out, "later.fit") })

		// Stopped while the folder is gone.
		before := strings.Count(stderr.String(), dir+" is gone")
		os.RemoveAll(dir)
		waitFor(t, 30*time.Second, "the folder said gone again", func() bool { return strings.Count(stderr.String(), dir+" is gone") > before })
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("poll %v: status %d", poll, code)
		}
		if s := stderr.String(); !strings.Contains(s, "stopped; "+dir+" is gone") || strings.Contains(s, "is up to date") {
			t.Errorf("poll %v: the last line does not say the folder is gone:\n%s", poll, s)
		}
		if !indexLists(out, "later.fit") {
			t.Errorf("poll %v: the report lost its runs when the folder went", poll)
		}
	}
}
