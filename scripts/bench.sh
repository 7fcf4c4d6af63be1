#!/usr/bin/env bash
# bench.sh: cold throughput of cadence beside Garmin's FIT SDK, in one table.
#
#   scripts/bench.sh              # what `make bench` runs: 3 rounds
#   ROUNDS=5 scripts/bench.sh     # more rounds for a steadier median
#
# Each round runs, one after the other (interleaved, so that a busy machine disturbs
# them alike): the FIT reader alone (fitparse BenchmarkParseFIT), Garmin's FIT SDK
# (JavaScript, decode only, the same files in memory), `cadence analyze --no-history`
# over the corpus's fit/ and over its gpx/ + tcx/, a plain read of the same files (read
# and nothing else: the physical limit), and `cadence analyze --no-history` and
# `cadence report --no-history` over a synthetic archive of 50 activities (their CPU
# ratio is what a report costs beyond its analysis), and the PNG encoders side by side
# on the dashboards of the corpus (report/internal/vgpng BenchmarkEncode: image/png at
# BestSpeed, and klauspost/compress's zlib at level 1, what the report uses, and at
# level 6; time and size per picture), and the heap a batch holds and allocates per
# file over a folder of 5,000 tiny GPX runs (ingest BenchmarkTinyRunsBytesPerFile:
# what grows with the number of files). The table gives the median over the
# rounds, with the range; ratios are taken within each round. MB/cpu-s is bytes per CPU
# second of the whole process (all workers and garbage collection), steadier than MB/s
# when the machine is shared; the SDK's figure is wall time, one thread. The kernel's
# part of the report's CPU is shown apart, with the cost of creating one file: a
# report writes about four files a run, and on some disks (the development machine's)
# creating a file costs the process 0.1-1.5 ms of kernel time, which changes by the
# hour; the user-CPU ratio leaves it out.
#
# Environment: GO (default go), CORPUS (the corpus folder, with fit/, gpx/ and tcx/;
# default ../shared/corpus beside the checkout: from a checkout elsewhere pass it,
# `make bench CORPUS=/path/to/corpus`; it reaches the Go benchmarks as
# CADENCE_BENCH_CORPUS), PEERS (default
# ../shared/tools/peers), PEERS_TMP (a writable copy of PEERS, default
# /tmp/cadence-peers; `npm ci` runs there when its node_modules is missing or stale),
# ROUNDS (default 3), BENCH (work folder, default a temporary one).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
CORPUS=${CORPUS:-../shared/corpus}
PEERS=${PEERS:-../shared/tools/peers}
PEERS_TMP=${PEERS_TMP:-/tmp/cadence-peers}
ROUNDS=${ROUNDS:-3}

if [[ ! -d $CORPUS/fit ]]; then
	cat >&2 <<-EOM
	bench: no corpus at $CORPUS (from $(pwd); it needs the folders fit/, gpx/ and tcx/
	of real activity files). Pass its path: make bench CORPUS=/path/to/corpus (or
	CORPUS=/path/to/corpus scripts/bench.sh). By default it is ../shared/corpus beside
	this checkout.
	EOM
	exit 1
fi
# The Go benchmarks run in their packages' folders: they get the corpus as an
# absolute path.
CORPUS=$(cd "$CORPUS" && pwd)
export CADENCE_BENCH_CORPUS=$CORPUS
W=${BENCH:-$(mktemp -d "${TMPDIR:-/tmp}/cadence-bench.XXXXXX")}
mkdir -p "$W"
if [[ -z "${BENCH:-}" ]]; then trap 'rm -rf "$W"' EXIT; fi

echo "building the benchmarks and a 50-activity archive in $W ..." >&2
$GO test -c -o "$W/fitparse.test" ./fitparse
$GO test -c -o "$W/cadence.test" ./cmd/cadence
$GO test -c -o "$W/vgpng.test" ./report/internal/vgpng
$GO test -c -o "$W/ingest.test" ./ingest
rm -rf "$W/archive"
$GO run ./cmd/synth-archive -n 50 -seed 1 -o "$W/archive" >&2
export CADENCE_BENCH_ARCHIVE=$W/archive

# The SDK: a writable copy of the peers with its packages installed, reused while
# package-lock.json is unchanged.
SDK=""
if command -v node >/dev/null && bash scripts/peers.sh "$PEERS" "$PEERS_TMP" >/dev/null; then
	SDK=$PEERS_TMP/fitsdk-cadence.mjs
else
	echo "no $PEERS or no node: the table leaves out Garmin's FIT SDK" >&2
fi

# gobench DIR BINARY PATTERN BENCHTIME: one run of the benchmarks, their output lines;
# a benchmark that skipped or failed says why on stderr, so that an n/a in the table
# has its reason above it.
gobench() {
	(cd "$1" && "$2" -test.run '^$' -test.bench "$3" -test.benchtime "$4" -test.count 1) |
		awk '/^Benchmark/ { print; next } /^--- (SKIP|FAIL)|^ +[A-Za-z0-9_]+\.go:[0-9]+:|^FAIL|^panic/ { print "bench: " $0 > "/dev/stderr" }' || true
}

RES=$W/results.tsv # round, key, value
: >"$RES"
# record ROUND: turns benchmark lines on stdin into "round key value" lines, one per
# metric: key is the benchmark name (without -GOMAXPROCS) and the unit.
record() {
	awk -v r="$1" '{ sub(/-[0-9]+$/, "", $1); for (i = 3; i < NF; i += 2) print r "\t" $1 " " $(i+1) "\t" $i }' >>"$RES"
}

FITFILES=("$CORPUS"/fit/*.fit)
for r in $(seq 1 "$ROUNDS"); do
	echo "round $r of $ROUNDS ..." >&2
	gobench fitparse "$W/fitparse.test" '^BenchmarkParseFIT$' 10x | record "$r"
	if [[ -n $SDK ]]; then
		node "$SDK" --bench 2 "${FITFILES[@]}" 2>&1 >/dev/null | tail -1 |
			sed -n 's/.*"bench_mb_per_s":\([0-9.]*\).*/\1/p' |
			awk -v r="$r" '{ print r "\tSDK MB/s\t" $1 }' >>"$RES"
	fi
	gobench cmd/cadence "$W/cadence.test" '^Benchmark(AnalyzeCorpus|ReadCorpus)' 5x | record "$r"
	gobench cmd/cadence "$W/cadence.test" '^BenchmarkAnalyzeSynth$' 4x | record "$r"
	gobench cmd/cadence "$W/cadence.test" '^BenchmarkReportSynth$' 2x | record "$r"
	gobench cmd/cadence "$W/cadence.test" '^BenchmarkCreateFile$' 200x | record "$r"
	gobench report/internal/vgpng "$W/vgpng.test" '^BenchmarkEncode$' 3x | record "$r"
	gobench ingest "$W/ingest.test" '^BenchmarkTinyRunsBytesPerFile$' 1x | record "$r"
done

# The table: the median of each value over the rounds, and its range.
awk -F'\t' -v rounds="$ROUNDS" '
function med(key,   n, i, j, t, a) {
	n = 0
	for (i = 1; i <= rounds; i++) if ((i, key) in v) a[++n] = v[i, key]
	if (n == 0) return ""
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	lo[key] = a[1]; hi[key] = a[n]
	return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
# enc: the row of one PNG encoder: time, mean and largest size of a corpus dashboard
function enc(label, name,   k, t, m, x) {
	k = "BenchmarkEncode/" name
	t = med(k " ms/picture"); m = med(k " KB/picture"); x = med(k " max-KB")
	if (t == "") { printf "%-44s %12s\n", label, "n/a"; return }
	printf "%-44s %12s %-12s %5.1f KB mean, %5.1f KB largest (%s to %s ms)\n", label, sprintf("%.2f", t), "ms/picture", m, x, sprintf("%.2f", lo[k " ms/picture"]), sprintf("%.2f", hi[k " ms/picture"])
}
function row(label, key, unit, fmt,   m) {
	m = med(key)
	if (m == "") { printf "%-44s %12s\n", label, "n/a"; return }
	printf "%-44s %12s %-12s (%s to %s)\n", label, sprintf(fmt, m), unit, sprintf(fmt, lo[key]), sprintf(fmt, hi[key])
}
# ratio: per round, a over the SDK, then the median
function ratio(label, key,   i, k) {
	k = "ratio " key
	for (i = 1; i <= rounds; i++) if ((i, key) in v && (i, "SDK MB/s") in v && v[i, "SDK MB/s"] > 0) v[i, k] = v[i, key] / v[i, "SDK MB/s"]
	row(label, k, "x SDK", "%.1f")
}
{ v[$1, $2] = $3 }
END {
	print ""
	printf "%-44s %12s %-12s %s\n", "", "median", "unit", "(range over " rounds " rounds)"
	row("analyze, FIT (corpus fit/)", "BenchmarkAnalyzeCorpusFIT MB/s", "MB/s", "%.1f")
	row("  same, per CPU second", "BenchmarkAnalyzeCorpusFIT MB/cpu-s", "MB/cpu-s", "%.1f")
	row("analyze, GPX/TCX (corpus gpx/ + tcx/)", "BenchmarkAnalyzeCorpusXML MB/s", "MB/s", "%.1f")
	row("  same, per CPU second", "BenchmarkAnalyzeCorpusXML MB/cpu-s", "MB/cpu-s", "%.1f")
	row("plain read, fit/ (read + nothing)", "BenchmarkReadCorpusFIT MB/s", "MB/s", "%.0f")
	row("plain read, gpx/ + tcx/", "BenchmarkReadCorpusXML MB/s", "MB/s", "%.0f")
	row("FIT reader alone (fitparse), fit/", "BenchmarkParseFIT MB/s", "MB/s", "%.1f")
	row("  same, per CPU second", "BenchmarkParseFIT MB/cpu-s", "MB/cpu-s", "%.1f")
	row("  allocations per file", "BenchmarkParseFIT allocs/file", "allocs", "%.0f")
	row("Garmin FIT SDK (JS), decode only, fit/", "SDK MB/s", "MB/s", "%.2f")
	ratio("analyze FIT / SDK (same round)", "BenchmarkAnalyzeCorpusFIT MB/s")
	ratio("FIT reader alone / SDK (same round)", "BenchmarkParseFIT MB/s")
	row("report --no-history, per report (wall)", "BenchmarkReportSynth ms/report", "ms", "%.1f")
	row("  same, CPU", "BenchmarkReportSynth cpu-ms/report", "cpu-ms", "%.1f")
	row("  report folder bytes per report", "BenchmarkReportSynth out-B/report", "bytes", "%.0f")
	row("  archive bytes per activity (input)", "BenchmarkReportSynth in-B/activity", "bytes", "%.0f")
	row("  reports written (50 activities)", "BenchmarkReportSynth reports", "", "%.0f")
	row("analyze --no-history, same archive, CPU", "BenchmarkAnalyzeSynth cpu-ms", "cpu-ms", "%.0f")
	row("  of it in the kernel", "BenchmarkAnalyzeSynth sys-ms", "cpu-ms", "%.0f")
	row("report --no-history, same archive, CPU", "BenchmarkReportSynth cpu-ms", "cpu-ms", "%.0f")
	row("  of it in the kernel", "BenchmarkReportSynth sys-ms", "cpu-ms", "%.0f")
	row("  files it writes", "BenchmarkReportSynth files", "files", "%.0f")
	row("creating a 50 KB file (writeAtomic), CPU", "BenchmarkCreateFile cpu-us/file", "cpu-us", "%.0f")
	row("heap a batch holds per tiny GPX file", "BenchmarkTinyRunsBytesPerFile heap-B/file", "bytes", "%.0f")
	row("  heap allocated per tiny GPX file", "BenchmarkTinyRunsBytesPerFile alloc-B/file", "bytes", "%.0f")
	for (i = 1; i <= rounds; i++) if ((i, "BenchmarkAnalyzeSynth cpu-ms") in v && v[i, "BenchmarkAnalyzeSynth cpu-ms"] > 0) {
		a = v[i, "BenchmarkAnalyzeSynth cpu-ms"]; b = v[i, "BenchmarkReportSynth cpu-ms"]
		v[i, "report/analyze"] = b / a
		as = v[i, "BenchmarkAnalyzeSynth sys-ms"]; bs = v[i, "BenchmarkReportSynth sys-ms"]
		if (a > as) v[i, "report/analyze user"] = (b - bs) / (a - as)
	}
	row("  report / analyze (same round)", "report/analyze", "x", "%.1f")
	row("  same, user CPU only (no kernel)", "report/analyze user", "x", "%.1f")
	row("PNG encoders, corpus dashboards drawn", "BenchmarkEncode/klauspost-zlib1 pictures", "pictures", "%.0f")
	enc("  image/png, BestSpeed", "image-png")
	enc("  klauspost/compress zlib, level 1 (report)", "klauspost-zlib1")
	enc("  klauspost/compress zlib, level 6", "klauspost-zlib6")
}' "$RES"
