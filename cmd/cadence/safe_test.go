package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// termAttack is what a hostile file name tries on a terminal: go to the start of the
// line, clear it, and print a green all-clear.
const termAttack = "\r\x1b[2K\x1b[32mcadence: all files OK\x1b[0m"

// hasControl reports whether s holds a character that a terminal would obey, other
// than line feed and tab.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
	})
}

// A lockedBuffer is a bytes.Buffer that a signal handler writes while a test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestSafe(t *testing.T) {
	got := safe("runs/" + termAttack + "\n\u202egnp.fit")
	want := `runs/\r\x1b[2K\x1b[32mcadence: all files OK\x1b[0m\n\u202egnp.fit`
	if got != want {
		t.Errorf("safe = %q, want %q", got, want)
	}
}

func TestStderrGuard(t *testing.T) {
	var buf bytes.Buffer
	w := guardStderr(&buf)
	if guardStderr(w) != w || rawStderr(w) != io.Writer(&buf) || rawStderr(&buf) != io.Writer(&buf) {
		t.Error("guardStderr wraps twice or rawStderr does not unwrap")
	}
	msg := "cadence: bad" + termAttack + ".fit: not a FIT file\n\tusage\u009b\n"
	n, err := w.Write([]byte(msg))
	if err != nil || n != len(msg) {
		t.Errorf("Write = %d, %v; want %d, nil", n, err, len(msg))
	}
	want := "cadence: bad\\r\\x1b[2K\\x1b[32mcadence: all files OK\\x1b[0m.fit: not a FIT file\n\tusage\\u009b\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// TestHostileFileNames runs analyze on files whose names carry terminal escapes and
// line breaks: stderr and the table must hold them only as visible escapes, one line
// per file, while JSON keeps the names whole.
func TestHostileFileNames(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold control characters")
	}
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join(samples, "workoutizer-garmin-connect-run.gpx"))
	if err != nil {
		t.Fatal(err)
	}
	runName := "run" + termAttack + "\n\u202egnp.gpx"
	badName := "bad" + termAttack + "\n.fit"
	if err := os.WriteFile(filepath.Join(dir, runName), good, 0o644); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, badName), []byte("not a FIT file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := cli(t, "", "analyze", "--no-history", dir)
	if code != exitFailed {
		t.Errorf("status %d, want %d for the bad file", code, exitFailed)
	}
	if hasControl(out) || hasControl(errs) {
		t.Errorf("a control character reached the terminal:\nstdout %q\nstderr %q", out, errs)
	}
	if !strings.Contains(errs, `/bad\r\x1b[2K\x1b[32mcadence: all files OK\x1b[0m`) {
		t.Errorf("stderr does not show the bad name escaped: %q", errs)
	}
	if n := strings.Count(errs, "\n"); n != 1 {
		t.Errorf("stderr has %d lines, want 1: %q", n, errs)
	}
	if !strings.Contains(out, `\n\u202egnp.gpx 2019-11-16`) {
		t.Errorf("table does not show the run's name escaped on its row:\n%s", out)
	}

	out, _, _ = cli(t, "", "analyze", "--no-history", "--format", "json", dir)
	if hasControl(out) || !strings.Contains(out, `\r\u001b[2K\u001b[32mcadence: all files OK\u001b[0m\n\u202egnp.gpx"`) {
		t.Errorf("JSON does not carry the name as escapes:\n%s", out)
	}
}

// TestHelpFlag checks that -h prints the command's help once, on stdout, and that a
// bad flag prints its message and the short usage once, on stderr.
func TestHelpFlag(t *testing.T) {
	for _, c := range []string{"analyze", "report", "metronome", "version"} {
		for _, h := range []string{"-h", "--help"} {
			out, errs, code := cli(t, "", c, h)
			if code != exitOK || errs != "" || strings.Count(out, "usage: cadence "+c) != 1 {
				t.Errorf("cadence %s %s: status %d, stderr %q, stdout %q; want the help once on stdout", c, h, code, errs, out)
			}
			help, _, _ := cli(t, "", "help", c)
			if help != out {
				t.Errorf("cadence %s %s differs from cadence help %s", c, h, c)
			}
		}
	}
	if out, errs, code := cli(t, "", "help", "-h"); code != exitOK || errs != "" || !strings.Contains(out, "cadence <command> [arguments]") {
		t.Errorf("cadence help -h: status %d, stderr %q, stdout %q; want the usage", code, errs, out)
	}
	out, errs, code := cli(t, "", "analyze", "--frobnicate", samples)
	if code != exitUsage || out != "" || strings.Count(errs, "usage: cadence analyze") != 1 || !strings.Contains(errs, "flag provided but not defined: -frobnicate") {
		t.Errorf("bad flag: status %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestFloatFlagsRefuseNaN checks every float flag against NaN and the infinities: a
// usage error, status 2, and no file written.
func TestFloatFlagsRefuseNaN(t *testing.T) {
	dir := t.TempDir()
	wav := filepath.Join(dir, "click.wav")
	for _, v := range []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "1e309"} {
		for _, args := range [][]string{
			{"metronome", "--spm", v, "-o", wav},
			{"metronome", "--spm", "170", "--minutes", v, "-o", wav},
			{"analyze", "--threshold", v, samples},
			{"report", "--threshold", v, "-o", filepath.Join(dir, "report"), samples},
		} {
			out, errs, code := cli(t, "", args...)
			if code != exitUsage || out != "" || !strings.Contains(errs, "Run 'cadence help") {
				t.Errorf("cadence %q: status %d, stdout %q, stderr %q; want a usage error", args, code, out, errs)
			}
		}
	}
	if _, err := os.Stat(wav); err == nil {
		t.Error("a click track was written")
	}
	if _, err := os.Stat(filepath.Join(dir, "report")); err == nil {
		t.Error("a report folder was made")
	}
}

func TestSignalStatus(t *testing.T) {
	if got := signalStatus(os.Interrupt); got != 130 {
		t.Errorf("SIGINT: %d, want 130", got)
	}
	if got := signalStatus(syscall.SIGTERM); got != 143 {
		t.Errorf("SIGTERM: %d, want 143", got)
	}
}

// TestCatchSignals sends this process SIGINT while catchSignals is on: it must say so
// on stderr and exit 130, and after stop the signal is no longer caught.
func TestCatchSignals(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a process cannot send itself SIGINT on Windows")
	}
	codes := make(chan int, 1)
	exit = func(code int) { codes <- code }
	defer func() { exit = os.Exit }()
	var buf lockedBuffer
	stop := catchSignals(&buf)
	defer stop()
	self, _ := os.FindProcess(os.Getpid())
	if err := self.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-codes:
		if code != 130 {
			t.Errorf("status %d, want 130", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("SIGINT was not caught")
	}
	if got := buf.String(); got != interruptMessage+"\n" {
		t.Errorf("stderr %q, want %q", got, interruptMessage+"\n")
	}
}

// TestInterruptedCommand runs cadence as a process, reading standard input that never
// ends, and interrupts it: one line on stderr, and status 130 (143 for SIGTERM).
func TestInterruptedCommand(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the command and signals it")
	}
	bin := filepath.Join(t.TempDir(), "cadence")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		sig  os.Signal
		code int
	}{{os.Interrupt, 130}, {syscall.SIGTERM, 143}} {
		cmd := exec.Command(bin, "analyze", "--no-history", "-")
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond) // let it start and block on stdin
		cmd.Process.Signal(tc.sig)
		cmd.Wait()
		stdin.Close()
		if got := cmd.ProcessState.ExitCode(); got != tc.code {
			t.Errorf("%v: status %d (%v), want %d", tc.sig, got, cmd.ProcessState, tc.code)
		}
		if stderr.String() != interruptMessage+"\n" || stdout.Len() != 0 {
			t.Errorf("%v: stderr %q, stdout %q; want only the message", tc.sig, stderr.String(), stdout.String())
		}
	}
}
