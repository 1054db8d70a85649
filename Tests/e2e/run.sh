#!/bin/bash
# Runs the end-to-end scripts (network namespaces, real daemons) against the debug build.
# Each script prints PASS, FAIL or SKIP (not root, no `ip netns`) and exits non-zero on FAIL.
# Heavy ones (30 daemons and such, named *-scale.sh) run only with HUDDLE_E2E_HEAVY=1.
set -u
cd "$(dirname "$0")"
failed=0
for script in *.sh; do
    [ "$script" = run.sh ] || [ "$script" = netns.sh ] && continue
    case "$script" in
        *-scale.sh) [ "${HUDDLE_E2E_HEAVY:-0}" = 1 ] || { echo "SKIP: $script (set HUDDLE_E2E_HEAVY=1)"; continue; } ;;
    esac
    echo "== e2e: $script"
    if ! bash "./$script"; then
        echo "FAIL: $script"
        failed=1
    fi
done
exit $failed
