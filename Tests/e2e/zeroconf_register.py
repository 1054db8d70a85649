"""Registers a huddle service with python-zeroconf, so huddle's browser is tested against an
independent responder. Unregisters (goodbye) on SIGTERM.

Usage: zeroconf_register.py NAME ADDRESS PORT
Prints the peer ID it announces (a valid huddle peer ID: SHA-256 of NAME, grouped base32
with Luhn mod 32 check symbols, as HuddleCore's PeerID prints it), then "registered".
"""
import base64
import hashlib
import signal
import socket
import sys
import threading

from zeroconf import ServiceInfo, Zeroconf

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def luhn32(text):
    factor, total = 1, 0
    for ch in text:
        addend = factor * ALPHABET.index(ch)
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def peer_id(seed):
    data = base64.b32encode(hashlib.sha256(seed.encode()).digest()).decode().rstrip("=")
    checked = "".join(data[i:i + 13] + luhn32(data[i:i + 13]) for i in range(0, len(data), 13))
    return "-".join(checked[i:i + 7] for i in range(0, len(checked), 7))


def main():
    name, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ident = peer_id(name)
    info = ServiceInfo("_huddle._tcp.local.", f"{name}._huddle._tcp.local.", addresses=[socket.inet_aton(address)],
                       port=port, properties={"id": ident, "v": "1"}, server=f"{name}.local.")
    zc = Zeroconf()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(ident, flush=True)
    zc.register_service(info)
    print("registered", flush=True)
    done.wait()
    zc.unregister_service(info)
    zc.close()


if __name__ == "__main__":
    main()
