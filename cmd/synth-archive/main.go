package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/cadence-run/cadence/internal/synth"
)

func main() {
	n := flag.Int("n", 2000, "the number of activities")
	seed := flag.Int64("seed", 1, "the seed of the plan: the same seed gives the same files")
	out := flag.String("o", "", "the folder to write the archive into (created if missing)")
	manifest := flag.String("manifest", "", "also write a tab-separated list of the files, oldest activity first, to this file")
	athletes := flag.Int("athletes", 0, "write a coach's folder instead: this many athletes (athlete-01 ...), each with -n activities ending today")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: synth-archive [-n N] [-seed S] [-athletes K] [-manifest FILE] -o DIR\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *n, *seed, *athletes, *manifest); err != nil {
		fmt.Fprintf(os.Stderr, "synth-archive: %v\n", err)
		os.Exit(1)
	}
}

func run(dir string, n int, seed int64, athletes int, manifest string) error {
	t0 := time.Now()
	var ws []synth.Written
	var err error
	if athletes > 0 {
		names := make([]string, athletes)
		for i := range names {
			names[i] = fmt.Sprintf("athlete-%02d", i+1)
		}
		// About 5.1 activities a week: the last ones fall in the last few days.
		start := time.Now().UTC().AddDate(0, 0, -n*7/5)
		ws = synth.Roster(names, n, start, seed)
		err = synth.WriteAll(dir, ws)
	} else {
		ws, err = synth.WriteArchive(dir, n, seed)
	}
	if err != nil {
		return err
	}
	if manifest != "" {
		var b strings.Builder
		b.WriteString("path\tformat\tsport\tstart\tdistance_m\tcadence_spm\tspeed_ms\tbytes\n")
		for _, w := range ws {
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%g\t%g\t%g\t%d\n", w.Path, w.Format, w.Sport,
				w.Start.Format(time.RFC3339), w.DistanceM, w.CadenceSPM, w.SpeedMS, w.Size)
		}
		if err := os.WriteFile(manifest, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	fmt.Println(summary(dir, ws, time.Since(t0)))
	return nil
}

// summary describes the archive in one line.
func summary(dir string, ws []synth.Written, took time.Duration) string {
	formats, sports := map[string]int{}, map[string]int{}
	var size int64
	for _, w := range ws {
		formats[w.Format]++
		sports[w.Sport]++
		size += w.Size
	}
	return fmt.Sprintf("wrote %d activities (%s; %s), %.1f MB, %s to %s, to %s in %.1fs",
		len(ws), counts(formats, []string{synth.FormatFIT, synth.FormatFITGz, synth.FormatGPX, synth.FormatTCX}),
		counts(sports, []string{synth.Running, synth.Cycling, synth.Walking}), float64(size)/1e6,
		ws[0].Start.Format("2006-01-02"), ws[len(ws)-1].Start.Format("2006-01-02"), dir, took.Seconds())
}

// counts lists the counts of m, in the order of keys first.
func counts(m map[string]int, keys []string) string {
	var parts []string
	done := map[string]bool{}
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
		done[k] = true
	}
	var rest []string
	for k := range m {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
