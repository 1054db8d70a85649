#!/usr/bin/env python3
"""Asks running huddle peers for their chat and notes through their control sockets (the
JSON-line protocol the CLI uses) and reports whether they hold the same documents.

  huddle_state.py converge TIMEOUT HOME...   waits until every home holds the same #general
                                             log (message IDs in order) and the same note
                                             'plan'; prints the seconds it took, exits 1 on
                                             timeout with what differs
  huddle_state.py summary HOME...            prints each home's message count and note size
"""
import json, socket, sys, time

def request(home, request):
    """Sends one request (a case of ControlRequest as Swift codes it, e.g.
    {"log": {"channel": "#general"}}) and returns the response object."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(home + "/run/huddle.sock")
    s.sendall(json.dumps(request).encode() + b"\n")
    data = b""
    while True:
        chunk = s.recv(1 << 16)
        if not chunk:
            break
        data += chunk
    s.close()
    return json.loads(data)

def state(home):
    try:
        log = request(home, {"log": {"channel": "#general"}})
        note = request(home, {"noteCat": {"name": "plan"}})
    except (OSError, ValueError):
        return None
    ids = tuple(line["id"] for line in (log.get("lines") or {}).get("_0") or [])
    return ids, (note.get("text") or {}).get("_0")

def main():
    mode = sys.argv[1]
    if mode == "summary":
        for home in sys.argv[2:]:
            s = state(home)
            print(f"  {home}: " + ("no answer" if s is None else f"{len(s[0])} messages, note {len(s[1] or '')} characters"))
        return 0
    timeout, homes = float(sys.argv[2]), sys.argv[3:]
    start = time.monotonic()
    while True:
        states = [state(home) for home in homes]
        if all(s is not None for s in states) and len(set(states)) == 1:
            print(f"{time.monotonic() - start:.2f}")
            return 0
        if time.monotonic() - start > timeout:
            for home, s in zip(homes, states):
                print(f"  {home}: " + ("no answer" if s is None else f"{len(s[0])} messages, note {len(s[1] or '')} characters"), file=sys.stderr)
            print("timeout")
            return 1
        time.sleep(0.02)

sys.exit(main())
