"""Browses _huddle._tcp.local. with python-zeroconf and prints one JSON line per service.

Used by Tests/e2e/discovery.sh inside a network namespace: the interop check of huddle's
responder against an independent mDNS implementation.
"""
import json
import sys
import time

from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

SERVICE = "_huddle._tcp.local."


class Collector(ServiceListener):
    def __init__(self):
        self.names = set()

    def add_service(self, zc, type_, name):
        self.names.add(name)

    def update_service(self, zc, type_, name):
        self.names.add(name)

    def remove_service(self, zc, type_, name):
        self.names.discard(name)


def main():
    expected = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    zc = Zeroconf()
    collector = Collector()
    ServiceBrowser(zc, SERVICE, collector)
    deadline = time.time() + timeout
    while time.time() < deadline and len(collector.names) < expected:
        time.sleep(0.05)
    for name in sorted(collector.names):
        info = zc.get_service_info(SERVICE, name, timeout=3000)
        if info is None:
            print(json.dumps({"name": name, "resolved": False}), flush=True)
            continue
        props = {k.decode(): (v.decode() if v is not None else None) for k, v in info.properties.items()}
        print(json.dumps({"name": name, "resolved": True, "port": info.port, "server": info.server,
                          "txt": props, "addresses": info.parsed_addresses()}), flush=True)
    zc.close()


if __name__ == "__main__":
    main()
