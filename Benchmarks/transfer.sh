#!/bin/bash
# File transfer against scp (issue 6 goals: a 1 GiB file at least 1.5x scp's throughput,
# stretch 2x; a folder of 1,000 small files at least 3x faster than scp -r; sender and
# receiver under 50 MB resident). Two hosts in network namespaces on a bridge: huddle daemons
# (release build) and an sshd that this script starts inside the receiver's namespace
# (cipher aes128-gcm@openssh.com). Where sshd is not installed, the Debian packages are
# downloaded and unpacked into a cache folder (never installed, never started outside the
# namespace). Needs root. Usage: Benchmarks/transfer.sh [MiB] [files]
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${HUDDLE_BIN:-$ROOT/.build/release/huddle}"
MIB="${1:-1024}"
FILES="${2:-1000}"
if [ "$(id -u)" != 0 ]; then echo '{"case": "transfer", "skipped": "needs root (network namespaces)"}'; exit 0; fi
[ -x "$BIN" ] || { echo "missing $BIN: swift build -c release" >&2; exit 1; }

SSHD=/usr/sbin/sshd
SFTP=/usr/lib/openssh/sftp-server
LIBS=""
if [ ! -x "$SSHD" ]; then
    CACHE=/tmp/huddle-bench-sshd
    if [ ! -x "$CACHE/root/usr/sbin/sshd" ]; then
        # A fresh machine may have empty package lists: update them once if the download fails.
        fetch() { apt-get download openssh-server openssh-sftp-server libwrap0 >/dev/null 2>&1; }
        mkdir -p "$CACHE" && (cd "$CACHE" && { fetch || { apt-get update >/dev/null 2>&1 && fetch; }; } \
            && for deb in *.deb; do dpkg -x "$deb" root; done) || { echo '{"case": "transfer", "skipped": "no sshd and could not fetch it"}'; exit 0; }
    fi
    SSHD="$CACHE/root/usr/sbin/sshd"
    SFTP="$CACHE/root/usr/lib/openssh/sftp-server"
    LIBS="$CACHE/root/usr/lib/x86_64-linux-gnu"
fi

. "$ROOT/Tests/e2e/netns.sh"
TAG="ht$$"
WORK="$(mktemp -d /var/tmp/huddle-bench-transfer.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    remove_hosts "$TAG" 2
    mountpoint -q "$WORK/rx" && umount "$WORK/rx"
    [ -n "${KEEP:-}" ] && { echo "kept $WORK"; return; }; rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
make_hosts "$TAG" 2 10.81.0 || exit 1

# The data: one big random file, and a folder of small files (1 to 64 KiB).
head -c "$((MIB << 20))" /dev/urandom > "$WORK/big.bin"
python3 "$ROOT/Tests/e2e/random_tree.py" "$WORK/small" "$FILES" 20 1024 65536 6

# Both tools receive into RX: by default on the disk holding WORK; with BENCH_DISK=loop on a
# fresh journaled ext4 on a loop device, like a laptop's disk (there each fsync is a journal
# commit and a flush, and the loop device copies what is written once more); with
# BENCH_DISK=tmpfs in memory, which takes the disk out and leaves the transfer itself (this
# machine's virtual disk writes anywhere from 200 to 900 MB/s from one hour to the next).
# On this machine's unjournaled scratch ext4, creating files is 2-3x slower for minutes after
# any large delete (it skips recently freed inodes), so earlier runs are moved aside.
RUNS="${RUNS:-3}"
RX="$WORK/rx"
mkdir -p "$RX"
if [ "${BENCH_DISK:-host}" = loop ] && command -v mkfs.ext4 >/dev/null; then
    truncate -s "$(( (MIB * RUNS * 2 + 2048) ))M" "$WORK/rx.img" && mkfs.ext4 -q -F "$WORK/rx.img" \
        && mount -o loop "$WORK/rx.img" "$RX" || { echo "could not mount the loop file system" >&2; exit 1; }
    DISK="fresh journaled ext4 on a loop device"
elif [ "${BENCH_DISK:-host}" = tmpfs ]; then
    mount -t tmpfs -o "size=$(( MIB * RUNS * 2 + 1024 ))M" huddle-bench "$RX" || { echo "could not mount a tmpfs" >&2; exit 1; }
    DISK="tmpfs (memory: the transfer alone, no disk)"
else
    DISK="the disk holding $WORK"
fi
mkdir -p "$RX/scp-in" "$RX/huddle" "$RX/done"

# sshd inside the receiver's namespace, and a key for the sender.
mkdir -p "$WORK/ssh"
ssh-keygen -q -t ed25519 -N "" -f "$WORK/ssh/host" && ssh-keygen -q -t ed25519 -N "" -f "$WORK/ssh/client"
cp "$WORK/ssh/client.pub" "$WORK/ssh/authorized_keys"
cat > "$WORK/ssh/sshd_config" <<CONF
ListenAddress 10.81.0.2
Port 22
HostKey $WORK/ssh/host
AuthorizedKeysFile $WORK/ssh/authorized_keys
PermitRootLogin yes
PasswordAuthentication no
UsePAM no
StrictModes no
PidFile $WORK/ssh/sshd.pid
Subsystem sftp $SFTP
CONF
mkdir -p /run/sshd
# sshd separates privileges into this system user (what the openssh-server package adds).
id sshd >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /run/sshd --shell /usr/sbin/nologin sshd
ip netns exec "${TAG}2" env LD_LIBRARY_PATH="$LIBS" "$SSHD" -D -f "$WORK/ssh/sshd_config" -E "$WORK/ssh/sshd.log" &
PIDS+=($!)
SCP=(ip netns exec "${TAG}1" scp -q -c aes128-gcm@openssh.com -i "$WORK/ssh/client" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR)

# huddle daemons; the receiver accepts from the verified sender without asking.
mkdir -p "$WORK/home1" "$WORK/home2"
ln -s "$RX/huddle" "$WORK/home2/downloads"
printf 'auto_accept_mb = 1000000\n' > "$WORK/home2/config.toml"
for n in 1 2; do
    ip netns exec "$TAG$n" "$BIN" daemon --home "$WORK/home$n" --nick "host$n" --interface eth0 2> "$WORK/$n.log" &
    PIDS+=($!)
done
DAEMON1=${PIDS[1]}; DAEMON2=${PIDS[2]}
for _ in $(seq 100); do
    ip netns exec "${TAG}2" "$BIN" peers --home "$WORK/home2" --json 2>/dev/null | grep -q '"online":true' && break
    sleep 0.1
done
ip netns exec "${TAG}2" "$BIN" trust --home "$WORK/home2" host1 verify --yes >/dev/null

seconds() { python3 -c 'import sys,time; print(time.time())'; }
# Each timed command starts with nothing dirty in the page cache: scp leaves its writeback to
# the kernel after it exits, which would otherwise land in the next command's time.
timed() { local start end; sync; start=$(seconds); "$@" >/dev/null || return 1; end=$(seconds); python3 -c "print($end - $start)"; }
reset_peak() { echo 5 > "/proc/$1/clear_refs"; }
# CPU seconds (user + system) a process has used: less sensitive than time to a busy machine.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }
peak_mb() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
huddle_send() { ip netns exec "${TAG}1" "$BIN" send --home "$WORK/home1" host2 "$1" --wait; }

best_scp_big=999999; best_huddle_big=999999; best_scp_small=999999; best_huddle_small=999999
peak_sender=0; peak_receiver=0; cpu_sender=999999; cpu_receiver=999999
for run in $(seq "$RUNS"); do
    # Earlier runs' files are moved aside, not deleted: right after deleting thousands of
    # files, ext4 scans past their recently freed inodes on every create, which would slow
    # both tools alike and hide their difference. The sync keeps their writeback out of the run.
    mv "$RX/huddle" "$RX/done/huddle$run" && mkdir "$RX/huddle"
    mv "$RX/scp-in" "$RX/done/scp$run" && mkdir "$RX/scp-in"
    sync
    t=$(timed "${SCP[@]}" "$WORK/big.bin" "root@10.81.0.2:$RX/scp-in/") || { echo "scp failed" >&2; exit 1; }
    best_scp_big=$(python3 -c "print(min($best_scp_big, $t))")
    reset_peak "$DAEMON1"; reset_peak "$DAEMON2"
    cpu1=$(cpu_s "$DAEMON1"); cpu2=$(cpu_s "$DAEMON2")
    t=$(timed huddle_send "$WORK/big.bin") || { echo "huddle send failed" >&2; exit 1; }
    best_huddle_big=$(python3 -c "print(min($best_huddle_big, $t))")
    cpu_sender=$(python3 -c "print(min($cpu_sender, $(cpu_s "$DAEMON1") - $cpu1))")
    cpu_receiver=$(python3 -c "print(min($cpu_receiver, $(cpu_s "$DAEMON2") - $cpu2))")
    peak_sender=$(python3 -c "print(max($peak_sender, $(peak_mb "$DAEMON1")))"); peak_receiver=$(python3 -c "print(max($peak_receiver, $(peak_mb "$DAEMON2")))")
    cmp -s "$WORK/big.bin" "$RX/huddle/big.bin" || { echo "huddle: the big file differs" >&2; exit 1; }
    cmp -s "$WORK/big.bin" "$RX/scp-in/big.bin" || { echo "scp: the big file differs" >&2; exit 1; }
    t=$(timed "${SCP[@]}" -r "$WORK/small" "root@10.81.0.2:$RX/scp-in/") || { echo "scp -r failed" >&2; exit 1; }
    best_scp_small=$(python3 -c "print(min($best_scp_small, $t))")
    t=$(timed huddle_send "$WORK/small") || { echo "huddle send of the folder failed" >&2; exit 1; }
    best_huddle_small=$(python3 -c "print(min($best_huddle_small, $t))")
    diff -r "$WORK/small" "$RX/huddle/small" >/dev/null || { echo "huddle: the folder differs" >&2; exit 1; }
done
python3 - "$MIB" "$FILES" "$RUNS" "$DISK" "$best_scp_big" "$best_huddle_big" "$best_scp_small" "$best_huddle_small" "$peak_sender" "$peak_receiver" "$cpu_sender" "$cpu_receiver" <<'PY'
import json, sys
mib, files, runs, disk = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
scp_big, huddle_big, scp_small, huddle_small, sender, receiver, cpu_sender, cpu_receiver = map(float, sys.argv[5:13])
mb = mib * 1048576 / 1e6
print(json.dumps({"case": "transfer", "file_mib": mib, "scp_mb_s": round(mb / scp_big), "huddle_mb_s": round(mb / huddle_big),
                  "ratio": round(scp_big / huddle_big, 2), "goal_ratio": 1.5, "stretch_ratio": 2,
                  "cpu_s_per_gib_sender": round(cpu_sender * 1024 / mib, 2), "cpu_s_per_gib_receiver": round(cpu_receiver * 1024 / mib, 2),
                  "folder_files": files, "scp_r_s": round(scp_small, 2), "huddle_folder_s": round(huddle_small, 2),
                  "folder_ratio": round(scp_small / huddle_small, 2), "goal_folder_ratio": 3,
                  "peak_rss_sender_mb": sender, "peak_rss_receiver_mb": receiver, "goal_rss_mb": 50,
                  "receive_disk": disk, "method": f"best of {runs} runs each; scp -c aes128-gcm@openssh.com to an sshd in the receiver's namespace; "
                            "huddle send --wait (whole command, offer to verified end, auto-accepted); both byte-checked; earlier runs moved aside, not deleted; "
                            "peak RSS = VmHWM of each daemon over the huddle transfers; CPU = user + system seconds of each daemon over the big file (least of the runs)"}))
PY
