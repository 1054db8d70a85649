#!/usr/bin/env python3
"""Types into one TUI's note editor and times how long each key takes to show on the other
TUI's screen (tmux capture-pane, polled). Prints the p50/p99 in ms as JSON.

  editor_latency.py SOCKET FROM_SESSION TO_SESSION COUNT
"""
import json, subprocess, sys, time

socket, source, target, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def tmux(*args):
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True).stdout

def shows(text, timeout):
    start = time.monotonic()
    while text not in tmux("capture-pane", "-p", "-t", target):
        if time.monotonic() - start > timeout:
            sys.exit(f"{text!r} never arrived")
    return time.monotonic() - start

times = []
line = None
for index in range(count):
    if index % 20 == 0:  # each line starts with its own marker, and ends before the pane wraps it
        line = f"L{index // 20}:"
        tmux("send-keys", "-t", source, "Enter")
        tmux("send-keys", "-t", source, "-l", line)
        shows(line, 20)
    key = "abcdefghijklmnopqrstuvwxyz"[index % 26]
    line += key
    start = time.monotonic()
    tmux("send-keys", "-t", source, "-l", key)
    shows(line, 10)
    times.append((time.monotonic() - start) * 1000)
times.sort()
p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print(json.dumps({"case": "keystroke to the other screen", "keys": count, "p50_ms": round(p(0.5), 2), "p99_ms": round(p(0.99), 2),
                  "goal_p99_ms": 20, "method": "tmux send-keys into one TUI's note editor until the other TUI's pane (tmux capture-pane, "
                  "polled) shows it: two TUIs (debug build unless HUDDLE_BIN) in network namespaces; includes tmux's own round trips"}))
