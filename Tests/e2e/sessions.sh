#!/bin/bash
# End-to-end test of sessions between real daemons (issue 4): two hosts in network
# namespaces on a bridge of their own find each other by mDNS and set up TLS sessions; trust
# verbs work through the control socket; a peer that stops answering (SIGSTOP: no FIN, no
# goodbye) is dropped by huddle's keep-alive within 30 s. Everything is removed on
# exit. Run as root; prints SKIP and exits 0 otherwise.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/debug/huddle}"
if [ "$(id -u)" != 0 ]; then echo "SKIP: sessions e2e needs root (network namespaces)"; exit 0; fi
if ! ip netns list >/dev/null 2>&1; then echo "SKIP: sessions e2e needs 'ip netns'"; exit 0; fi
[ -x "$BIN" ] || { echo "FAIL: $BIN missing (swift build)"; exit 1; }

. "$(dirname "$0")/netns.sh"
TAG="hs$$"
WORK="$(mktemp -d /tmp/huddle-e2e-sessions.XXXXXX)"
PIDS=()
FAILED=0
cleanup() {
    for pid in "${PIDS[@]}"; do kill -CONT "$pid" 2>/dev/null; kill -9 "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    remove_hosts "$TAG" 2
    if [ "$FAILED" = 0 ] && [ -z "${KEEP_LOGS:-}" ]; then rm -rf "$WORK"; else echo "logs kept in $WORK"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; FAILED=1; }

make_hosts "$TAG" 2 10.78.0 || { echo "FAIL: ip netns add"; exit 1; }

peers() { ip netns exec "$TAG$1" "$BIN" peers --home "$WORK/home$1" --json 2>/dev/null; }
# Whether host $1 lists a peer for which the Python expression $2 (over the dict p) holds.
lists() {
    peers "$1" | python3 -c 'import json, sys
sys.exit(0 if any(eval(sys.argv[1], {}, {"p": json.loads(line)}) for line in sys.stdin if line.strip()) else 1)' "$2"
}
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'; }
# Seconds until host $1 lists a peer matching $2, within $3 seconds; "timeout" otherwise.
wait_for() {
    local start=$(date +%s.%N)
    while :; do
        if lists "$1" "$2"; then elapsed "$start"; return 0; fi
        if awk -v s="$start" -v e="$(date +%s.%N)" -v l="$3" 'BEGIN { exit !(e - s > l) }'; then echo timeout; return 1; fi
        sleep 0.1
    done
}

for n in 1 2; do
    mkdir -p "$WORK/home$n"
    ip netns exec "$TAG$n" "$BIN" daemon --home "$WORK/home$n" --nick "host$n" --interface eth0 2> "$WORK/$n.log" &
    PIDS+=($!)
done

t=$(wait_for 1 'p["nickname"] == "host2" and p["online"]' 5) && echo "  host1 has a session with host2 after ${t} s" || fail "host1 has no session with host2"
t=$(wait_for 2 'p["nickname"] == "host1" and p["online"]' 5) && echo "  host2 has a session with host1 after ${t} s" || fail "host2 has no session with host1"
sessions=$(ip netns exec "${TAG}1" "$BIN" status --home "$WORK/home1" --json | grep -o '"sessions":[0-9]*')
[ "$sessions" = '"sessions":1' ] || fail "host1 should have exactly one session, has $sessions"

ip netns exec "${TAG}1" "$BIN" trust --home "$WORK/home1" host2 verify --yes >/dev/null || fail "trust verify failed"
lists 1 'p["nickname"] == "host2" and p["trust"] == "verified"' && echo "  host1 verified host2" || fail "host2 not verified on host1"

# A peer that stops answering: frozen, so no FIN and no goodbye reach anyone.
kill -STOP "${PIDS[1]}"
t=$(wait_for 1 'p["nickname"] == "host2" and not p["online"]' 40) && echo "  host1 dropped the frozen host2 after ${t} s (its kernel still answers TCP, so huddle's pings tell: closed after 30 s without a word)" \
    || fail "host1 still has a session with a frozen host2"
kill -CONT "${PIDS[1]}"
t=$(wait_for 1 'p["nickname"] == "host2" and p["online"]' 15) && echo "  host2 back after ${t} s" || fail "host2 did not come back"

ip netns exec "${TAG}1" "$BIN" trust --home "$WORK/home1" host2 block >/dev/null || fail "trust block failed"
t=$(wait_for 1 'p["nickname"] == "host2" and p["trust"] == "blocked" and not p["online"]' 5) && echo "  blocked host2: session ended after ${t} s" \
    || fail "blocking host2 did not end its session"

if [ "$FAILED" = 0 ]; then echo "PASS: sessions e2e"; else echo "FAIL: sessions e2e"; exit 1; fi
