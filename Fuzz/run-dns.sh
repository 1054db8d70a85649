#!/bin/sh
# Builds and runs the libFuzzer target of the mDNS packet parser for FUZZ_SECONDS (default 60).
# Usage: Fuzz/run-dns.sh            (from anywhere; corpus kept in Fuzz/corpus-dns/)
set -eu
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
out=Fuzz/dns-fuzz.out
corpus=Fuzz/corpus-dns
mkdir -p "$corpus"
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name DNSFuzz \
    Fuzz/DNSFuzz.swift Sources/HuddleNet/DNS/*.swift -o "$out"
# Seeds: an mDNS query and an announcement with compressed names (hex below).
printf '\000\000\000\000\000\001\000\000\000\000\000\000\007_huddle\004_tcp\005local\000\000\014\000\001' > "$corpus/seed-query"
printf '\000\000\204\000\000\000\000\002\000\000\000\000\300\014\000\014\000\001\000\000\000\010\000\006\003ada\300\014\003ada\007_huddle\004_tcp\005local\000\000\041\200\001\000\000\000\010\000\010\000\000\000\000\037\100\300\014' > "$corpus/seed-answer"
exec "$out" -max_total_time="$seconds" -max_len=9100 -print_final_stats=1 "$corpus"
