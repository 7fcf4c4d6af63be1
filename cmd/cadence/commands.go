package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// Exit statuses, as the go command uses them.
const (
	exitOK      = 0
	exitFailed  = 1 // some input could not be read; the rest were processed
	exitUsage   = 2
	programName = "cadence"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "v0.1.0-dev"

// env is what a command runs against, so tests can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// A command is one subcommand: its help and the function that runs it.
type command struct {
	Name      string
	UsageLine string
	Short     string
	Long      string
	// Setup defines the command's flags on fs and returns the function that runs the
	// command on the arguments left after the flags, returning the exit status.
	Setup func(fs *flag.FlagSet) func(e *env, args []string) int
}

// badUsage prints a usage error for c and returns exitUsage.
func badUsage(e *env, c string, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "cadence %s: %s\nRun 'cadence help %s' for usage.\n", c, fmt.Sprintf(format, args...), c)
	return exitUsage
}

func commands() []*command {
	return []*command{cmdAnalyze(), cmdReport(), cmdTrend(), cmdWatch(), cmdMetronome(), cmdWorkout(), cmdVersion()}
}

// run runs cadence with args (without the program name) and returns the exit status.
// Everything written to stderr passes a stderrGuard, so a name read from a file cannot
// drive the terminal; SIGINT and SIGTERM end the run with a message (catchSignals),
// except for watch, which finishes its update and stops cleanly on its own.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	tuneGC()
	e := &env{stdin: stdin, stdout: stdout, stderr: guardStderr(stderr)}
	if len(args) == 0 || args[0] != "watch" {
		defer catchSignals(e.stderr)()
	}
	cmds := commands()
	if len(args) == 0 {
		usage(e.stderr, cmds)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(e, cmds, args[1:])
	case "-version", "--version":
		name = "version"
	}
	for _, c := range cmds {
		if c.Name == name {
			fs := newFlagSet(e, c)
			runCmd := c.Setup(fs)
			rest, err := parseInterspersed(fs, args[1:])
			if err != nil {
				if errors.Is(err, flag.ErrHelp) {
					// -h asked for help: the whole of it, once, on stdout.
					return help(e, cmds, []string{c.Name})
				}
				shortUsage(e, c) // after the flag package's own message
				return exitUsage
			}
			return runCmd(e, rest)
		}
	}
	fmt.Fprintf(e.stderr, "cadence: unknown command %q\nRun 'cadence help' for usage.\n", name)
	return exitUsage
}

// parseInterspersed parses flags that may come before, between or after the
// arguments, as in "cadence report ~/runs -o report/". After "--" everything is an
// argument; "-" alone is an argument (standard input).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		consumed := len(args) - len(left)
		if len(left) == 0 || (consumed > 0 && args[consumed-1] == "--") {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

func usage(w io.Writer, cmds []*command) {
	fmt.Fprint(w, `cadence shows your running cadence (steps per minute) from your watch's files,
flags likely overstriding, and gives advice on moving toward 170-180 spm.

Usage:

	cadence <command> [arguments]

The commands are:

`)
	for _, c := range cmds {
		fmt.Fprintf(w, "	%-10s %s\n", c.Name, c.Short)
	}
	fmt.Fprint(w, `
Use "cadence help <command>" for more about a command.

Examples:

	cadence analyze run.fit
	cadence analyze ~/runs
	cadence report ~/runs -o report/
	cadence trend ~/runs
	cadence watch -o report/ ~/runs
	cadence workout -o cadence.fit ~/runs
`)
}

func help(e *env, cmds []*command, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		usage(e.stdout, cmds)
		return exitOK
	}
	for _, c := range cmds {
		if c.Name == args[0] {
			fmt.Fprintf(e.stdout, "usage: cadence %s\n\n%s\n", c.UsageLine, strings.TrimSpace(c.Long))
			fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
			c.Setup(fs)
			hasFlags := false
			fs.VisitAll(func(*flag.Flag) { hasFlags = true })
			if hasFlags {
				fmt.Fprintln(e.stdout, "\nFlags:")
				fs.SetOutput(e.stdout)
				fs.PrintDefaults()
			}
			return exitOK
		}
	}
	fmt.Fprintf(e.stderr, "cadence help: unknown command %q\nRun 'cadence help' for usage.\n", args[0])
	return exitUsage
}

// newFlagSet returns a flag set whose errors are returned, not fatal, with their
// message printed to stderr. Its Usage prints nothing: run prints the short usage
// after an error, and the whole help for -h, so that neither comes twice.
func newFlagSet(e *env, c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {}
	return fs
}

// shortUsage prints c's usage line and where to read more, on stderr.
func shortUsage(e *env, c *command) {
	fmt.Fprintf(e.stderr, "usage: cadence %s\nRun 'cadence help %s' for details.\n", c.UsageLine, c.Name)
}

func cmdVersion() *command {
	return &command{
		Name:      "version",
		UsageLine: "version",
		Short:     "print the version of cadence",
		Long:      "Version prints the version of cadence and of the Go toolchain that built it.",
		Setup: func(fs *flag.FlagSet) func(e *env, args []string) int {
			return func(e *env, args []string) int {
				v := version
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
					v = bi.Main.Version
				}
				fmt.Fprintf(e.stdout, "cadence %s %s/%s %s\n", v, runtime.GOOS, runtime.GOARCH, runtime.Version())
				return exitOK
			}
		},
	}
}
