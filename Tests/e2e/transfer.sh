#!/bin/bash
# End-to-end file transfer (issue 6): two hosts in network namespaces find each other by mDNS;
# a random file and a folder of small files go from host1 to host2 and arrive byte-identical;
# a transfer cut mid-way (link down and its connections reset, as a long outage does) resumes
# from the verified prefix when the hosts meet again and ends identical. Sizes: 48 MiB and
# 200 files; HUDDLE_E2E_HEAVY=1 makes them 1 GiB and 1,000 files. Needs root.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/debug/huddle}"
if [ "$(id -u)" != 0 ]; then echo "SKIP: transfer e2e needs root (network namespaces)"; exit 0; fi
if ! ip netns list >/dev/null 2>&1; then echo "SKIP: transfer e2e needs 'ip netns'"; exit 0; fi
[ -x "$BIN" ] || { echo "FAIL: $BIN missing (swift build)"; exit 1; }
if [ "${HUDDLE_E2E_HEAVY:-0}" = 1 ]; then MIB=1024; FILES=1000; else MIB=48; FILES=200; fi
SEED="${HUDDLE_TRANSFER_SEED:-$$}"
RANDOM=$SEED

. "$(dirname "$0")/netns.sh"
TAG="hx$$"
WORK="$(mktemp -d /var/tmp/huddle-e2e-transfer.XXXXXX)"
PIDS=()
FAILED=0
cleanup() {
    umount "$WORK/tiny" 2>/dev/null
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    remove_hosts "$TAG" 2
    if [ "$FAILED" = 0 ]; then rm -rf "$WORK"; else echo "logs kept in $WORK (seed $SEED)"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; FAILED=1; }

make_hosts "$TAG" 2 10.82.0 || { echo "FAIL: ip netns add"; exit 1; }

head -c "$((MIB << 20))" /dev/urandom > "$WORK/big.bin"
python3 "$(dirname "$0")/random_tree.py" "$WORK/small" "$FILES" 10 1 32768 7 " name with spaces"
huddle() { local n=$1; shift; ip netns exec "$TAG$n" "$BIN" "$@" --home "$WORK/home$n"; }
# Python that prints the state of the transfer whose ID (or short ID) is argv[1], from `transfers --json`.
PICK_STATE='import json, sys
for line in sys.stdin:
    t = json.loads(line)
    if sys.argv[1] in (t["id"], t["shortID"]): print(t["state"])'

mkdir -p "$WORK/home1" "$WORK/home2"
printf 'auto_accept_mb = 100000\n' > "$WORK/home2/config.toml"
for n in 1 2; do
    ip netns exec "$TAG$n" "$BIN" daemon --home "$WORK/home$n" --nick "host$n" --interface eth0 2> "$WORK/$n.log" &
    PIDS+=($!)
done
for _ in $(seq 100); do huddle 2 peers --json 2>/dev/null | grep -q '"online":true' && break; sleep 0.1; done
huddle 2 trust host1 verify --yes >/dev/null || fail "trust verify"

# 1. A file and a folder arrive byte-identical (auto-accepted from the verified sender).
huddle 1 send host2 "$WORK/big.bin" --wait >/dev/null || fail "sending the file"
cmp -s "$WORK/big.bin" "$WORK/home2/downloads/big.bin" && echo "  $MIB MiB file arrived identical" || fail "the file differs"
huddle 1 send host2 "$WORK/small" --wait >/dev/null || fail "sending the folder"
diff -r "$WORK/small" "$WORK/home2/downloads/small" >/dev/null && echo "  folder of $FILES files arrived identical" || fail "the folder differs"

# 2. Cut mid-way: the link goes down and the transfer's connections are reset; it resumes.
# The sender restarts with a send limit, so the cut lands inside the transfer.
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null
printf 'send_limit_mb_s = %d\n' $(( (MIB << 20) / 3000000 + 1 )) > "$WORK/home1/config.toml"
ip netns exec "${TAG}1" "$BIN" daemon --home "$WORK/home1" --nick host1 --interface eth0 2>> "$WORK/1.log" &
PIDS[0]=$!
for _ in $(seq 100); do huddle 1 peers --json 2>/dev/null | grep -q '"online":true' && break; sleep 0.1; done
rm -f "$WORK/home2/downloads/big.bin"
huddle 1 send host2 "$WORK/big.bin" --json > "$WORK/offer.json" || fail "offering again"
ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/offer.json")
for _ in $(seq 200); do
    done_bytes=$(huddle 2 transfers --json | python3 -c 'import json,sys
for l in sys.stdin:
    t=json.loads(l)
    if t["id"]==sys.argv[1]: print(t["bytesDone"])' "$ID")
    [ "${done_bytes:-0}" -gt $((MIB << 18)) ] 2>/dev/null && break # a quarter or more
    sleep 0.02
done
sleep "0.$((RANDOM % 5))"
ip -n "${TAG}br" link set p2 down
for n in 1 2; do ip netns exec "$TAG$n" ss -K state established >/dev/null 2>&1; done
state=$(huddle 1 transfers --json | python3 -c 'import json,sys
for l in sys.stdin:
    t=json.loads(l)
    if t["id"]==sys.argv[1]: print(t["state"], t["bytesDone"])' "$ID")
echo "  cut at: $state (seed $SEED)"
sleep 2
ip -n "${TAG}br" link set p2 up
final=""
for _ in $(seq 600); do
    final=$(huddle 1 transfers --json | python3 -c 'import json,sys
for l in sys.stdin:
    t=json.loads(l)
    if t["id"]==sys.argv[1]: print(t["state"])' "$ID")
    [ "$final" = done ] || [ "$final" = failed ] && break
    sleep 0.1
done
[ "$final" = done ] || fail "the cut transfer ended $final"
cmp -s "$WORK/big.bin" "$WORK/home2/downloads/big.bin" && echo "  the cut transfer resumed and ended identical" || fail "the resumed file differs"
ls "$WORK/home2/downloads/"*.part >/dev/null 2>&1 && fail "a .part file was left behind"

# 3. kill -9 of the receiver, then of the sender, mid-way: each restarts and the transfer
#    resumes from what was verified and ends identical.
restart() { # host number
    local n=$1
    ip netns exec "$TAG$n" "$BIN" daemon --home "$WORK/home$n" --nick "host$n" --interface eth0 2>> "$WORK/$n.log" &
    PIDS[$((n - 1))]=$!
}
state_of() { huddle "$1" transfers --json 2>/dev/null | python3 -c 'import json,sys
for l in sys.stdin:
    t=json.loads(l)
    if t["id"]==sys.argv[1]: print(t["state"], t["bytesDone"])' "$2"; }
for victim in 2 1; do
    rm -f "$WORK/home2/downloads/big.bin"
    huddle 1 send host2 "$WORK/big.bin" --json > "$WORK/offer-k$victim.json" || fail "offering (kill $victim)"
    KID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/offer-k$victim.json")
    for _ in $(seq 300); do
        set -- $(state_of 2 "$KID"); [ "${2:-0}" -gt $((MIB << 18)) ] 2>/dev/null && break; sleep 0.02
    done
    sleep "0.$((RANDOM % 5))"
    kill -9 "${PIDS[$((victim - 1))]}"; wait "${PIDS[$((victim - 1))]}" 2>/dev/null
    echo "  kill -9 of host$victim at $(state_of $((3 - victim)) "$KID")"
    restart "$victim"
    final=""
    for _ in $(seq 600); do
        final=$(state_of 1 "$KID" | cut -d' ' -f1)
        [ "$final" = done ] || [ "$final" = failed ] && break
        sleep 0.1
    done
    [ "$final" = done ] && cmp -s "$WORK/big.bin" "$WORK/home2/downloads/big.bin" \
        && echo "  after kill -9 of host$victim the transfer resumed and ended identical" || fail "after kill -9 of host$victim: $final"
done
ls "$WORK/home2/downloads/"*.part >/dev/null 2>&1 && fail "a .part file was left behind after the kills"

# 4. Ctrl-C on `huddle send --wait` cancels the transfer on both sides; no .part stays.
rm -f "$WORK/home2/downloads/big.bin"
ip netns exec "${TAG}1" "$BIN" send --home "$WORK/home1" host2 "$WORK/big.bin" --wait > "$WORK/wait.out" 2>&1 &
SENDER=$!
for _ in $(seq 200); do grep -q transferring "$WORK/wait.out" && break; sleep 0.02; done
sleep 0.3
kill -INT "$SENDER"; wait "$SENDER"; code=$?
[ "$code" = 130 ] || fail "send --wait interrupted exited $code, expected 130"
for _ in $(seq 100); do huddle 2 transfers --json | grep -q '"state":"cancelled"' && break; sleep 0.05; done
huddle 2 transfers --json | grep -q '"state":"cancelled"' && echo "  Ctrl-C on send --wait cancelled it on both sides" || fail "the receiver did not see the cancel"
sleep 0.2
ls "$WORK/home2/downloads/"*.part >/dev/null 2>&1 && fail "a cancelled transfer left its .part"

# 5. A full disk: a folder on a small tmpfs. Too little space is refused when accepting; space
#    that runs out mid-way aborts the transfer and removes the .part.
mkdir -p "$WORK/tiny"
if ! mount -t tmpfs -o size=$(( (MIB << 20) + (24 << 20) )) tmpfs "$WORK/tiny" 2>/dev/null; then
    echo "  SKIP: full disk (this system does not let root mount a tmpfs)"
else
    head -c "$((MIB << 20))" /dev/zero > "$WORK/tiny/filler" # leaves 24 MiB
    # host2 restarts asking again, so each offer can be accepted into the tmpfs by hand.
    printf 'auto_accept_mb = 0\n' > "$WORK/home2/config.toml"
    kill "${PIDS[1]}"; wait "${PIDS[1]}" 2>/dev/null
    ip netns exec "${TAG}2" "$BIN" daemon --home "$WORK/home2" --nick host2 --interface eth0 2>> "$WORK/2.log" &
    PIDS[1]=$!
    for _ in $(seq 100); do huddle 1 peers --json 2>/dev/null | grep -q '"online":true' && break; sleep 0.1; done
    offer_to_tiny() {
        huddle 1 send host2 "$WORK/big.bin" --json > "$WORK/offer3.json" 2>/dev/null
        local id; id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["shortID"])' "$WORK/offer3.json")
        for _ in $(seq 100); do huddle 2 transfers --json | grep -q "\"$id\"" && break; sleep 0.05; done
        echo "$id"
    }
    ID3=$(offer_to_tiny)
    out=$(huddle 2 accept "$ID3" --to "$WORK/tiny" 2>&1) && fail "accepting $MIB MiB into 24 MiB of space succeeded" \
        || { echo "$out" | grep -qi "space" && echo "  too little space: refused when accepting ($(echo "$out" | head -1 | cut -c1-80))" || fail "unclear refusal: $out"; }
    rm -f "$WORK/tiny/filler"
    ID4=$(offer_to_tiny)
    huddle 2 accept "$ID4" --to "$WORK/tiny" >/dev/null || fail "accepting into the tmpfs"
    for _ in $(seq 200); do huddle 2 transfers --json | grep "\"$ID4\"" | grep -q transferring && break; sleep 0.02; done
    head -c "$((MIB << 20))" /dev/zero > "$WORK/tiny/filler" 2>/dev/null # the disk fills up under the transfer
    final=""
    for _ in $(seq 300); do
        final=$(huddle 2 transfers --json | python3 -c "$PICK_STATE" "$ID4")
        [ "$final" = failed ] || [ "$final" = done ] && break
        sleep 0.05
    done
    [ "$final" = failed ] && echo "  the disk filled mid-way: the transfer failed cleanly" || fail "full disk: the transfer ended $final"
    ls "$WORK/tiny/"*.part >/dev/null 2>&1 && fail "a full disk left the .part behind"
    umount "$WORK/tiny"
fi

if [ "$FAILED" = 0 ]; then echo "PASS: transfer e2e"; else echo "FAIL: transfer e2e"; exit 1; fi
