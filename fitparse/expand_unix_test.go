//go:build unix

package fitparse

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestExpandSymlinks checks that Expand follows symbolic links to files and folders,
// that a symlinked folder given by path is walked, that a link loop ends, and that a
// file reached twice is listed once, under the first path met.
func TestExpandSymlinks(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	gpx := sample(t, "heartandsole-garmin-fr220-run-tiny.gpx")
	dir := t.TempDir()
	runs := filepath.Join(dir, "store", "runs")
	write(t, filepath.Join(runs, "a.fit"), fit)
	write(t, filepath.Join(dir, "elsewhere", "b.gpx"), gpx)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(runs, filepath.Join(dir, "runs-link")))                                  // a folder link
	must(os.Symlink(filepath.Join(dir, "store"), filepath.Join(runs, "loop")))               // a loop back up
	must(os.Symlink(filepath.Join(dir, "elsewhere", "b.gpx"), filepath.Join(runs, "c.gpx"))) // a file link
	must(os.Symlink(filepath.Join(dir, "missing.fit"), filepath.Join(runs, "gone.fit")))     // a broken link named like an activity
	must(os.Symlink(filepath.Join(dir, "missing.jpg"), filepath.Join(runs, "gone.jpg")))     // a broken link to anything else

	e := &Expander{}
	defer e.Close()
	link := filepath.Join(dir, "runs-link")
	ins := e.Expand([]string{link})
	want := []string{"runs-link/a.fit", "runs-link/c.gpx", "runs-link/gone.fit"}
	if got := names(dir, ins); !sameList(got, want) {
		t.Fatalf("inputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	real, _ := filepath.EvalSymlinks(dir)
	if ins[0].ID.Key != filepath.Join(real, "store", "runs", "a.fit") || ins[1].ID.Key != filepath.Join(real, "elsewhere", "b.gpx") {
		t.Errorf("keys %q, %q: want the resolved paths", ins[0].ID.Key, ins[1].ID.Key)
	}
	for _, in := range ins[:2] {
		if _, err := in.Parse(); err != nil {
			t.Errorf("%s: %v", in.Name, err)
		}
	}
	if _, err := ins[2].Parse(); err == nil {
		t.Errorf("broken link: no error")
	}

	// Walking the whole tree: store/runs/loop leads back to store, which is being
	// walked; every file comes once.
	e2 := &Expander{}
	defer e2.Close()
	got := names(dir, e2.Expand([]string{dir}))
	want = []string{"elsewhere/b.gpx", "runs-link/a.fit", "runs-link/gone.fit"}
	if !sameList(got, want) {
		t.Errorf("whole tree:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestExpandPipe reads a named pipe (as a shell's <(cat run.fit) gives) once, whole, as
// standard input is read: a file, or a zip archive's members, without identity.
func TestExpandPipe(t *testing.T) {
	fit := sample(t, "heartandsole-garmin-fr220-run-tiny.fit")
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"run", fit, []string{"run"}},
		{"export", zipOf(t, map[string][]byte{"a.fit": fit, "b.fit.gz": gz(t, fit), "c.jpg": {0xFF, 0xD8}}), []string{"export:a.fit", "export:b.fit.gz"}},
	} {
		p := filepath.Join(dir, tc.name)
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
		go func() {
			f, err := os.OpenFile(p, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			f.Write(tc.data)
			f.Close()
		}()
		e := &Expander{}
		ins := e.Expand([]string{p})
		if got := names(dir, ins); !sameList(got, tc.want) {
			t.Errorf("%s: inputs %q, want %q", tc.name, got, tc.want)
		}
		for _, in := range ins {
			acts, err := in.Parse()
			if err != nil || len(acts[0].Samples) != 46 || in.ID != nil {
				t.Errorf("%s: %v, identity %+v", in.Name, err, in.ID)
			}
		}
		e.Close()
	}
	// An anonymous pipe by its /dev/fd path, as the shell hands it on.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fd := fmt.Sprintf("/dev/fd/%d", r.Fd())
	if _, err := os.Stat(fd); err == nil {
		go func() { w.Write(fit); w.Close() }()
		e := &Expander{}
		ins := e.Expand([]string{fd})
		if len(ins) != 1 || ins[0].Name != fd {
			t.Fatalf("%s: inputs %q", fd, names(dir, ins))
		}
		if acts, err := ins[0].Parse(); err != nil || len(acts[0].Samples) != 46 {
			t.Errorf("%s: %v", fd, err)
		}
		e.Close()
	} else {
		w.Close()
	}
	// A pipe inside a folder is never opened (it could block forever).
	e := &Expander{}
	defer e.Close()
	ins := e.Expand([]string{dir})
	if len(ins) != 1 || !strings.Contains(ins[0].Name, dir) {
		t.Fatalf("folder of pipes: %q", names(dir, ins))
	}
	if _, err := ins[0].Parse(); err == nil || err.Error() != "no FIT, GPX or TCX activity found under "+dir {
		t.Errorf("folder of pipes: %v", err)
	}
}
