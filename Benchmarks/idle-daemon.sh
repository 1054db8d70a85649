#!/bin/bash
# An idle daemon's cost (issue 5 goal: at most 30 MB resident and 0% CPU): two release
# daemons on loopback with a session between them, no discovery; after they settle, the
# first one's resident memory (RSS, and the part no other process shares) and its CPU time
# over SECONDS (default 30).
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/release/huddle}"
SECONDS_IDLE="${1:-30}"
[ -x "$BIN" ] || { echo "missing $BIN: swift build -c release" >&2; exit 1; }
WORK="$(mktemp -d /tmp/huddle-bench-idle.XXXXXX)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done; rm -rf "$WORK"; }
trap cleanup EXIT
"$BIN" daemon --home "$WORK/b" --nick idle-b --port 0 --no-discovery 2>/dev/null &
PIDS+=($!)
for _ in $(seq 100); do PORT=$("$BIN" status --home "$WORK/b" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["port"])' 2>/dev/null) && break; sleep 0.05; done
"$BIN" daemon --home "$WORK/a" --nick idle-a --port 0 --no-discovery --peer "127.0.0.1:$PORT" 2>/dev/null &
A=$!
PIDS+=($A)
for _ in $(seq 100); do "$BIN" peers --home "$WORK/a" --json 2>/dev/null | grep -q '"online":true' && break; sleep 0.05; done
"$BIN" say --home "$WORK/a" '#general' "settling" >/dev/null
sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$A/stat"; }
t0=$(ticks)
sleep "$SECONDS_IDLE"
t1=$(ticks)
python3 - "$A" "$((t1 - t0))" "$SECONDS_IDLE" "$(getconf CLK_TCK)" <<'PY'
import json, sys
pid, ticks, seconds, hz = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rss = private = 0
for line in open(f"/proc/{pid}/smaps_rollup"):
    key, *value = line.split()
    if key == "Rss:": rss = int(value[0])
    if key in ("Private_Clean:", "Private_Dirty:"): private += int(value[0])
print(json.dumps({"case": "idle daemon", "rss_mb": round(rss / 1024, 1), "private_mb": round(private / 1024, 1),
                  "cpu_percent": round(100 * ticks / hz / seconds, 3), "cpu_ticks": ticks, "seconds": seconds,
                  "goal_rss_mb": 30, "goal_cpu_percent": 0,
                  "method": "release daemon with one session (keep-alive pings every 2 s), no discovery; rss from smaps_rollup, "
                            "private = pages no other process shares (the rest is the Swift runtime and libraries)"}))
PY
