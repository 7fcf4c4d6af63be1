#!/usr/bin/env bash
# same-output.sh: does this tree print and write exactly what another commit did?
#
#   scripts/same-output.sh              # against origin/main, or HEAD when there is none
#   scripts/same-output.sh REV          # against any commit
#
# It builds cadence at REV (in a temporary git worktree) and from the working tree,
# runs both on the corpus (../shared/corpus, or CORPUS=...) and on testdata/sample:
# analyze as text (one file in detail too), JSON and CSV, trend as text, JSON and CSV,
# and report, each in metric and imperial units, with and without a history. Then it
# compares every byte; PNG files whose bytes differ are compared by their pixels.
# The pages' "Generated" time is left out; the trend's "days
# ago" is the same when both runs see the same day. The report's manifest (its own
# cache, which names the analysis version) is not output.
#
# Exit status 0 when everything is identical, 1 with a diff otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

REV=${1:-}
if [[ -z "$REV" ]]; then
	if git rev-parse -q --verify origin/main >/dev/null; then REV=origin/main; else REV=HEAD; fi
fi
CORPUS=${CORPUS:-../shared/corpus}
WORK=$(mktemp -d /tmp/cadence-same.XXXXXX)
trap 'git worktree remove --force "$WORK/base-src" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

git worktree add -q --detach "$WORK/base-src" "$REV"
(cd "$WORK/base-src" && go build -o "$WORK/base" ./cmd/cadence)
go build -o "$WORK/new" ./cmd/cadence

inputs=(testdata/sample)
if [[ -d "$CORPUS" ]]; then
	inputs+=("$CORPUS/fit" "$CORPUS/gpx" "$CORPUS/tcx" "$CORPUS/bad")
else
	echo "same-output: no corpus at $CORPUS; comparing on testdata/sample only" >&2
fi
one=testdata/sample/fitparse-stryd-run-devfields.fit

# outputs BIN DIR: every output of BIN, under DIR.
outputs() {
	local bin=$1 out=$2 u db
	mkdir -p "$out"
	local XDG_CACHE_HOME=$out/cache
	export XDG_CACHE_HOME
	for u in metric imperial; do
		for db in none shared; do
			local h=(--no-history) tag=$u-$db
			[[ $db == shared ]] && h=(--db "$out/history.db")
			# twice with a history: the first run fills it, the second reads it back
			for pass in 1 2; do
				[[ $db == none && $pass == 2 ]] && continue
				local t=$tag-$pass
				"$bin" analyze "${h[@]}" --units $u "${inputs[@]}" >"$out/analyze-$t.txt" 2>"$out/analyze-$t.err" || true
				"$bin" analyze "${h[@]}" --units $u --format json "${inputs[@]}" >"$out/analyze-$t.json" 2>/dev/null || true
				"$bin" analyze "${h[@]}" --units $u --format csv "${inputs[@]}" >"$out/analyze-$t.csv" 2>/dev/null || true
				"$bin" analyze "${h[@]}" --units $u "$one" >"$out/analyze-one-$t.txt" 2>&1 || true
				"$bin" trend "${h[@]}" --units $u "${inputs[@]}" >"$out/trend-$t.txt" 2>"$out/trend-$t.err" || true
				"$bin" trend "${h[@]}" --units $u --format json "${inputs[@]}" >"$out/trend-$t.json" 2>/dev/null || true
				"$bin" trend "${h[@]}" --units $u --format csv "${inputs[@]}" >"$out/trend-$t.csv" 2>/dev/null || true
				"$bin" report "${h[@]}" --units $u -o "$out/report-$t" "${inputs[@]}" >"$out/report-$t.out" 2>&1 || true
			done
		done
	done
	rm -rf "$out/cache" "$out/history.db"*
	# The report's manifest names the analysis version; it is the report's own cache key.
	find "$out" -name .cadence-report.json -delete
	find "$out" -name .cadence.lock -delete
	# The report's pages say when they were made, to the minute.
	find "$out" -name '*.html' -exec sed -i -E 's/Generated [0-9]+ [A-Za-z]+ [0-9]+, [0-9]+:[0-9]+/Generated (time)/' {} +
	# Where the outputs went is named in what the commands print.
	find "$out" -maxdepth 1 -type f \( -name '*.out' -o -name '*.err' -o -name '*.txt' \) \
		-exec sed -i "s|$out|OUT|g" {} +
}

outputs "$WORK/base" "$WORK/a"
outputs "$WORK/new" "$WORK/b"
files=$(cd "$WORK/a" && find . -type f | wc -l)

# PNG files may differ in their compressed bytes and still be the same picture: those
# are compared by their decoded pixels.
cat >"$WORK/pngsame.go" <<'GO'
package main

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	_ "image/png"
	"os"
	"strings"
)

func load(p string) (image.Image, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	return img, err
}

func main() {
	bad := 0
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		a, b, _ := strings.Cut(in.Text(), "\t")
		x, err1 := load(a)
		y, err2 := load(b)
		same := err1 == nil && err2 == nil && x.Bounds() == y.Bounds()
		for yy := x.Bounds().Min.Y; same && yy < x.Bounds().Max.Y; yy++ {
			for xx := x.Bounds().Min.X; same && xx < x.Bounds().Max.X; xx++ {
				same = color.RGBAModel.Convert(x.At(xx, yy)) == color.RGBAModel.Convert(y.At(xx, yy))
			}
		}
		if !same {
			fmt.Println("pixels differ:", b)
			bad++
		}
	}
	os.Exit(min(bad, 1))
}
GO
pngs=0
: >"$WORK/pngs"
while IFS= read -r f; do
	if ! cmp -s "$WORK/a/$f" "$WORK/b/$f"; then
		printf '%s\t%s\n' "$WORK/a/$f" "$WORK/b/$f" >>"$WORK/pngs"
		pngs=$((pngs + 1))
	fi
done < <(cd "$WORK/a" && find . -name '*.png' -type f)
status=0
if [[ $pngs -gt 0 ]]; then
	if ! (cd "$WORK" && go run pngsame.go <"$WORK/pngs"); then
		status=1
	fi
	# Same pixels: take the new bytes, so that diff looks at everything else.
	cut -f1,2 "$WORK/pngs" | while IFS=$'\t' read -r a b; do cp "$b" "$a"; done
fi
if diff -r "$WORK/a" "$WORK/b" >"$WORK/diff" 2>&1 && [[ $status == 0 ]]; then
	echo "same-output: identical ($files files, against $(git rev-parse --short "$REV"); $pngs PNG files with other bytes but the same pixels)"
else
	echo "same-output: DIFFERENT from $(git rev-parse --short "$REV") ($files files):"
	head -c 20000 "$WORK/diff"
	exit 1
fi
