#!/usr/bin/env python3
"""Times chat delivery between two running huddle peers: posts on A through its control
socket, and waits for the message on B's `watch` stream (the same one `huddle log --follow`
uses). One message in flight at a time. Prints one JSON line.

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
    times = []
    for index in range(count + warmup):
        body = f"latency probe {index} {time.time()}"
        start = time.perf_counter()
        request(home_a, "say", {"channel": "#general", "text": body})
        while True:
            line = json.loads(stream.readline())
            if any(message["body"] == body for message in (line.get("lines") or {}).get("_0") or []):
                break
        if index >= warmup:  # the first ones warm up caches and connections
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(json.dumps({"case": "chat delivery", "messages": count, "p50_ms": round(p(0.5), 3), "p99_ms": round(p(0.99), 3),
                      "max_ms": round(times[-1], 3), "mean_ms": round(statistics.mean(times), 3),
                      "goal_p50_ms": 2, "goal_p99_ms": 10,
                      "method": "say on A's control socket (stored, signed, sent) until B's watch stream has it (received, "
                                "checked, stored): two daemons in network namespaces on a bridge, one message in flight"}))

main()
