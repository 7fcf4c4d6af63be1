package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/cadence-run/cadence/report"
)

func cmdMetronome() *command {
	c := &command{
		Name:      "metronome",
		UsageLine: "metronome --spm N [--minutes M] -o click.wav",
		Short:     "write a click track to practise a cadence",
		Long: `Metronome writes a WAV click track at N beats per minute, one click per step,
with a louder click at the start of every bar of four, so a target cadence can be
practised the same day: play it in short blocks during an easy run and match
your steps to the clicks.`,
	}
	c.Setup = func(fs *flag.FlagSet) func(e *env, args []string) int {
		spm := fs.Float64("spm", 0, "steps (clicks) per minute, 60-240")
		minutes := fs.Float64("minutes", 3, "length of the track in minutes")
		out := fs.String("o", "", "the WAV file to write")
		return func(e *env, args []string) int {
			switch {
			case len(args) > 0:
				return badUsage(e, c.Name, "unexpected arguments %q", args)
			case *out == "":
				return badUsage(e, c.Name, "-o FILE is required")
			case !(*spm >= 60 && *spm <= 240): // also refuses NaN
				return badUsage(e, c.Name, "--spm %g: give a cadence between 60 and 240 steps per minute", *spm)
			case !(*minutes > 0 && *minutes <= 60): // also refuses NaN
				return badUsage(e, c.Name, "--minutes %g: give a length between 0 and 60 minutes", *minutes)
			}
			if err := writeAtomic(*out, func(w io.Writer) error { return report.WriteMetronome(w, *spm, *minutes) }); err != nil {
				fmt.Fprintf(e.stderr, "cadence: %s: %v\n", safe(*out), err)
				return exitFailed
			}
			fmt.Fprintf(e.stderr, "cadence: wrote %s: %g minutes at %g steps/min\n", safe(*out), *minutes, *spm)
			return exitOK
		}
	}
	return c
}
