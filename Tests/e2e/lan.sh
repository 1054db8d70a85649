#!/bin/bash
# A LAN of teammates settling (issue 24), the small version that `make test` runs: N debug
# daemons (LAN_PEERS, default 20) in network namespaces on one bridge find each other by
# mDNS and must reach a full mesh with no session dropped as a duplicate after it, and one
# message must reach every daemon; then again with full_mesh_up_to = 8, where each keeps only
# its overlay neighbours and the message is relayed. Benchmarks/scale.sh does the measuring (the full 60 and
# 100 are `make bench`); this script checks its figures. Run as root; SKIP otherwise.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/debug/huddle}"
N="${LAN_PEERS:-20}"
if [ "$(id -u)" != 0 ]; then echo "SKIP: lan e2e needs root (network namespaces)"; exit 0; fi
if ! ip netns list >/dev/null 2>&1; then echo "SKIP: lan e2e needs 'ip netns'"; exit 0; fi
[ -x "$BIN" ] || { echo "FAIL: $BIN missing (swift build)"; exit 1; }

check() { # LABEL RESULT
python3 - "$2" "$N" "$1" <<'PY'
import json, sys
r, n, label = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
problems = []
settled = r.get("full_mesh_seconds_after_last_start", r.get("settled_seconds_after_last_start"))
if settled is None:
    problems.append(f"{label}: not settled within 90 s (sessions per daemon {r['sessions_min_max']})")
if r["message_reached"] != n - 1:
    problems.append(f"{label}: the message reached {r['message_reached']} of {n - 1} daemons")
if r["duplicates_dropped_after_mesh"] != 0:
    problems.append(f"{label}: {r['duplicates_dropped_after_mesh']} sessions dropped as duplicates after settling")
if label == "overlay" and r["sessions_min_max"][1] >= n - 1:
    problems.append(f"{label}: a daemon kept sessions with everyone ({r['sessions_min_max']}), not its neighbours")
for p in problems: print(f"FAIL: {p}")
print(f"  {label}, {n} daemons: settled {settled} s after the last start with {r['sessions_min_max']} sessions each, "
      f"a message to all in {r['message_to_every_peer_seconds']} s, {r['duplicates_dropped_after_mesh']} duplicates after")
sys.exit(1 if problems else 0)
PY
}
failed=0
# A full mesh, then the overlay of large LANs (full_mesh_up_to = 8): neighbours only, and
# the message relayed the rest of the way.
check "full mesh" "$(HUDDLE_BIN="$BIN" IDLE_SECONDS=5 MESH_WAIT=90 "$ROOT/Benchmarks/scale.sh" "$N" | tail -1)" || failed=1
check "overlay" "$(HUDDLE_BIN="$BIN" IDLE_SECONDS=5 MESH_WAIT=90 FULL_MESH_UP_TO=8 "$ROOT/Benchmarks/scale.sh" "$N" | tail -1)" || failed=1
[ "$failed" = 0 ] && echo "PASS: lan e2e" || { echo "FAIL: lan e2e"; exit 1; }
