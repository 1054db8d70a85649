# Test hosts in network namespaces, for the end-to-end scripts and benchmarks (source this).
# Host N is the namespace $TAG$N with lo up and eth0 = $SUBNET.N/24 (multicast on, IPv6
# usable at once), joined by a veth pair to a bridge in the namespace ${TAG}br. Nothing
# touches the machine's own interfaces.

# Makes the bridge namespace with the bridge `$2` (default br0); more bridges may follow.
make_bridge() { # TAG [BRIDGE]
    local tag=$1 bridge=${2:-br0}
    ip netns list | grep -q "^${tag}br\b" || ip netns add "${tag}br" || return 1
    ip -n "${tag}br" link add "$bridge" type bridge mcast_snooping 0
    ip -n "${tag}br" link set "$bridge" up
}

# Adds host N on BRIDGE (default br0) with the address SUBNET.N.
add_host() { # TAG N SUBNET [BRIDGE]
    local tag=$1 n=$2 subnet=$3 bridge=${4:-br0} ns="$1$2"
    ip netns add "$ns" || return 1
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    ip -n "${tag}br" link add "p$n" type veth peer name eth0 netns "$ns"
    ip -n "${tag}br" link set "p$n" master "$bridge" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$subnet.$n/24" dev eth0
    ip -n "$ns" link set eth0 multicast on up
}

# The kernel keeps one neighbour table (ARP, NDP) for all namespaces, 1,024 entries by
# default (gc_thresh3). N hosts that all talk to each other hold about 2 N^2 entries (IPv4
# and IPv6), so past about 20 hosts the table overflows ("neighbor table overflow!" in
# dmesg), IPv6 sends fail with EINVAL and IPv4 packets are dropped: the LAN breaks down,
# whatever runs on it. A real LAN has one kernel per host and never sees this. For COUNT
# hosts the limits are raised to room for 4 COUNT^2 entries (never lowered), and
# remove_hosts puts back what was there.
raise_neighbour_limits() { # TAG COUNT
    local need=$(( 4 * $2 * $2 )) family saved=""
    for family in ipv4 ipv6; do
        local t2 t3
        t2=$(sysctl -n "net.$family.neigh.default.gc_thresh2") t3=$(sysctl -n "net.$family.neigh.default.gc_thresh3")
        [ "$t3" -ge "$need" ] && continue
        saved="$saved net.$family.neigh.default.gc_thresh2=$t2 net.$family.neigh.default.gc_thresh3=$t3"
        sysctl -qw "net.$family.neigh.default.gc_thresh2=$(( need / 2 ))" "net.$family.neigh.default.gc_thresh3=$need"
    done
    [ -z "$saved" ] || echo "$saved" > "/tmp/huddle-neighbour-limits.$1"
}

# Puts back the limits raise_neighbour_limits changed for TAG.
restore_neighbour_limits() { # TAG
    local file="/tmp/huddle-neighbour-limits.$1"
    [ -f "$file" ] || return 0
    # shellcheck disable=SC2046
    sysctl -qw $(cat "$file")
    rm -f "$file"
}

# A bridge and hosts 1..COUNT on it.
make_hosts() { # TAG COUNT SUBNET
    raise_neighbour_limits "$1" "$2"
    make_bridge "$1" || return 1
    local n
    for n in $(seq "$2"); do add_host "$1" "$n" "$3" || return 1; done
}

# Removes hosts 1..COUNT and the bridge namespace (quietly, whatever exists).
remove_hosts() { # TAG COUNT
    local n
    for n in $(seq "$2"); do ip netns del "$1$n" 2>/dev/null; done
    ip netns del "$1br" 2>/dev/null
    restore_neighbour_limits "$1"
}
