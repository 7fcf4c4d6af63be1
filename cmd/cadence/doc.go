// Command cadence reads running watches' exports (FIT, GPX, TCX, and the gzip and
// zip bulk exports of Strava and Garmin), reports cadence in steps per minute with
// pace, and flags likely overstriding with personal, evidence-based advice.
//
// Usage:
//
//	cadence analyze [flags] PATH...
//	cadence report [flags] -o DIR PATH...
//	cadence trend [flags] PATH...
//	cadence watch [flags] -o DIR FOLDER...
//	cadence metronome --spm N [--minutes M] -o click.wav
//	cadence workout -o FILE.fit (--spm N | PATH...)
//	cadence help [command]
//	cadence version
//
// The command holds the flags, the help, the exit statuses, the progress bar and
// watch's event loop. Reading the inputs is package ingest's; the running rules are
// package coach's; every table, page and picture is package report's.
package main
