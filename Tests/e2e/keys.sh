#!/bin/bash
# Keys that start with Esc, end to end (issue 20): the TUI in tmux 3.3a with
# TERM=xterm-256color is sent the byte sequences terminals send (tmux's Home and End as
# ESC [ 1 ~ and ESC [ 4 ~, rxvt's ESC [ 7 ~ and ESC [ 8 ~, Alt-b as ESC b, an unknown
# ESC [ 99 ~); none may land in the input line as text or close an open note. No network:
# one TUI with discovery off.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/debug/huddle}"
command -v tmux >/dev/null || { echo "SKIP: keys e2e needs tmux"; exit 0; }
[ -x "$BIN" ] || { echo "FAIL: $BIN missing (swift build)"; exit 1; }

SOCK="huddle-keys-$$"
WORK="$(mktemp -d /tmp/huddle-e2e-keys.XXXXXX)"
FAILED=0
cleanup() {
    tmux -L "$SOCK" kill-server 2>/dev/null
    if [ "$FAILED" = 0 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; FAILED=1; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
tmux -L "$SOCK" -f /dev/null new-session -d -s ada -x 100 -y 30 \
    "LANG=C.UTF-8 TERM=xterm-256color '$BIN' --home '$WORK/ada' --nick ada --port $PORT --no-discovery; sleep 60"
screen() { tmux -L "$SOCK" capture-pane -p -t ada; }
keys() { tmux -L "$SOCK" send-keys -t ada "$@"; }
raw() { tmux -L "$SOCK" send-keys -t ada -H "$@"; } # bytes in hex, as a terminal sends them
wait_for() { # text, seconds
    local end=$((SECONDS + $2))
    while [ $SECONDS -le $end ]; do screen | grep -qF -- "$1" && return 0; sleep 0.05; done
    return 1
}
input_line() { screen | grep -F '› ' | tail -1; }

wait_for "Chat #general" 20 || fail "the TUI did not start"
keys "hello world"
raw 1b 5b 31 7e; keys "X"          # ESC [ 1 ~: Home (tmux, screen)
raw 1b 5b 34 7e; keys "Y"          # ESC [ 4 ~: End
raw 1b 62; raw 1b 62; keys "Z"     # ESC b twice: Alt-b, a word left each
raw 1b 5b 39 39 7e                 # ESC [ 99 ~: unknown, dropped whole
raw 1b 5b 37 7e; keys "<"          # ESC [ 7 ~: rxvt Home
raw 1b 5b 38 7e; keys ">"          # ESC [ 8 ~: rxvt End
sleep 0.5
expected='<ZXhello worldY>'
line="$(input_line)"
case "$line" in
    *"$expected"*) echo "  Home, End, Alt-b and an unknown sequence edited the line as keys: $expected" ;;
    *) fail "the input line is '$line', not '$expected'" ;;
esac
if screen | grep -qF '[4~'; then fail "an escape sequence became text"; fi
keys C-u

keys "/note new keys" Enter
wait_for "Note keys" 10 || fail "could not make a note"
keys "abc def"
wait_for "abc def" 5 || fail "the note did not take the typing"
raw 1b 5b 31 7e; keys "^"          # Home in the note
wait_for "^abc def" 5 || fail "Home (ESC [ 1 ~) did not go to the start of the line"
raw 1b 5b 34 7e; keys "$"          # End in the note
wait_for "^abc def$" 5 || fail "End (ESC [ 4 ~) did not go to the end of the line"
raw 1b 62                          # Alt-b: a word left, not Esc (which would close the note)
sleep 0.5
if screen | grep -qF 'Note keys' && screen | grep -qF '^abc def$'; then
    echo "  in a note, Home, End and Alt-b move the caret and the note stays open"
else
    fail "the note closed or the keys went wrong"; screen | head -5
fi
keys Escape
wait_for "closed keys" 5 || fail "Esc alone no longer closes the note"
keys C-q
[ "$FAILED" = 0 ] && echo "PASS: keys e2e" || exit 1
