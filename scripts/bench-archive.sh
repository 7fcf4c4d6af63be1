#!/usr/bin/env bash
# bench-archive.sh: how long `cadence analyze` and `cadence report` take over a large
# synthetic archive, cold (empty history cache) and rerun, and how much memory they use.
#
#   scripts/bench-archive.sh            # 2,000 activities
#   N=200 scripts/bench-archive.sh      # a quick check
#   ATHLETES=50 N=530 scripts/bench-archive.sh
#                                       # a coach's roster: 50 athletes, 2 years each
#
# Environment: N (activities, default 2000; per athlete with ATHLETES), SEED (default 1),
# ATHLETES (write a coach's folder of that many athletes and run every command with
# --athletes), BENCH (the work folder, default /tmp/cadence-bench), KEEP=1 to keep the
# archive and outputs afterwards.
#
# The history database lives under os.UserCacheDir()/cadence/, so XDG_CACHE_HOME is
# pointed at $BENCH/cache and emptied first; cadence gets no other option than
# --format json (analyze) or -o (report). The archive holds N activities; the newest of
# N+1 is held back and added before the "one new file" run. The report runs start from an
# empty cache and output folder again, so "report cold" does not profit from analyze's.
set -euo pipefail

N=${N:-2000}
SEED=${SEED:-1}
ATHLETES=${ATHLETES:-0}
FLAGS=()
GEN=()
if [[ "$ATHLETES" -gt 0 ]]; then
	FLAGS=(--athletes)
	GEN=(-athletes "$ATHLETES")
fi
BENCH=${BENCH:-/tmp/cadence-bench}
cd "$(dirname "$0")/.."

mkdir -p "$BENCH"
echo "building cadence and synth-archive ..." >&2
go build -o "$BENCH/cadence" ./cmd/cadence
go build -o "$BENCH/synth-archive" ./cmd/synth-archive

WORK=$(mktemp -d "$BENCH/run.XXXXXX")
if [[ "${KEEP:-}" != 1 ]]; then
	trap 'rm -rf "$WORK"' EXIT
fi
ARCH=$WORK/archive
export XDG_CACHE_HOME=$BENCH/cache
rm -rf "$XDG_CACHE_HOME"
mkdir -p "$XDG_CACHE_HOME"

echo "writing $N activities (seed $SEED) to $ARCH ..." >&2
summary=$("$BENCH/synth-archive" "${GEN[@]}" -n $((N + 1)) -seed "$SEED" -o "$ARCH" -manifest "$WORK/manifest.tsv")
newest=$(tail -n 1 "$WORK/manifest.tsv" | cut -f1)
mkdir -p "$WORK/held"
mv "$ARCH/$newest" "$WORK/held/"

# How to measure peak RSS: GNU time if there is one, else poll /proc while it runs.
RSS_TOOL=proc
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	RSS_TOOL=/usr/bin/time
elif command time -f %M -o /dev/null true 2>/dev/null; then
	RSS_TOOL=command-time
fi

# measure NAME STDOUT CMD...: runs CMD with stdout to STDOUT and stderr to STDOUT.err,
# and sets SECS, RSS_MB and RC (also recorded under NAME for the table).
declare -A T_SECS T_RSS T_RC
measure() {
	local name=$1 out=$2
	shift 2
	local t0 t1 kb=""
	t0=$(date +%s%N)
	set +e
	case $RSS_TOOL in
	/usr/bin/time)
		/usr/bin/time -f %M -o "$WORK/rss" "$@" >"$out" 2>"$out.err"
		RC=$?
		kb=$(tail -n 1 "$WORK/rss")
		;;
	command-time)
		command time -f %M -o "$WORK/rss" "$@" >"$out" 2>"$out.err"
		RC=$?
		kb=$(tail -n 1 "$WORK/rss")
		;;
	proc)
		"$@" >"$out" 2>"$out.err" &
		local pid=$! v
		kb=0
		while kill -0 "$pid" 2>/dev/null; do
			v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
			[[ -n "$v" && "$v" -gt "$kb" ]] && kb=$v
			sleep 0.02
		done
		wait "$pid"
		RC=$?
		;;
	esac
	set -e
	t1=$(date +%s%N)
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
	RSS_MB=$(awk -v k="$kb" 'BEGIN {if (k ~ /^[0-9]+$/) printf "%.1f", k / 1024; else print "?"}')
	T_SECS[$name]=$SECS
	T_RSS[$name]=$RSS_MB
	T_RC[$name]=$RC
	echo "  $name: ${SECS}s, ${RSS_MB} MB peak RSS, exit $RC" >&2
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else print "?"}'; }

C="$BENCH/cadence"
echo "measuring ..." >&2
measure "analyze cold" "$WORK/analyze-cold.jsonl" "$C" analyze "${FLAGS[@]}" --format json "$ARCH"
measure "analyze rerun" "$WORK/analyze-rerun.jsonl" "$C" analyze "${FLAGS[@]}" --format json "$ARCH"
measure "trend rerun" "$WORK/trend.txt" "$C" trend "${FLAGS[@]}" "$ARCH"
mv "$WORK/held/$(basename "$newest")" "$ARCH/$newest"
measure "analyze one new" "$WORK/analyze-new.jsonl" "$C" analyze "${FLAGS[@]}" --format json "$ARCH"
cache_analyze=$(du -sk "$XDG_CACHE_HOME" | cut -f1)

rm -rf "$XDG_CACHE_HOME" "$WORK/report"
mkdir -p "$XDG_CACHE_HOME"
measure "report cold" "$WORK/report-cold.out" "$C" report "${FLAGS[@]}" -o "$WORK/report" "$ARCH"
measure "report rerun" "$WORK/report-rerun.out" "$C" report "${FLAGS[@]}" -o "$WORK/report" "$ARCH"

if cmp -s "$WORK/analyze-cold.jsonl" "$WORK/analyze-rerun.jsonl"; then
	same="identical"
else
	same="DIFFERENT ($(diff "$WORK/analyze-cold.jsonl" "$WORK/analyze-rerun.jsonl" | grep -c '^[<>]') lines differ)"
fi
lines() { wc -l <"$1" | tr -d ' '; }
index_kb=$(awk -v b="$(stat -c %s "$WORK/report/index.html" 2>/dev/null || echo 0)" 'BEGIN {printf "%.1f", b / 1024}')
report_mb=$(du -sk "$WORK/report" | awk '{printf "%.1f", $1 / 1024}')
report_files=$(find "$WORK/report" -type f | wc -l | tr -d ' ')

echo
if [[ "$ATHLETES" -gt 0 ]]; then
	echo "cadence over a synthetic coach's folder: $ATHLETES athletes of $N activities (the last gets +1 new), --athletes, seed $SEED, $(nproc) CPUs, peak RSS by $RSS_TOOL"
else
	echo "cadence over a synthetic archive: $N activities (+1 new), seed $SEED, $(nproc) CPUs, peak RSS by $RSS_TOOL"
fi
echo "archive: $summary"
printf '%-34s %10s %14s %6s\n' "step" "seconds" "peak RSS MB" "exit"
for s in "analyze cold" "analyze rerun" "trend rerun" "analyze one new" "report cold" "report rerun"; do
	label=$s
	case $s in
	"analyze rerun" | "report rerun" | "trend rerun") label="$s (unchanged)" ;;
	"analyze one new") label="analyze after adding one file" ;;
	"report cold") label="report cold (empty cache and dir)" ;;
	esac
	printf '%-34s %10s %14s %6s\n' "$label" "${T_SECS[$s]}" "${T_RSS[$s]}" "${T_RC[$s]}"
done
echo "ratio analyze cold / rerun:         $(ratio "${T_SECS[analyze cold]}" "${T_SECS[analyze rerun]}")"
echo "ratio analyze one new / rerun:      $(ratio "${T_SECS[analyze one new]}" "${T_SECS[analyze rerun]}")"
echo "ratio report cold / rerun:          $(ratio "${T_SECS[report cold]}" "${T_SECS[report rerun]}")"
echo "analyze JSON, cold vs rerun:        $same ($(lines "$WORK/analyze-cold.jsonl") lines; after adding one: $(lines "$WORK/analyze-new.jsonl"))"
echo "report: index.html ${index_kb} KB, folder ${report_mb} MB in ${report_files} files"
echo "history cache after analyze:        $(awk -v k="$cache_analyze" 'BEGIN {printf "%.1f", k / 1024}') MB under $XDG_CACHE_HOME"
if [[ "${KEEP:-}" == 1 ]]; then
	echo "kept: $WORK"
fi
