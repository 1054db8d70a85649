#!/bin/bash
# Scale test of mDNS discovery: N hosts (default 30) in network namespaces on one bridge (in
# its own namespace; the host's interfaces are never touched). Prints how long until every
# host lists all the others (goal: 5 s) and mDNS packets per second per peer once settled
# (it should stay low and flat as peers are added: compare N=10 and N=30).
#
# Usage: Tests/e2e/discovery-scale.sh [N]   (root; SKIP otherwise). SETTLE_SECONDS (30) is
# the measuring window. Hosts are real `huddle daemon`s watched through `huddle peers --json`
# and `huddle status --json` (HUDDLE_E2E_DRIVER=daemon, the default; HUDDLE_BIN picks the
# binary, e.g. .build/release/huddle), or the Discovery test harness from the test bundle
# (HUDDLE_E2E_DRIVER=harness; swift build --build-tests).
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TESTS="${HUDDLE_TESTS:-$ROOT/.build/debug/huddlePackageTests.xctest}"
BIN="${HUDDLE_BIN:-$ROOT/.build/debug/huddle}"
. "$ROOT/Tests/e2e/netns.sh"
DRIVER="${HUDDLE_E2E_DRIVER:-daemon}"
COUNT="${1:-30}"

if [ "$(id -u)" != 0 ]; then echo "SKIP: discovery scale test needs root (network namespaces)"; exit 0; fi
if ! ip netns list >/dev/null 2>&1; then echo "SKIP: discovery scale test needs 'ip netns'"; exit 0; fi
case "$DRIVER" in
    daemon) [ -x "$BIN" ] || { echo "FAIL: $BIN missing (swift build)"; exit 1; } ;;
    harness) [ -x "$TESTS" ] || { echo "FAIL: $TESTS missing (swift build --build-tests)"; exit 1; } ;;
    *) echo "FAIL: HUDDLE_E2E_DRIVER must be daemon or harness"; exit 1 ;;
esac

TAG="hs$$"
BR="${TAG}br"
WORK="$(mktemp -d /tmp/huddle-e2e-scale.XXXXXX)"
PIDS=()
NSS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    for ns in "${NSS[@]}" "$BR"; do ip netns del "$ns" 2>/dev/null; done
    restore_neighbour_limits "$TAG"
    [ -z "${KEEP_LOGS:-}" ] && rm -rf "$WORK" || echo "logs kept in $WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

raise_neighbour_limits "$TAG" "$COUNT"
ip netns add "$BR" || { echo "FAIL: ip netns add"; exit 1; }
ip -n "$BR" link add br0 type bridge mcast_snooping 0
ip -n "$BR" link set br0 up
for i in $(seq 1 "$COUNT"); do
    ns="$TAG-$i"; NSS+=("$ns")
    ip netns add "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    ip -n "$BR" link add "p$i" type veth peer name eth0 netns "$ns"
    ip -n "$BR" link set "p$i" master br0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "10.78.$((i / 250)).$((i % 250 + 1))/16" dev eth0
    ip -n "$ns" link set eth0 multicast on up
done
sleep 0.5

for i in $(seq 1 "$COUNT"); do
    date +%s.%N > "$WORK/$i.start"
    if [ "$DRIVER" = daemon ]; then
        mkdir -p "$WORK/home$i"
        ip netns exec "$TAG-$i" "$BIN" daemon --home "$WORK/home$i" --nick "host$i" --interface eth0 2> "$WORK/$i.log" &
        PIDS+=($!)
        # Polling 30 peers' CLIs every 30 ms would load the machine more than the daemons do.
        ip netns exec "$TAG-$i" env WATCH_INTERVAL=0.25 WATCH_COUNTERS=1 \
            python3 "$ROOT/Tests/e2e/peers_watch.py" "$BIN" "$WORK/home$i" > "$WORK/$i.events" 2>> "$WORK/$i.log" &
        PIDS+=($!)
    else
        ip netns exec "$TAG-$i" env HUDDLE_MDNS_HOST=1 HUDDLE_MDNS_NICK="host$i" HUDDLE_MDNS_ID_SEED="$i" \
            HUDDLE_MDNS_PORT="$((47000 + i))" HUDDLE_MDNS_INTERFACE=eth0 \
            "$TESTS" --testing-library swift-testing --filter "runDiscoveryHost" > "$WORK/$i.events" 2> "$WORK/$i.log" &
        PIDS+=($!)
    fi
done
HOSTS=$(seq -s ' ' 1 "$COUNT")
sleep 15
date +%s.%N > "$WORK/settled"
sleep "${SETTLE_SECONDS:-30}"
echo "discovery scale: $COUNT hosts, driver=$DRIVER"
python3 "$ROOT/Tests/e2e/analyse_events.py" "$WORK" scale $HOSTS
rc=$?
[ $rc = 0 ] && echo "PASS: discovery scale ($COUNT hosts)" || echo "FAIL: discovery scale ($COUNT hosts): not all listed within 5 s of the last launch"
exit $rc
