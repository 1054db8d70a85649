#!/usr/bin/env bash
# Builds the libFuzzer target for HuddleCore's decoders and runs it for a bounded time.
#   FUZZ_SECONDS   how long to fuzz (default 60)
#   FUZZ_JOBS      parallel fuzzing jobs (default 1)
# Crashing inputs are written to Fuzz/crash-*; the corpus grows in Fuzz/corpus-decoders/ (not
# committed), starting from the valid encodings in Fuzz/seeds/ (first byte: which decoder).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-1}"
out=Fuzz/fuzz-decoders.out
mkdir -p Fuzz/corpus-decoders
# Seed inputs: the first byte picks the decoder (0 change, 1 document, 2 chat change, 3 chat log).
printf '\x00T\x01' > Fuzz/corpus-decoders/change-header
printf '\x01D\x01\x00\x00' > Fuzz/corpus-decoders/empty-document
printf '\x02C\x01' > Fuzz/corpus-decoders/chat-header
printf '\x03L\x01\x00\x00' > Fuzz/corpus-decoders/empty-log
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name HuddleCoreFuzz \
    $(find Sources/HuddleCore -name '*.swift' | sort | xargs grep -L '^import Crypto') Fuzz/FuzzDecoders.swift -o "$out"
parallel=()
if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi # logs: Fuzz/fuzz-N.log
cd Fuzz
"./$(basename "$out")" -max_total_time="$seconds" "${parallel[@]}" -max_len=4096 \
    -artifact_prefix=./ corpus-decoders seeds
