"""Prints every mDNS packet seen on 224.0.0.251 as a JSON line (time, source, kind), so
Tests/e2e/discovery.sh can time a host's first announcement on the wire independently of
how fast `huddle peers` is polled.

Usage: mdns_sniff.py LOCAL_IPV4
"""
import json
import socket
import struct
import sys
import time

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
s.bind(("0.0.0.0", 5353))
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton("224.0.0.251") + socket.inet_aton(sys.argv[1]))
while True:
    data, addr = s.recvfrom(9100)
    if len(data) < 12:
        continue
    flags, qd, an, ns, ar = struct.unpack("!xxHHHHH", data[:12])
    kind = "response" if flags & 0x8000 else ("probe" if ns else "query")
    print(json.dumps({"t": time.time(), "source": addr[0], "kind": kind, "answers": an}), flush=True)
