//go:build unix

package fitparse

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExpandFIFOSilent gives a named pipe that nobody writes to, and one whose writer
// opens it and sends nothing: both are errors after pipeIdle, never a hang, and the
// pipe can be opened again afterwards (no thread stays blocked in it).
func TestExpandFIFOSilent(t *testing.T) {
	defer func(d time.Duration) { pipeIdle = d }(pipeIdle)
	pipeIdle = 300 * time.Millisecond
	dir := t.TempDir()
	p := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	start := time.Now()
	e := &Expander{}
	defer e.Close()
	ins := e.Expand([]string{p})
	_, err := ins[0].Parse()
	if len(ins) != 1 || err == nil || err.Error() != p+": nothing opened this pipe for writing within 300ms: gave up waiting" {
		t.Errorf("no writer: %d inputs, %v", len(ins), err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}

	// A writer that opens the pipe and stays silent.
	opened := make(chan *os.File, 1)
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			opened <- nil
			return
		}
		opened <- f
	}()
	ins = e.Expand([]string{p})
	w := <-opened
	if w == nil {
		t.Fatal("the writer could not open the pipe")
	}
	defer w.Close()
	_, err = ins[0].Parse()
	if err == nil || !strings.HasSuffix(err.Error(), "nothing arrived for 300ms: gave up waiting") {
		t.Errorf("silent writer: %v", err)
	}
}
