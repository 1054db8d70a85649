#!/bin/bash
# Text as teams write it, end to end (issue 23): a teammate (a headless peer on loopback)
# posts a line with CJK, accents, a flag, a skin tone, a joined emoji and VS16 to #general and
# makes a note of them; the TUI runs in tmux 3.3a (TERM=xterm-256color), which answers the
# start-up probe with cursor reports. Checks that every cluster is on screen whole, that the
# screen after switching views equals a forced full repaint (Ctrl-L), and that the input line
# steps over a joined emoji as one character. Loopback only, discovery off: no namespace needed.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/debug/huddle}"
command -v tmux >/dev/null || { echo "SKIP: text e2e needs tmux"; exit 0; }
[ -x "$BIN" ] || { echo "FAIL: $BIN missing (swift build)"; exit 1; }

SOCK="huddle-text-$$"
WORK="$(mktemp -d /tmp/huddle-e2e-text.XXXXXX)"
FAILED=0
BOB_PID=""
cleanup() {
    tmux -L "$SOCK" kill-server 2>/dev/null
    [ -n "$BOB_PID" ] && kill "$BOB_PID" 2>/dev/null && wait "$BOB_PID" 2>/dev/null
    if [ "$FAILED" = 0 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; FAILED=1; }

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
BOB_PORT=$(port)
ADA_PORT=$(port)
export LANG=C.UTF-8
"$BIN" daemon --home "$WORK/bob" --nick bob --port "$BOB_PORT" --no-discovery 2>"$WORK/bob.log" &
BOB_PID=$!

# The TUI, 100x30, in a tmux of its own; `sleep` keeps the pane open to read a crash.
tmux -L "$SOCK" -f /dev/null new-session -d -s ada -x 100 -y 30 \
    "TERM=xterm-256color '$BIN' --home '$WORK/ada' --nick ada --port $ADA_PORT --peer 127.0.0.1:$BOB_PORT --no-discovery; sleep 60"
screen() { tmux -L "$SOCK" capture-pane -p -t ada; }
keys() { tmux -L "$SOCK" send-keys -t ada "$@"; }
wait_for() { # text, seconds
    local end=$((SECONDS + $2))
    while [ $SECONDS -le $end ]; do screen | grep -qF -- "$1" && return 0; sleep 0.05; done
    return 1
}
same_after_repaint() { # what: the screen, then Ctrl-L, then the screen again
    local before after
    sleep 0.3
    before="$(screen)"
    keys C-l
    sleep 0.3
    after="$(screen)"
    if [ "$before" = "$after" ]; then echo "  $1: the screen equals a full repaint"; else
        fail "$1: the screen differs from a full repaint"
        diff <(echo "$before") <(echo "$after") | head -20
    fi
}

wait_for "● bob" 20 || fail "the TUI did not reach bob"
keys F1
wait_for "widths: measured by cursor reports" 5 && echo "  tmux answered the start-up probe with cursor reports" || { fail "the probe's answer is not shown in the help"; screen | tail -4; }
keys Escape
MESSAGE='中文字 café éä 🇩🇪 👍🏽 👩‍💻 ❤️ end'
"$BIN" say --home "$WORK/bob" '#general' "$MESSAGE" >/dev/null || fail "bob could not post"
wait_for "end" 15 || fail "bob's line did not arrive"
if screen | grep -qF -- "$MESSAGE"; then echo "  bob's line is on screen with every cluster whole"; else
    fail "bob's line is not shown whole"; screen | grep -F "bob:"; fi
same_after_repaint "chat"

# tmux 3.3a keeps at most 21 bytes of UTF-8 in a cell: it drops the fourth member of
# 👨‍👩‍👧‍👦 even from plain printf, so the families here have three.
NOTE='ab你好cdX👍🏽ef👨‍👩‍👧gh'
"$BIN" note append --home "$WORK/bob" 多言語 "$NOTE" >/dev/null || fail "bob could not make the note"
wait_for "多言語" 15 || fail "the note is not listed"
keys "/note 多言語" Enter
wait_for "$NOTE" 10 && echo "  the note shows every cluster whole" || { fail "the note is not shown whole"; screen | head -12; }
same_after_repaint "note open"
keys Escape
wait_for "closed" 5 || fail "the note did not close"
same_after_repaint "note closed"
if screen | grep -qF "$NOTE"; then fail "the note's text stayed behind in the chat pane"; fi

# The input line: typed scalar by scalar (tmux sends the UTF-8), three Lefts land before the family.
keys "ok👨‍👩‍👧gh"
keys Left Left Left "!"
wait_for "ok!👨‍👩‍👧gh" 5 && echo "  three Lefts stepped over gh and not into the family" || { fail "the caret went inside the family"; screen | tail -4; }
same_after_repaint "input line"
keys C-u
keys C-q
[ "$FAILED" = 0 ] && echo "PASS: text e2e" || exit 1
