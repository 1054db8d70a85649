#!/bin/bash
# End-to-end test of mDNS discovery in network namespaces (issue 4).
#
# Creates 3 huddle hosts and 1 python-zeroconf browser, each in its own network namespace,
# joined by veth pairs to a bridge that lives in a namespace of its own: nothing touches the
# host's interfaces, and no packet is sent on them. Everything is removed on exit, failure
# included.
#
# Checks: each host lists the other two within 3 s; python-zeroconf sees all three with the
# right SRV port and TXT id=/v=; every host lists a service python-zeroconf registers and
# sees its goodbye within 1 s; after host1's link is down for 8 s and up again, all list
# each other again within 15 s; a clean stop (SIGTERM) is seen by the others within 1 s
# (goodbye); a kill -9 within 11 s (its session ends and its records are reconfirmed). Prints the start-to-listed times and the
# settled traffic.
#
# Hosts: `huddle daemon --home DIR --nick NAME --interface eth0` watched with
# `huddle peers --json` when the CLI has them (HUDDLE_E2E_DRIVER=daemon), otherwise the
# Discovery test harness (HUDDLE_E2E_DRIVER=harness: a Swift test started directly from the
# test bundle). Run as root; prints SKIP and exits 0 otherwise.
set -u

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/debug/huddle}"
TESTS="${HUDDLE_TESTS:-$ROOT/.build/debug/huddlePackageTests.xctest}"
VENV="${ZEROCONF_VENV:-/tmp/huddle-zeroconf-venv}"

if [ "$(id -u)" != 0 ]; then echo "SKIP: discovery e2e needs root (network namespaces)"; exit 0; fi
if ! ip netns list >/dev/null 2>&1; then echo "SKIP: discovery e2e needs 'ip netns'"; exit 0; fi

DRIVER="${HUDDLE_E2E_DRIVER:-}"
if [ -z "$DRIVER" ]; then
    # The default subcommand answers any --help, so look for the subcommands in the list.
    if [ -x "$BIN" ] && "$BIN" --help 2>/dev/null | grep -q '^ *daemon ' && "$BIN" --help 2>/dev/null | grep -q '^ *peers '; then
        DRIVER=daemon
    else
        DRIVER=harness
    fi
fi
case "$DRIVER" in
    daemon) [ -x "$BIN" ] || { echo "FAIL: $BIN missing (swift build)"; exit 1; } ;;
    harness) [ -x "$TESTS" ] || { echo "FAIL: $TESTS missing (swift build --build-tests)"; exit 1; } ;;
    *) echo "FAIL: HUDDLE_E2E_DRIVER must be daemon or harness"; exit 1 ;;
esac

TAG="hd$$"
BR="${TAG}br"
HOSTS=(a b c)
ZC="${TAG}z"
WORK="$(mktemp -d /tmp/huddle-e2e-discovery.XXXXXX)"
PIDS=()
FAILED=0

cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    for ns in "${HOSTS[@]/#/$TAG}" "$ZC" "$BR" "${TAG}l"; do ip netns del "$ns" 2>/dev/null; done
    if [ "$FAILED" = 0 ] && [ -z "${KEEP_LOGS:-}" ]; then rm -rf "$WORK"; else echo "logs kept in $WORK"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() { echo "FAIL: $*"; FAILED=1; }

# python-zeroconf from PyPI, in a virtualenv (once).
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import zeroconf' 2>/dev/null; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q zeroconf || { echo "FAIL: cannot install python-zeroconf"; exit 1; }
fi

# The LAN: a bridge in its own namespace, one veth pair per host.
ip netns add "$BR" || { echo "FAIL: ip netns add"; exit 1; }
ip -n "$BR" link add br0 type bridge mcast_snooping 0
ip -n "$BR" link set br0 up
n=0
for ns in "${HOSTS[@]/#/$TAG}" "$ZC"; do
    n=$((n + 1))
    ip netns add "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    ip -n "$BR" link add "p$n" type veth peer name eth0 netns "$ns"
    ip -n "$BR" link set "p$n" master br0 up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "10.77.0.$n/24" dev eth0
    ip -n "$ns" link set eth0 multicast on up
    ip -n "$ns" route add 224.0.0.0/4 dev eth0
done
sleep 0.3 # link-local addresses (no DAD) and bridge ports forwarding

now() { date +%s.%N; }

# Starts host $1 in namespace $2 (default: the host's own) on interface $3 (default eth0);
# its events go to $WORK/$1.events (JSON lines).
start_host() {
    local i="$1" ns="${2:-$TAG${HOSTS[$(($1 - 1))]}}" iface="${3:-eth0}" nick="host$1"
    echo "$(now)" > "$WORK/$i.start"
    if [ "$DRIVER" = daemon ]; then
        mkdir -p "$WORK/home$i"
        ip netns exec "$ns" "$BIN" daemon --home "$WORK/home$i" --nick "$nick" --interface "$iface" --port "4747$i" 2> "$WORK/$i.log" &
        PIDS+=($!); echo $! > "$WORK/$i.pid"
        ip netns exec "$ns" "$VENV/bin/python" "$ROOT/Tests/e2e/peers_watch.py" "$BIN" "$WORK/home$i" > "$WORK/$i.events" 2>> "$WORK/$i.log" &
        PIDS+=($!)
    else
        ip netns exec "$ns" env HUDDLE_MDNS_HOST=1 HUDDLE_MDNS_NICK="$nick" HUDDLE_MDNS_ID_SEED="$i" \
            HUDDLE_MDNS_PORT="4700$i" HUDDLE_MDNS_INTERFACE="$iface" \
            "$TESTS" --testing-library swift-testing --filter "runDiscoveryHost" > "$WORK/$i.events" 2> "$WORK/$i.log" &
        PIDS+=($!); echo $! > "$WORK/$i.pid"
    fi
}

analyse() { "$VENV/bin/python" "$ROOT/Tests/e2e/analyse_events.py" "$WORK" "$@"; }

echo "discovery e2e: driver=$DRIVER, namespaces ${TAG}*"
# A passive listener in the fourth namespace times each host's first announcement on the wire.
ip netns exec "$ZC" "$VENV/bin/python" "$ROOT/Tests/e2e/mdns_sniff.py" 10.77.0.4 > "$WORK/wire.json" 2>/dev/null &
SNIFF=$!; PIDS+=($SNIFF)
sleep 0.3
for i in 1 2 3; do start_host "$i"; done

# 1. Each host lists the other two within 3 s.
deadline=$(( $(date +%s) + 6 ))
until analyse all-listed 1 2 3 >/dev/null 2>&1 || [ "$(date +%s)" -ge "$deadline" ]; do sleep 0.1; done
analyse listed-times 1 2 3 || fail "not every host listed the other two within 3 s"
analyse announced 1 2 3 || true
# The listener shares port 5353 and could take unicast replies meant for python-zeroconf.
kill "$SNIFF" 2>/dev/null

# 2. python-zeroconf in a fourth namespace sees all three with the right SRV and TXT.
ip netns exec "$ZC" "$VENV/bin/python" "$ROOT/Tests/e2e/zeroconf_browse.py" 3 6 > "$WORK/zeroconf.json" 2> "$WORK/zeroconf.log"
analyse zeroconf 1 2 3 || fail "python-zeroconf did not see all three services correctly"

# 2b. The other way round: python-zeroconf registers a huddle service (valid id=) and every
# host lists it; its unregistration (goodbye) is seen within 1 s.
echo "$(now)" > "$WORK/zcpeer.start"
ip netns exec "$ZC" "$VENV/bin/python" "$ROOT/Tests/e2e/zeroconf_register.py" zcpeer 10.77.0.4 47999 > "$WORK/zcpeer.out" 2> "$WORK/zcpeer.log" &
ZCPID=$!; PIDS+=($ZCPID)
deadline=$(( $(date +%s) + 8 ))
until [ "$(grep -c . "$WORK/zcpeer.out" 2>/dev/null)" -ge 2 ] && analyse external zcpeer 47999 "$(head -1 "$WORK/zcpeer.out")" 1 2 3 >/dev/null 2>&1 \
    || [ "$(date +%s)" -ge "$deadline" ]; do sleep 0.1; done
analyse external zcpeer 47999 "$(head -1 "$WORK/zcpeer.out")" 1 2 3 || fail "the hosts did not list python-zeroconf's service"
echo "$(now)" > "$WORK/zcpeer.stop"
kill -TERM "$ZCPID"
sleep 1.5
analyse lost zcpeer 1.0 1 2 3 || fail "python-zeroconf's goodbye was not seen within 1 s"

# Traffic once settled, with three hosts up: the harness samples its counters every 5 s.
sleep "${SETTLE_SECONDS:-20}"
analyse counters 1 2 3 || true

# Two hosts sharing lo in a namespace of their own: every sender is 127.0.0.1, so only
# content tells a host's own packets from the other's.
LO="${TAG}l"
ip netns add "$LO" && ip -n "$LO" link set lo multicast on up
start_host 5 "$LO" lo
start_host 6 "$LO" lo
deadline=$(( $(date +%s) + 5 ))
until analyse all-listed 5 6 >/dev/null 2>&1 || [ "$(date +%s)" -ge "$deadline" ]; do sleep 0.1; done
analyse listed-times 5 6 | tail -n +3 | sed 's/^/  on lo: /'
analyse all-listed 5 6 || fail "two hosts on lo did not list each other"

# A link that goes down for a while and comes back: sends fail, NIO closes the sockets,
# discovery rebuilds them when the interface is back (rescan every 10 s) and lists again.
echo "$(now)" > "$WORK/flap.down"
ip -n "${TAG}a" link set eth0 down
sleep "${FLAP_SECONDS:-8}"
ip -n "${TAG}a" link set eth0 up
echo "$(now)" > "$WORK/flap.up"
deadline=$(( $(date +%s) + 15 ))
until analyse relisted 1 1 2 3 >/dev/null 2>&1 || [ "$(date +%s)" -ge "$deadline" ]; do sleep 0.2; done
analyse relisted 1 1 2 3 || fail "host1 was not listed again within 15 s after its link came back"

# 3. A clean stop (SIGTERM) is seen by the others within 1 s.
echo "$(now)" > "$WORK/3.stop"
kill -TERM "$(cat "$WORK/3.pid")"
sleep 1.5
analyse lost 3 1.0 1 2 || fail "the goodbye of host3 was not seen within 1 s"

# 4. A kill -9 is seen within 11 s: its session ends, which makes host1 reconfirm host2's
# records (RFC 6762 §10.4); unanswered, they go 10 s later (well before their 120 s TTL).
# The harness driver has no sessions to end, so there it takes the TTL.
echo "$(now)" > "$WORK/2.stop"
kill -9 "$(cat "$WORK/2.pid")"
if [ "$DRIVER" = daemon ]; then
    deadline=$(( $(date +%s) + 13 ))
    until analyse lost 2 11.0 1 >/dev/null 2>&1 || [ "$(date +%s)" -ge "$deadline" ]; do sleep 0.2; done
    analyse lost 2 11.0 1 || fail "the kill -9 of host2 was not noticed within 11 s"
fi

if [ "$FAILED" = 0 ]; then echo "PASS: discovery e2e"; else echo "FAIL: discovery e2e"; exit 1; fi
