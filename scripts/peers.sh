#!/usr/bin/env bash
# peers.sh [PEERS [DEST]]: a writable copy of Garmin's FIT SDK scripts with their
# packages installed, for the tests that read cadence's files back with the SDK and
# for the benchmarks that time it. PEERS defaults to ../shared/tools/peers and DEST
# to ${TMPDIR:-/tmp}/cadence-peers; the copy is reused while its package-lock.json
# is unchanged. Prints DEST on success; prints nothing and exits 1 when there is no
# PEERS, no npm, or the install failed (the SDK checks then skip and say why).
set -uo pipefail
cd "$(dirname "$0")/.."
PEERS=${1:-../shared/tools/peers}
DEST=${2:-${TMPDIR:-/tmp}/cadence-peers}
if [[ ! -d $PEERS ]] || ! command -v npm >/dev/null 2>&1; then
	echo "peers: no $PEERS or no npm: the FIT SDK checks will skip" >&2
	exit 1
fi
if ! cmp -s "$PEERS/package-lock.json" "$DEST/package-lock.json" || [[ ! -d $DEST/node_modules/@garmin/fitsdk ]]; then
	echo "peers: installing Garmin's FIT SDK in $DEST ..." >&2
	if ! (rm -rf "$DEST" && cp -r "$PEERS" "$DEST" && chmod -R u+w "$DEST" && cd "$DEST" && npm ci --silent --no-audit --no-fund); then
		echo "peers: could not install the FIT SDK; its checks will skip" >&2
		exit 1
	fi
fi
echo "$DEST"
