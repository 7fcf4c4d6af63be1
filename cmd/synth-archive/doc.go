// Command synth-archive writes a deterministic archive of synthetic activity files (one
// runner's runs, rides and walks as FIT, gzipped FIT, GPX and TCX) for tests and
// benchmarks, and prints a one-line summary.
//
// Usage:
//
//	synth-archive [-n 2000] [-seed 1] [-manifest FILE] -o DIR
//
// The same -n and -seed give byte-identical files, and the archive for -n N+1 is the
// archive for -n N plus its newest activity, which is the manifest's last line.
package main
