#!/bin/bash
# A stranger on the bridge (issue 14 goal: zero bytes of any private workspace document
# received in 60 s). Three release daemons in network namespaces on one bridge, finding each
# other by mDNS: alice and bob are members of the private workspace "team" (bob joined by
# invite code) and post to its #general and append to its note "plan" every second; carol,
# a stranger with the lobby on, listens and dials the whole time. Afterwards: the bytes of
# team documents peers sent carol (her foreignWorkspaceBytes), the team documents in her
# database, and, to show she was in the thick of it, her sessions, the lobby messages she got
# and the bytes her interface received. SECONDS (default 60) as the first argument. Root.
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/release/huddle}"
DURATION="${1:-60}"
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "missing $BIN: swift build -c release --product huddle" >&2; exit 1; }
. "$ROOT/Tests/e2e/netns.sh"
TAG="bs$$"
WORK="$(mktemp -d /tmp/huddle-bench-stranger.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    remove_hosts "$TAG" 3
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
make_hosts "$TAG" 3 10.77.0 || { echo "ip netns add failed" >&2; exit 1; }
NAMES=(x alice bob carol)
huddle() { local n=$1; shift; ip netns exec "$TAG$n" "$BIN" "$@" --home "$WORK/home$n"; }
for n in 1 2 3; do
    mkdir -p "$WORK/home$n"
    ip netns exec "$TAG$n" "$BIN" daemon --home "$WORK/home$n" --nick "${NAMES[$n]}" --interface eth0 2> "$WORK/$n.log" &
    PIDS+=($!)
done
for n in 1 2 3; do
    for _ in $(seq 200); do [ "$(huddle $n peers --json 2>/dev/null | grep -c '"online":true')" = 2 ] && break; sleep 0.1; done
done
huddle 1 workspace new team >/dev/null || { echo "workspace new failed" >&2; exit 1; }
code=$(huddle 1 invite --code --workspace team --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])')
huddle 2 join "$code" >/dev/null || { echo "bob could not join by code" >&2; exit 1; }
rx() { ip -n "$TAG$1" -s -j link show eth0 | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["bytes"])'; }
rx0=$(rx 3)
end=$(( $(date +%s) + DURATION ))
i=0
while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    huddle 1 say '#general' "team secret $i from alice" --workspace team >/dev/null
    huddle 2 say '#general' "team secret $i from bob" --workspace team >/dev/null
    huddle 1 note append plan "line $i of the team's plan" --workspace team >/dev/null 2>&1
    [ $((i % 5)) = 0 ] && huddle 1 say '#general' "lobby hello $i" >/dev/null
    sleep 1
done
sleep 1
rx1=$(rx 3)
team=$(huddle 1 workspace list --json | python3 -c 'import json, sys; print([w["id"] for w in map(json.loads, sys.stdin) if w["name"] == "team"][0])')
python3 - "$WORK/home3/data/huddle.sqlite" "$team" "$(huddle 3 status --json)" "$(huddle 3 log '#general' 2>/dev/null | grep -c 'lobby hello')" \
    "$(huddle 2 log '#general' --workspace team 2>/dev/null | grep -c 'team secret')" "$((rx1 - rx0))" "$DURATION" <<'PY'
import json, sqlite3, sys
db, team, status, lobby, bob_got, rx, seconds = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
held = sqlite3.connect(db).execute("select count(*) from document where workspace = ?", (team,)).fetchone()[0]
print(json.dumps({"case": "stranger on the bridge", "seconds": seconds,
                  "private_bytes_sent_to_stranger": status.get("foreignWorkspaceBytes"), "private_documents_held": held,
                  "goal_private_bytes": 0,
                  "stranger_sessions": status["sessions"], "stranger_lobby_messages": lobby, "stranger_rx_bytes": rx,
                  "member_bob_team_messages": bob_got,
                  "method": "3 release daemons on one bridge (mDNS); members post to the team every second; carol, lobby on, "
                            "counts the bytes of team change runs any peer sent her (refused unread) and her stored team documents"}))
PY
