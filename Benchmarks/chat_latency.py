#!/usr/bin/env python3
"""Times chat delivery between two running huddle peers: posts on A through its control
socket and waits for the message on B's `watch` stream (the same one `huddle log --follow`
uses); then edits it, reacts to it, answers it and deletes it, each timed the same way
(issue 16: these reach the other screen as fast as a message). One operation in flight at a
time. Prints one JSON line per case.

  chat_latency.py HOME_A HOME_B COUNT [WARMUP]

Requests and answers are the control socket's JSON: a request is an object named after its
verb ({"say": {"channel": ..., "text": ...}}), an answer one named after its kind
({"lines": {"_0": [...]}}, {"failure": {"_0": "why"}}).
"""
import json, socket, statistics, sys, time

def connect(home):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(home + "/run/huddle.sock")
    return s

def request(home, verb, arguments):
    s = connect(home)
    s.sendall(json.dumps({verb: arguments}).encode() + b"\n")
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    s.close()
    answer = json.loads(data)
    if "failure" in answer:
        raise SystemExit(f"{verb} failed: {answer['failure'].get('_0')}")
    return answer

def main():
    home_a, home_b, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    watch = connect(home_b)
    watch.sendall(json.dumps({"watch": {"channel": "#general"}}).encode() + b"\n")
    stream = watch.makefile("rb")
    json.loads(stream.readline())  # the watch has begun

    def until(seen):
        """Reads B's watch stream until a line for which `seen` holds."""
        while True:
            line = json.loads(stream.readline())
            if any(seen(message) for message in (line.get("lines") or {}).get("_0") or []):
                return

    cases = ["message", "edit", "reaction", "reply", "delete"]
    times = {case: [] for case in cases}
    for index in range(count + warmup):
        body = f"latency probe {index} {time.time()}"
        timed = {}
        start = time.perf_counter()
        answer = request(home_a, "say", {"channel": "#general", "text": body})
        until(lambda m: m["body"] == body)
        timed["message"] = time.perf_counter() - start
        probe = answer["lines"]["_0"][0]["id"]
        edited = body + " (edited)"
        for case, verb, arguments, seen in [
            ("edit", "editMessage", {"id": probe, "text": edited, "channel": "#general"},
             lambda m: m["id"] == probe and m["body"] == edited),
            ("reaction", "react", {"id": probe, "emoji": "👍", "remove": False, "channel": "#general"},
             lambda m: m["id"] == probe and any(r["emoji"] == "👍" for r in m.get("reactions", []))),
            ("reply", "reply", {"id": probe, "text": "answer " + body, "channel": "#general"},
             lambda m: m.get("replyTo") == probe and m["body"] == "answer " + body),
            ("delete", "deleteMessage", {"id": probe, "channel": "#general"},
             lambda m: m["id"] == probe and m.get("deleted")),
        ]:
            start = time.perf_counter()
            request(home_a, verb, arguments)
            until(seen)
            timed[case] = time.perf_counter() - start
        if index >= warmup:  # the first ones warm up caches and connections
            for case in cases:
                times[case].append(timed[case] * 1000)
    for case in cases:
        values = sorted(times[case])
        p = lambda q: values[min(len(values) - 1, int(q * len(values)))]
        print(json.dumps({"case": f"chat {case} delivery", "operations": count, "p50_ms": round(p(0.5), 3), "p99_ms": round(p(0.99), 3),
                          "max_ms": round(values[-1], 3), "mean_ms": round(statistics.mean(values), 3),
                          "goal_p50_ms": 2 if case == "message" else None, "goal_p99_ms": 10,
                          "method": f"{case} on A's control socket (stored, signed, sent) until B's watch stream shows it "
                                    "(received, checked, stored): two daemons in network namespaces on a bridge, one operation in flight"}))

main()
