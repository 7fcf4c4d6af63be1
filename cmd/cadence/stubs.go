package main

import (
	"flag"
	"os"
)

// isSingleFile reports whether p names one regular file (not a folder, not stdin).
func isSingleFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

func cmdReport() *command {
	return &command{Name: "report", UsageLine: "report [flags] -o DIR PATH...", Short: "write cadence plots, advice and index.html",
		Setup: func(fs *flag.FlagSet) func(e *env, args []string) int {
			return func(e *env, args []string) int { return badUsage(e, "report", "not built yet") }
		}}
}

func cmdMetronome() *command {
	return &command{Name: "metronome", UsageLine: "metronome --spm N [--minutes M] -o click.wav", Short: "write a click track to practise a cadence",
		Setup: func(fs *flag.FlagSet) func(e *env, args []string) int {
			return func(e *env, args []string) int { return badUsage(e, "metronome", "not built yet") }
		}}
}
