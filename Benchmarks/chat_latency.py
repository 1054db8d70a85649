#!/usr/bin/env python3
"""Times chat delivery between two running huddle peers: posts on A through its control
socket, and waits for the message on B's `watch` stream (the same one `huddle log --follow`
uses). One message in flight at a time. Prints one JSON line.

  chat_latency.py HOME_A HOME_B COUNT
"""
import json, socket, statistics, sys, time

def connect(home):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(home + "/run/huddle.sock")
    return s

def request(home, verb, arguments):
    s = connect(home)
    s.sendall(json.dumps({"verb": verb, "arguments": arguments}).encode() + b"\n")
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    s.close()
    answer = json.loads(data)
    if not answer.get("ok"):
        raise SystemExit(f"{verb} failed: {answer}")
    return answer

def main():
    home_a, home_b, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    watch = connect(home_b)
    watch.sendall(json.dumps({"verb": "watch", "arguments": ["#general"]}).encode() + b"\n")
    stream = watch.makefile("rb")
    json.loads(stream.readline())  # the watch has begun
    times = []
    for index in range(count + 20):
        body = f"latency probe {index}"
        start = time.perf_counter()
        request(home_a, "say", ["#general", body])
        while True:
            line = json.loads(stream.readline())
            if any(message["body"] == body for message in line.get("lines") or []):
                break
        if index >= 20:  # the first ones warm up caches and connections
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(json.dumps({"case": "chat delivery", "messages": count, "p50_ms": round(p(0.5), 3), "p99_ms": round(p(0.99), 3),
                      "max_ms": round(times[-1], 3), "mean_ms": round(statistics.mean(times), 3),
                      "goal_p50_ms": 2, "goal_p99_ms": 10,
                      "method": "say on A's control socket (stored, signed, sent) until B's watch stream has it (received, "
                                "checked, stored): two daemons in network namespaces on a bridge, one message in flight"}))

main()
