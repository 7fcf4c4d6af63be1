package main

import (
	"cmp"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchCorpus is the corpus: $CADENCE_BENCH_CORPUS (as `make bench` sets it from
// CORPUS), else the folder beside the repository (../shared/corpus from its root).
var benchCorpus = cmp.Or(os.Getenv("CADENCE_BENCH_CORPUS"), "../../../shared/corpus")

// corpusFiles returns the corpus folders named by dirs, with the files in them and
// their total size; it skips the benchmark when the corpus is missing.
func corpusFiles(b *testing.B, dirs ...string) (paths, files []string, total int64) {
	for _, d := range dirs {
		p := filepath.Join(benchCorpus, d)
		ents, _ := os.ReadDir(p)
		for _, e := range ents {
			if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
				files = append(files, filepath.Join(p, e.Name()))
				total += info.Size()
			}
		}
		paths = append(paths, p)
	}
	if len(files) == 0 {
		b.Skipf("no corpus at %s", benchCorpus)
	}
	return paths, files, total
}

// cpuRate reports bytes per CPU second of the whole process (garbage collection and
// every worker included) as MB/cpu-s, from the CPU time used since cpu0: on a shared
// machine it moves less than MB/s, which is per wall-clock second.
func cpuRate(b *testing.B, bytes int64, cpu0 float64) {
	if cpu := processCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/cpu/1e6, "MB/cpu-s")
	}
}

// benchAnalyze measures `cadence analyze --no-history --format json` end to end (read,
// decode, analyse, write), cold: nothing comes from the history cache.
func benchAnalyze(b *testing.B, dirs ...string) {
	paths, _, total := corpusFiles(b, dirs...)
	args := append([]string{"analyze", "--no-history", "--format", "json"}, paths...)
	b.SetBytes(total)
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		// Some corpus files are unreadable on purpose (status 1: some files failed);
		// only a usage error or worse is a failure here.
		if code := run(args, nil, io.Discard, io.Discard); code > 1 {
			b.Fatalf("status %d", code)
		}
	}
	cpuRate(b, total, cpu)
}

// BenchmarkAnalyzeCorpusFIT measures `cadence analyze` over the corpus's fit/ folder, in
// MB/s of input.
func BenchmarkAnalyzeCorpusFIT(b *testing.B) { benchAnalyze(b, "fit") }

// BenchmarkAnalyzeCorpusXML measures `cadence analyze` over the corpus's gpx/ and tcx/
// folders.
func BenchmarkAnalyzeCorpusXML(b *testing.B) { benchAnalyze(b, "gpx", "tcx") }

// benchRead reads every file of dirs and does nothing with it: the physical limit of
// benchAnalyze on the same files (from the page cache once warm).
func benchRead(b *testing.B, dirs ...string) {
	_, files, total := corpusFiles(b, dirs...)
	b.SetBytes(total)
	cpu := processCPU()
	for b.Loop() {
		for _, f := range files {
			if _, err := os.ReadFile(f); err != nil {
				b.Fatal(err)
			}
		}
	}
	cpuRate(b, total, cpu)
}

func BenchmarkReadCorpusFIT(b *testing.B) { benchRead(b, "fit") }
func BenchmarkReadCorpusXML(b *testing.B) { benchRead(b, "gpx", "tcx") }

// synthArchive returns the small synthetic archive of BenchmarkReportSynth and
// BenchmarkAnalyzeSynth: CADENCE_BENCH_ARCHIVE, or one written by
// `go run ./cmd/synth-archive -n 50 -seed 1`.
func synthArchive(b *testing.B) string {
	arch := os.Getenv("CADENCE_BENCH_ARCHIVE")
	if arch == "" {
		arch = filepath.Join(b.TempDir(), "archive")
		cmd := exec.Command("go", "run", "../synth-archive", "-n", "50", "-seed", "1", "-o", arch)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Skipf("synth-archive: %v\n%s", err, out)
		}
	}
	return arch
}

// BenchmarkAnalyzeSynth measures `cadence analyze --no-history --format json` over the
// archive BenchmarkReportSynth reports on, for the ratio of the two: cpu-ms is the CPU
// time of one command, all workers and garbage collection included, and sys-ms the
// part of it spent in the kernel.
func BenchmarkAnalyzeSynth(b *testing.B) {
	arch := synthArchive(b)
	cpu, sys := processCPU(), processSysCPU()
	for b.Loop() {
		if code := run([]string{"analyze", "--no-history", "--format", "json", arch}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("status %d", code)
		}
	}
	b.ReportMetric((processCPU()-cpu)*1000/float64(b.N), "cpu-ms")
	b.ReportMetric((processSysCPU()-sys)*1000/float64(b.N), "sys-ms")
}

// BenchmarkReportSynth measures `cadence report --no-history` over a small synthetic
// archive (synthArchive). Each run writes a fresh folder, so that nothing is skipped as
// unchanged. It reports the cost of one report (ms/report, cpu-ms/report), of the whole
// command (cpu-ms, and sys-ms of it in the kernel), the files it writes, the report
// folder's bytes per report (out-B/report) and the archive's bytes per activity
// (in-B/activity).
func BenchmarkReportSynth(b *testing.B) {
	arch := synthArchive(b)
	inBytes, activities := dirSize(b, arch, func(string) bool { return true })
	outs := b.TempDir()
	var outBytes, files, reports int64
	i := 0
	cpu, sys := 0.0, 0.0
	for b.Loop() {
		out := filepath.Join(outs, strconv.Itoa(i))
		i++
		start, startSys := processCPU(), processSysCPU()
		if code := run([]string{"report", "--no-history", "-o", out, arch}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("status %d", code)
		}
		cpu += processCPU() - start
		sys += processSysCPU() - startSys
		b.StopTimer()
		outBytes, files = dirSize(b, out, nil)
		_, reports = dirSize(b, out, func(p string) bool { return strings.HasSuffix(p, ".md") })
		os.RemoveAll(out)
		b.StartTimer()
	}
	if reports == 0 {
		b.Fatal("no reports written")
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(reports), "ms/report")
	b.ReportMetric(cpu*1000/float64(b.N)/float64(reports), "cpu-ms/report")
	b.ReportMetric(cpu*1000/float64(b.N), "cpu-ms")
	b.ReportMetric(sys*1000/float64(b.N), "sys-ms")
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(outBytes)/float64(reports), "out-B/report")
	b.ReportMetric(float64(inBytes)/float64(activities), "in-B/activity")
	b.ReportMetric(float64(reports), "reports")
}

// dirSize returns the total size of the regular files under dir, and how many of them
// count accepts (all of them when count is nil).
func dirSize(b *testing.B, dir string, count func(string) bool) (size, n int64) {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		size += info.Size()
		if count == nil || count(p) {
			n++
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return size, n
}

// BenchmarkCreateFile measures what the kernel charges for creating a file of 50 KB
// and renaming it into place, as writeAtomic does for every file of a report: on the
// development machine's disk it is a large and changing part of a report's CPU.
func BenchmarkCreateFile(b *testing.B) {
	dir := b.TempDir()
	data := make([]byte, 50<<10)
	i := 0
	cpu, sys := processCPU(), processSysCPU()
	for b.Loop() {
		p := filepath.Join(dir, strconv.Itoa(i))
		i++
		if err := writeAtomic(p, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((processCPU()-cpu)*1e6/float64(b.N), "cpu-us/file")
	b.ReportMetric((processSysCPU()-sys)*1e6/float64(b.N), "sys-us/file")
}

// BenchmarkAnalyzeRerun measures an unchanged rerun of `cadence analyze --format json`
// over the synthetic archive (synthArchive): every file is known to the history, so
// the run is the history's read and the output. cpu-ms is the CPU time of one command;
// cold-cpu-ms that of the first, cold run that filled the history, and cold/rerun their
// ratio (the issue asks for at least 50).
func BenchmarkAnalyzeRerun(b *testing.B) {
	arch := synthArchive(b)
	args := []string{"analyze", "--db", filepath.Join(b.TempDir(), "history.db"), "--format", "json", arch}
	cold := processCPU()
	if code := run(args, nil, io.Discard, io.Discard); code != 0 {
		b.Fatalf("cold run: status %d", code)
	}
	cold = processCPU() - cold
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		if code := run(args, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("status %d", code)
		}
	}
	rerun := (processCPU() - cpu) / float64(b.N)
	b.ReportMetric(rerun*1000, "cpu-ms")
	b.ReportMetric(cold*1000, "cold-cpu-ms")
	b.ReportMetric(cold/rerun, "cold/rerun")
}
