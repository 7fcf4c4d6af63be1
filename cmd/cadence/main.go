// Command cadence reads running watches' exports (FIT, GPX, TCX, and the gzip and
// zip bulk exports of Strava and Garmin), reports cadence in steps per minute with
// pace, and flags likely overstriding with personal, evidence-based advice.
//
// Usage:
//
//	cadence analyze [flags] PATH...
//	cadence report [flags] -o DIR PATH...
//	cadence metronome --spm N [--minutes M] -o click.wav
//	cadence help [command]
//	cadence version
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
