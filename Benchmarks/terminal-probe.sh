#!/bin/bash
# The TUI's start-up question to the terminal (issue 23): how long it waits for the answer in
# tmux (which answers: goal <= 50 ms) and in a pseudo-terminal that answers nothing (goal: at
# most 100 ms of waiting). Prints one JSON line for each.
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${HUDDLE_BENCH_BIN:-$ROOT/.build/release/huddle-bench}"
[ -x "$BENCH" ] || { echo "build it first: swift build -c release --product huddle-bench" >&2; exit 1; }
command -v tmux >/dev/null || { echo "SKIP: needs tmux"; exit 0; }
WORK="$(mktemp -d /tmp/huddle-probe.XXXXXX)"
SOCK="huddle-probe-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT

tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 "TERM=xterm-256color '$BENCH' probe --out '$WORK/tmux.json'"
for _ in $(seq 100); do [ -s "$WORK/tmux.json" ] && break; sleep 0.1; done
cat "$WORK/tmux.json" 2>/dev/null || echo '{"bench":"terminal-probe","terminal":"tmux","error":"no result"}'

# A pseudo-terminal whose other end reads everything and answers nothing.
python3 - "$BENCH" "$WORK/silent.json" <<'PY'
import os, pty, sys, select, time
bench, out = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execv(bench, [bench, "probe", "--runs", "3", "--out", out])
end = time.time() + 10
while time.time() < end:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            if not os.read(fd, 4096): break
        except OSError:
            break
    done, _ = os.waitpid(pid, os.WNOHANG)
    if done: break
PY
cat "$WORK/silent.json" 2>/dev/null || echo '{"bench":"terminal-probe","terminal":"silent pty","error":"no result"}'
