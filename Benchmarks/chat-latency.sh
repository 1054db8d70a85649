#!/bin/bash
# Chat delivery between two daemons in network namespaces (issue 5 goal: p50 <= 2 ms,
# p99 <= 10 ms). Uses the release build unless HUDDLE_BIN says otherwise; needs root.
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/release/huddle}"
COUNT="${1:-1000}"
if [ "$(id -u)" != 0 ]; then echo '{"case": "chat delivery", "skipped": "needs root (network namespaces)"}'; exit 0; fi
[ -x "$BIN" ] || { echo "missing $BIN: swift build -c release" >&2; exit 1; }
TAG="hl$$"
WORK="$(mktemp -d /tmp/huddle-bench-latency.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    for ns in "${TAG}1" "${TAG}2" "${TAG}br"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
ip netns add "${TAG}br"
ip -n "${TAG}br" link add br0 type bridge mcast_snooping 0
ip -n "${TAG}br" link set br0 up
for n in 1 2; do
    ip netns add "$TAG$n"
    ip -n "${TAG}br" link add "p$n" type veth peer name eth0 netns "$TAG$n"
    ip -n "${TAG}br" link set "p$n" master br0 up
    ip -n "$TAG$n" link set lo up
    ip -n "$TAG$n" addr add "10.80.0.$n/24" dev eth0
    ip -n "$TAG$n" link set eth0 multicast on up
    mkdir -p "$WORK/home$n"
    ip netns exec "$TAG$n" "$BIN" daemon --home "$WORK/home$n" --nick "host$n" --interface eth0 2> "$WORK/$n.log" &
    PIDS+=($!)
done
for _ in $(seq 100); do
    ip netns exec "${TAG}1" "$BIN" peers --home "$WORK/home1" --json 2>/dev/null | grep -q '"online":true' && break
    sleep 0.1
done
python3 "$ROOT/Benchmarks/chat_latency.py" "$WORK/home1" "$WORK/home2" "$COUNT"
