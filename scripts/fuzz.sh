#!/usr/bin/env bash
# Fuzzes every network decoder (huddle-fuzz targets) under libFuzzer, FUZZ_SECONDS each
# (10 by default; `make test` runs it so). Builds into .build-fuzz with HUDDLE_FUZZ=1, keeps
# each target's corpus in .build-fuzz/corpus/<target> (started from the seeds), and stops
# at the first input that traps, leaks, hangs (over 10 s) or makes one allocation over
# 256 MB: that input is saved under .build-fuzz/artifacts/ and the command to replay it is
# printed.
#   FUZZ_SECONDS=600 scripts/fuzz.sh            longer
#   FUZZ_TARGETS="run dns" scripts/fuzz.sh      some targets only
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-10}
build=.build-fuzz

echo "fuzz: building huddle-fuzz under libFuzzer into $build"
HUDDLE_FUZZ=1 ${SWIFT:-swift} build --build-path "$build" --product huddle-fuzz 2>&1 | grep -E "error:|Build of product" || true
binary=$(HUDDLE_FUZZ=1 ${SWIFT:-swift} build --build-path "$build" --product huddle-fuzz --show-bin-path)/huddle-fuzz
[ -x "$binary" ] || { echo "fuzz: the build failed" >&2; exit 1; }

targets=${FUZZ_TARGETS:-$("$binary" targets)}
"$binary" seeds "$build/seeds"
mkdir -p "$build/artifacts"
failed=0
for target in $targets; do
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    log="$build/$target.log"
    # One allocation over 256 MB is a finding (what a message makes a peer allocate must be
    # paid for by its size); the process may reach 2 GB (AddressSanitizer keeps freed memory).
    if HUDDLE_FUZZ_TARGET=$target "$binary" -max_total_time="$seconds" -timeout=10 -malloc_limit_mb=256 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
        "$corpus" "$build/seeds/$target" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz: $target: ${seconds}s, $runs inputs, corpus $(ls "$corpus" | wc -l), no failure"
    else
        failed=1
        echo "fuzz: $target: FAILED (log: $log)"
        grep -E "ERROR|Fatal error|==[0-9]+==|Test unit written" "$log" | head -5 | sed 's/^/  /'
        for artifact in "$build/artifacts/$target-"*; do
            [ -e "$artifact" ] && echo "  replay: swift run huddle-fuzz replay $target $artifact"
        done
    fi
done
exit $failed
