"""Polls `huddle peers --json` about every 30 ms (plus the time a call takes) and prints found/lost events as JSON lines
(the format of the Discovery test harness), for the daemon drivers of Tests/e2e/discovery*.sh.

Usage: peers_watch.py HUDDLE_BIN HOME_DIR
Environment: WATCH_INTERVAL (seconds between polls, default 0.03); WATCH_COUNTERS=1 also prints
the daemon's mDNS packet counters (from `huddle status --json`) about once a second.
"""
import os
import json
import subprocess
import sys
import time

binary, home = sys.argv[1], sys.argv[2]
interval = float(os.environ.get("WATCH_INTERVAL", "0.03"))
with_counters = os.environ.get("WATCH_COUNTERS") == "1"
last_counters = 0.0
seen = {}
while True:
    try:
        out = subprocess.run([binary, "peers", "--json", "--home", home], capture_output=True, text=True, timeout=5).stdout
    except Exception:
        out = ""
    now = time.time()
    current = {}
    for line in out.splitlines():
        try:
            peer = json.loads(line)
        except ValueError:
            continue
        # Listed: discovery sees it on the LAN ("discovered"); older builds only say "online".
        if peer.get("discovered", peer.get("online", False)):
            current[peer["id"]] = peer
    for pid, peer in current.items():
        if pid not in seen:
            print(json.dumps({"t": now, "event": "found", "id": pid, "nickname": peer.get("nickname"),
                              "port": peer.get("port"), "addresses": peer.get("addresses")}), flush=True)
    for pid in seen:
        if pid not in current:
            print(json.dumps({"t": now, "event": "lost", "id": pid}), flush=True)
    seen = current
    if with_counters and now - last_counters >= 1.0:
        last_counters = now
        try:
            status = json.loads(subprocess.run([binary, "status", "--json", "--home", home], capture_output=True,
                                               text=True, timeout=5).stdout)
            if status.get("mdnsPacketsSent") is not None:
                print(json.dumps({"t": time.time(), "event": "counters", "sent": status["mdnsPacketsSent"],
                                  "received": status["mdnsPacketsReceived"]}), flush=True)
        except Exception:
            pass
    time.sleep(interval)
