#!/bin/bash
# End-to-end durability test (issue 5): a stream of `huddle say` and `huddle note append`
# runs against a daemon that is killed with SIGKILL at random moments and restarted. Every
# change the CLI reported as done must be there afterwards, exactly once, and SQLite's
# integrity check must pass. Runs on loopback without discovery (no root needed).
# HUDDLE_DURABILITY_KILLS sets the number of kills (default 6); the seed is printed.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/debug/huddle}"
[ -x "$BIN" ] || { echo "FAIL: $BIN missing (swift build)"; exit 1; }
KILLS="${HUDDLE_DURABILITY_KILLS:-6}"
SEED="${HUDDLE_DURABILITY_SEED:-$$}"
RANDOM=$SEED
WORK="$(mktemp -d /tmp/huddle-e2e-durability.XXXXXX)"
HOME_DIR="$WORK/home"
DAEMON=""
WRITER=""
FAILED=0
cleanup() {
    [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null && wait "$WRITER" 2>/dev/null
    [ -n "$DAEMON" ] && kill -9 "$DAEMON" 2>/dev/null && wait "$DAEMON" 2>/dev/null
    if [ "$FAILED" = 0 ]; then rm -rf "$WORK"; else echo "logs kept in $WORK (seed $SEED)"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; FAILED=1; }

start_daemon() {
    "$BIN" daemon --home "$HOME_DIR" --nick durable --port 0 --no-discovery 2>> "$WORK/daemon.log" &
    DAEMON=$!
    for _ in $(seq 200); do "$BIN" status --home "$HOME_DIR" >/dev/null 2>&1 && return 0; sleep 0.05; done
    fail "the daemon did not come up"; return 1
}

# The writer: says and appends without pause; records what the CLI acknowledged (exit 0).
writer() {
    local i=0
    while :; do
        i=$((i + 1))
        if [ $((i % 3)) = 0 ]; then
            "$BIN" note append --home "$HOME_DIR" plan "line $i
" >/dev/null 2>&1 && echo "$i" >> "$WORK/acked-lines"
        else
            "$BIN" say --home "$HOME_DIR" '#general' "message $i" >/dev/null 2>&1 && echo "$i" >> "$WORK/acked-messages"
        fi
    done
}

start_daemon || exit 1
touch "$WORK/acked-lines" "$WORK/acked-messages"
writer &
WRITER=$!
for k in $(seq "$KILLS"); do
    sleep "0.$((RANDOM % 9 + 1))"
    kill -9 "$DAEMON"; wait "$DAEMON" 2>/dev/null
    start_daemon || exit 1
done
sleep 0.5
kill "$WRITER"; wait "$WRITER" 2>/dev/null; WRITER=""
sleep 0.2 # a CLI call the writer left running ends against the live daemon

messages=$("$BIN" log --home "$HOME_DIR" '#general' --json) || fail "log failed"
note=$("$BIN" note cat --home "$HOME_DIR" plan) || fail "note cat failed"
acked_messages=$(wc -l < "$WORK/acked-messages")
acked_lines=$(wc -l < "$WORK/acked-lines")
missing=0
while read -r i; do
    grep -q "\"message $i\"" <<< "$messages" || { missing=$((missing + 1)); echo "  missing acknowledged message $i"; }
done < "$WORK/acked-messages"
while read -r i; do
    [ "$(grep -cx "line $i" <<< "$note")" = 1 ] || { missing=$((missing + 1)); echo "  acknowledged line $i is not there exactly once"; }
done < "$WORK/acked-lines"
duplicates=$(python3 -c 'import json,sys; b=[json.loads(l)["body"] for l in sys.stdin if l.strip()]; print(len(b)-len(set(b)))' <<< "$messages")
[ "$missing" = 0 ] || fail "$missing acknowledged changes lost"
[ "$duplicates" = 0 ] || fail "$duplicates messages held twice"
kill -9 "$DAEMON"; wait "$DAEMON" 2>/dev/null; DAEMON=""
check=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$HOME_DIR/data/huddle.sqlite" 2>&1)
[ "$check" = ok ] || fail "integrity check: $check"
echo "  $KILLS kills (seed $SEED): $acked_messages messages and $acked_lines note lines acknowledged, all there once; integrity_check $check"
if [ "$FAILED" = 0 ]; then echo "PASS: durability e2e"; else echo "FAIL: durability e2e"; exit 1; fi
