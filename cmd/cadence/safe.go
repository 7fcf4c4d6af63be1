package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/cadence-run/cadence/report"
)

// Names and messages that cadence prints come partly from the files it reads: file and
// archive member names, activity names, warnings that quote a file. Such text may
// hold escape sequences, carriage returns or line feeds, which a terminal would obey
// (clear the line, recolour it, fake a "cadence: all files OK"), or direction overrides
// that show text in another order than it holds. Two defences keep it inert:
//
//   - safe escapes one piece of text for a line of output, line feeds included, so a
//     name cannot split a line: call it on every file-derived string put in a line.
//   - stderrGuard escapes, in everything written to stderr, whatever a call site
//     missed, except the line feeds and tabs that our own messages are made of.
//
// The escapes are those of report.Printable: \x1b, \r, \n, \t, \u202e and so on,
// written as visible characters, so the reader sees that the name holds them.

// safe returns s with its control characters, line breaks and direction overrides
// written as visible escapes (see report.Printable), for one line on a terminal.
func safe(s string) string { return report.Printable(s) }

// A stderrGuard writes to w what it is given, with every control character other than
// line feed and tab, every C1 control and every direction override escaped as
// report.PrintableLines does. Each Write is escaped on its own; cadence writes whole
// messages at a time, so no character is split between two writes.
type stderrGuard struct{ w io.Writer }

// guardStderr wraps w in a stderrGuard, once.
func guardStderr(w io.Writer) io.Writer {
	if _, ok := w.(stderrGuard); ok {
		return w
	}
	return stderrGuard{w}
}

// Write writes p with its hidden characters escaped. It returns len(p) on success,
// whatever the length of the escaped text.
func (g stderrGuard) Write(p []byte) (int, error) {
	if _, err := g.w.Write(report.PrintableLines(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// rawStderr returns the writer under a stderrGuard, or w itself. Only text cadence
// makes entirely (a progress bar, which needs its carriage returns) may be written to
// it directly.
func rawStderr(w io.Writer) io.Writer {
	if g, ok := w.(stderrGuard); ok {
		return g.w
	}
	return w
}

// interruptMessage is what cadence says when stopped by Ctrl-C or SIGTERM. It is true
// of every command: files are written whole or not at all (a temporary file, then a
// rename), so what was written is complete, and what was not is missing.
const interruptMessage = "cadence: interrupted; files written so far are complete, the rest were not written"

// exit ends the process; tests replace it.
var exit = os.Exit

// catchSignals makes SIGINT (Ctrl-C) and SIGTERM print interruptMessage on stderr
// and end the process at once, with the status a shell reports for a process killed
// by that signal: 128+2 = 130 for SIGINT, 128+15 = 143 for SIGTERM. Without it Go
// exits in silence. Call the returned function when the command is done, to restore
// the default handling.
func catchSignals(stderr io.Writer) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			if soft := softInterrupt.Load(); soft != nil {
				// A report finishes its index with what is done; a second signal
				// ends it at once.
				(*soft)(sig)
				fmt.Fprintln(stderr, "cadence: interrupted; writing index.html of what is drawn (Ctrl-C again to stop at once)")
				select {
				case sig = <-ch:
				case <-done:
					return
				}
			}
			fmt.Fprintln(stderr, interruptMessage)
			exit(signalStatus(sig))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// softInterrupt, when set (by a report while it draws), is called at the first stop
// signal instead of ending the process: the report stops drawing and writes its index
// of what is done.
var softInterrupt atomic.Pointer[func(os.Signal)]

// signalStatus is the exit status for a process ended by sig: 128 plus its number.
func signalStatus(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok && s > 0 && s < 128 {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGINT)
}
