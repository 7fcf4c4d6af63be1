// Package synth writes a deterministic archive of synthetic activity files, for tests and
// benchmarks: one runner's runs and rides with known dates, distances and cadence.
//
// Everything is a pure function of its arguments: the same Spec gives byte-identical
// FIT, GPX and TCX files, and the same seed gives the same Plan and archive (on one CPU
// architecture: another may round the track's floating point differently). A Plan for
// n+1 activities begins with the Plan for n, so an archive can be grown by one file.
package synth
