#!/bin/bash
# A peer under attack (issue 15 goals): for each attack of the hardening issue, a victim daemon
# (host 1), an honest daemon connected to it (host 2) and `huddle-bench hostile` (host 3), in
# network namespaces on a bridge. During each attack: the victim's peak resident memory
# (sampled every 100 ms; goal under 150 MB), its CPU seconds, and the delivery time of
# messages the honest peer posts to it (goal: each within 2 s). Release builds; needs root.
#   Benchmarks/hostile.sh [SECONDS per attack, default 10] [ATTACK...]
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/release/huddle}"
BENCH="${HUDDLE_BENCH_BIN:-$ROOT/.build/release/huddle-bench}"
SECONDS_EACH="${1:-10}"
shift 2>/dev/null
ATTACKS="${*:-connections stalled-frames nickname seq-inflation lamport state-flood authors pending empty-states garbage}"
if [ "$(id -u)" != 0 ]; then echo '{"case": "hostile", "skipped": "needs root (network namespaces)"}'; exit 0; fi
for b in "$BIN" "$BENCH"; do [ -x "$b" ] || { echo "missing $b: swift build -c release --product $(basename "$b")" >&2; exit 1; }; done
. "$ROOT/Tests/e2e/netns.sh"
TAG="hh$$"
SUBNET=10.81.0
WORK="$(mktemp -d /tmp/huddle-bench-hostile.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    remove_hosts "$TAG" 3
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
make_hosts "$TAG" 3 "$SUBNET" || exit 1

# A fresh victim and honest peer for each attack, so each peak is that attack's own.
start_pair() { # ATTACK
    local dir="$WORK/$1"
    mkdir -p "$dir/victim" "$dir/honest"
    ip netns exec "${TAG}1" "$BIN" daemon --home "$dir/victim" --nick victim --port 47000 --no-discovery 2> "$dir/victim.log" &
    VICTIM=$!
    PIDS+=($VICTIM)
    ip netns exec "${TAG}2" "$BIN" daemon --home "$dir/honest" --nick honest --port 47000 --no-discovery \
        --peer "$SUBNET.1:47000" 2> "$dir/honest.log" &
    HONEST=$!
    PIDS+=($HONEST)
    for _ in $(seq 200); do
        ip netns exec "${TAG}2" "$BIN" peers --home "$dir/honest" --json 2>/dev/null | grep -q '"online":true' && break
        sleep 0.05
    done
    ip netns exec "${TAG}1" "$BIN" note append --home "$dir/victim" plan "ship on Friday" >/dev/null
    for i in $(seq 50); do ip netns exec "${TAG}1" "$BIN" say --home "$dir/victim" '#general' "history $i" >/dev/null; done
}

stop_pair() {
    kill "$VICTIM" "$HONEST" 2>/dev/null
    wait "$VICTIM" "$HONEST" 2>/dev/null
}

for attack in $ATTACKS; do
    start_pair "$attack"
    dir="$WORK/$attack"
    python3 - "$VICTIM" "$SECONDS_EACH" > "$dir/memory.json" <<'PY' &
import json, sys, time
pid, seconds = sys.argv[1], float(sys.argv[2])
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1])
    return 0
def cpu():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100
start, before, peak = time.time(), cpu(), rss()
while time.time() - start < seconds + 1:
    peak = max(peak, rss())
    time.sleep(0.1)
print(json.dumps({"peak_rss_mb": round(peak / 1024, 1), "cpu_seconds": round(cpu() - before, 2)}))
PY
    SAMPLER=$!
    ip netns exec "${TAG}3" "$BENCH" hostile --host "$SUBNET.1" --port 47000 --attack "$attack" --seconds "$SECONDS_EACH" \
        > "$dir/attacker.json" 2> "$dir/attacker.log" &
    ATTACKER=$!
    sleep 1
    # Honest messages during the attack, one in flight at a time.
    timeout $((SECONDS_EACH + 30)) python3 "$ROOT/Benchmarks/chat_latency.py" "$dir/honest" "$dir/victim" 20 0 \
        > "$dir/delivery.json" 2> "$dir/delivery.log"
    wait "$ATTACKER"
    wait "$SAMPLER"
    alive=$(kill -0 "$VICTIM" 2>/dev/null && echo true || echo false)
    stop_pair
    python3 - "$attack" "$alive" "$dir" <<'PY'
import json, sys
attack, alive, folder = sys.argv[1], sys.argv[2] == "true", sys.argv[3]
def read(name):
    try: return json.load(open(f"{folder}/{name}.json"))
    except Exception as error: return {"error": str(error)}
memory, delivery, attacker = read("memory"), read("delivery"), read("attacker")
print(json.dumps({"case": f"hostile: {attack}", "victim_alive": alive, **memory,
                  "honest_delivery_max_ms": delivery.get("max_ms"), "honest_delivery_p50_ms": delivery.get("p50_ms"),
                  "attacker": attacker, "goal_peak_rss_mb": 150, "goal_delivery_ms": 2000,
                  "method": "release daemons in network namespaces: victim, honest peer connected to it, attacker; "
                            "fresh pair per attack; victim RSS sampled every 100 ms; 20 honest posts during the attack"}))
PY
done
