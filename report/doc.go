// Package report words and draws what the other packages computed: the table, JSON
// Lines and CSV of `cadence analyze`; the verdict's reason in the chosen units; the
// trend's text; and the dashboards, thumbnails, trend picture, advice pages, index
// pages and click tracks of `cadence report`.
//
// It computes no running rule of its own: targets, progress, spikes and the evidence
// come from package coach, the numbers from package analysis. It is the only package
// that imports gonum/plot, which lays out the pictures; their pixels are drawn and
// encoded by report/internal/vgpng.
package report
