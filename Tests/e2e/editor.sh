#!/bin/bash
# End-to-end collaboration in the TUI (issue 7): two TUIs in two network namespaces, each in a
# private tmux server, find each other by mDNS; one makes a note, the other opens it; text
# typed in one appears in the other's editor with the typist's caret tag; a chat line typed in
# one appears in the other. Prints the keystroke-to-other-screen latency (goal p99 <= 20 ms).
# Needs root and tmux.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/debug/huddle}"
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ "$(id -u)" != 0 ]; then echo "SKIP: editor e2e needs root (network namespaces)"; exit 0; fi
if ! ip netns list >/dev/null 2>&1; then echo "SKIP: editor e2e needs 'ip netns'"; exit 0; fi
command -v tmux >/dev/null || { echo "SKIP: editor e2e needs tmux"; exit 0; }
[ -x "$BIN" ] || { echo "FAIL: $BIN missing (swift build)"; exit 1; }

. "$HERE/netns.sh"
TAG="he$$"
SOCK="huddle-e2e-$$"
WORK="$(mktemp -d /tmp/huddle-e2e-editor.XXXXXX)"
FAILED=0
cleanup() {
    tmux -L "$SOCK" kill-server 2>/dev/null
    remove_hosts "$TAG" 2
    if [ "$FAILED" = 0 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; FAILED=1; }

make_hosts "$TAG" 2 10.83.0 || { echo "FAIL: ip netns add"; exit 1; }
for n in 1 2; do
    mkdir -p "$WORK/home$n"
    cmd="LANG=C.UTF-8 TERM=xterm-256color ip netns exec $TAG$n '$BIN' --home '$WORK/home$n' --nick host$n --interface eth0; sleep 60"
    if [ "$n" = 1 ]; then
        tmux -L "$SOCK" -f /dev/null new-session -d -s "t$n" -x 110 -y 30 "$cmd"
    else
        tmux -L "$SOCK" new-session -d -s "t$n" -x 110 -y 30 "$cmd"
    fi
done
screen() { tmux -L "$SOCK" capture-pane -p -t "t$1"; }
keys() { local s=$1; shift; tmux -L "$SOCK" send-keys -t "t$s" "$@"; }
wait_for() { # session, text, seconds
    local end=$((SECONDS + $3))
    while [ $SECONDS -le $end ]; do screen "$1" | grep -qF -- "$2" && return 0; sleep 0.05; done
    return 1
}
wait_for 1 "● host2" 15 && wait_for 2 "● host1" 15 || fail "the TUIs did not find each other"

keys 1 "/note new plan" Enter
wait_for 1 "Note plan" 10 || fail "host1 could not make the note"
keys 1 "hello from one"
wait_for 2 "plan" 10 || fail "host2 does not list the note"
keys 2 "/note plan" Enter
wait_for 2 "hello from one" 10 && echo "  the text typed on host1 is in host2's editor" || fail "host2 does not show host1's text"
keys 1 " and more"
wait_for 2 "hello from one and more" 10 || fail "host2 does not follow host1's typing"
wait_for 2 "◂host1" 10 && echo "  host1's caret shows on host2 with its name tag" || fail "no caret tag for host1 on host2"
python3 "$HERE/editor_latency.py" "$SOCK" t1 t2 "${HUDDLE_EDITOR_KEYS:-60}" || fail "latency run"
keys 1 Escape
keys 2 Escape
wait_for 1 "Chat #general" 5 || fail "host1 did not close the note"
keys 1 "chat line from one" Enter
wait_for 2 "host1: chat line from one" 10 && echo "  a chat line typed on host1 appears on host2" || fail "host2 does not show host1's chat line"
if [ "$FAILED" = 0 ]; then echo "PASS: editor e2e"; else screen 1; screen 2; echo "FAIL: editor e2e"; exit 1; fi
