#!/bin/bash
# Chat delivery between two daemons in network namespaces: a message, then its edit, a
# reaction, a reply and its delete (issue 5 goal for a message: p50 <= 2 ms, p99 <= 10 ms;
# issue 16: the others as fast, p99 <= 10 ms).
# Uses the release build unless HUDDLE_BIN says otherwise; needs root.
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/release/huddle}"
COUNT="${1:-1000}"
if [ "$(id -u)" != 0 ]; then echo '{"case": "chat delivery", "skipped": "needs root (network namespaces)"}'; exit 0; fi
[ -x "$BIN" ] || { echo "missing $BIN: swift build -c release" >&2; exit 1; }
. "$ROOT/Tests/e2e/netns.sh"
TAG="hl$$"
WORK="$(mktemp -d /tmp/huddle-bench-latency.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    remove_hosts "$TAG" 2
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
make_hosts "$TAG" 2 10.80.0 || exit 1
for n in 1 2; do
    mkdir -p "$WORK/home$n"
    ip netns exec "$TAG$n" "$BIN" daemon --home "$WORK/home$n" --nick "host$n" --interface eth0 2> "$WORK/$n.log" &
    PIDS+=($!)
done
for _ in $(seq 100); do
    ip netns exec "${TAG}1" "$BIN" peers --home "$WORK/home1" --json 2>/dev/null | grep -q '"online":true' && break
    sleep 0.1
done
python3 "$ROOT/Benchmarks/chat_latency.py" "$WORK/home1" "$WORK/home2" "$COUNT"
