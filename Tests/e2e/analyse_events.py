"""Reads the event logs of Tests/e2e/discovery.sh and checks / prints figures.

Usage: analyse_events.py WORKDIR COMMAND ARGS...
  all-listed H...          every host lists every other (exit 0) or not (exit 1)
  listed-times H...        start-to-listed time of each pair; fails if any > 3 s
  zeroconf H...            python-zeroconf's view matches what the hosts announce
  external NAME PORT ID H...  each host lists python-zeroconf's service NAME with PORT and ID
  lost S MAX OBSERVER...   each observer reported S (host number or nickname) lost within MAX s of S's stop
  counters H...            packets per second of host H once settled
Hosts are numbered; host N announces the nickname "hostN".
"""
import json
import os
import statistics
import sys

work, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]


def events(host):
    path = os.path.join(work, f"{host}.events")
    result = []
    if os.path.exists(path):
        for line in open(path):
            try:
                result.append(json.loads(line))
            except ValueError:
                pass
    return result


def stamp(name):
    return float(open(os.path.join(work, name)).read().strip())


def nick(subject):
    return f"host{subject}" if subject.isdigit() else subject


def found_by(observer):
    """nickname -> first found event, and id -> nickname, as seen by observer."""
    first, ids = {}, {}
    for e in events(observer):
        if e.get("event") == "found":
            first.setdefault(e["nickname"], e)
            ids[e["id"]] = e["nickname"]
    return first, ids


def view(observer):
    current = {}
    for e in events(observer):
        if e.get("event") == "found":
            current[e["id"]] = e["nickname"]
        elif e.get("event") == "lost":
            current.pop(e["id"], None)
    return set(current.values())


if command == "all-listed":
    ok = all({f"host{o}" for o in args if o != h} <= view(h) for h in args)
    sys.exit(0 if ok else 1)

if command == "listed-times":
    times, from_ready, ok = [], [], True
    for subject in args:
        start = stamp(f"{subject}.start")
        ready = [e["t"] for e in events(subject) if e.get("event") == "started"]
        for observer in args:
            if observer == subject:
                continue
            first, _ = found_by(observer)
            e = first.get(f"host{subject}")
            if e is None:
                print(f"  host{subject} never listed by host{observer}")
                ok = False
                continue
            delay = e["t"] - start
            times.append(delay)
            extra = ""
            if ready:
                from_ready.append(e["t"] - ready[0])
                extra = f" ({e['t'] - ready[0]:.3f} s after its discovery had started)"
            print(f"  host{subject} listed by host{observer}: {delay:.3f} s after its launch{extra}")
            ok = ok and delay <= 3.0
    if times:
        print(f"start to listed: median {statistics.median(times):.3f} s, max {max(times):.3f} s from process launch "
              f"(goal: median <= 1 s, all <= 3 s)")
    if from_ready:
        print(f"discovery start to listed: median {statistics.median(from_ready):.3f} s, max {max(from_ready):.3f} s "
              f"(launch includes loading the process)")
    sys.exit(0 if ok else 1)

if command == "announced":
    # announced H...: launch to the host's first announcement (response) on the wire.
    path = os.path.join(work, "wire.json")
    packets = [json.loads(line) for line in open(path)] if os.path.exists(path) else []
    delays = []
    for host in args:
        start = stamp(f"{host}.start")
        first = [p["t"] for p in packets if p["source"] == f"10.77.0.{host}" and p["kind"] == "response" and p["t"] >= start]
        probes = [p["t"] for p in packets if p["source"] == f"10.77.0.{host}" and p["kind"] == "probe" and p["t"] >= start]
        if first:
            delays.append(first[0] - start)
            print(f"  host{host}: first probe {probes[0] - start if probes else float('nan'):.3f} s, first announcement "
                  f"{first[0] - start:.3f} s after launch (on the wire)")
    if delays:
        print(f"launch to announced on the wire: median {statistics.median(delays):.3f} s; others list a peer when "
              f"its announcement arrives, `huddle peers` polling shows it somewhat later")
    sys.exit(0)

if command == "zeroconf":
    services = {}
    for line in open(os.path.join(work, "zeroconf.json")):
        s = json.loads(line)
        services[s["name"]] = s
    ok = True
    for host in args:
        name = f"host{host}._huddle._tcp.local."
        s = services.get(name)
        # What the other hosts saw this host announce (id and port).
        seen = [found_by(o)[0].get(f"host{host}") for o in args if o != host]
        seen = [e for e in seen if e]
        if not s or not s.get("resolved"):
            print(f"  python-zeroconf did not resolve {name}")
            ok = False
            continue
        if not seen:
            print(f"  no host saw host{host}, cannot compare")
            ok = False
            continue
        want = seen[0]
        good = s["port"] == want["port"] and s["txt"].get("id") == want["id"] and s["txt"].get("v") == "1"
        print(f"  python-zeroconf: {name} port {s['port']} id={s['txt'].get('id')} v={s['txt'].get('v')} "
              f"addresses {s['addresses']} {'ok' if good else 'MISMATCH (hosts saw port %s id %s)' % (want['port'], want['id'])}")
        ok = ok and good
    sys.exit(0 if ok else 1)

if command == "external":
    # external NAME PORT ID H...: a service registered by python-zeroconf is listed by each host.
    name, port, ident, observers = args[0], int(args[1]), args[2], args[3:]
    start = stamp(f"{name}.start")
    ok = True
    for observer in observers:
        e = found_by(observer)[0].get(name)
        if e is None:
            print(f"  host{observer} has not listed {name} (python-zeroconf)")
            ok = False
            continue
        good = e["port"] == port and e["id"] == ident
        print(f"  host{observer} listed {name} (python-zeroconf) {e['t'] - start:.3f} s after it was launched, "
              f"port {e['port']} addresses {e.get('addresses')} {'ok' if good else 'MISMATCH'}")
        ok = ok and good
    sys.exit(0 if ok else 1)

if command == "lost":
    subject, limit, observers = args[0], float(args[1]), args[2:]
    stop = stamp(f"{subject}.stop")
    ok = True
    for observer in observers:
        _, ids = found_by(observer)
        wanted = {i for i, n in ids.items() if n == nick(subject)}
        lost = [e["t"] for e in events(observer) if e.get("event") == "lost" and e["id"] in wanted and e["t"] >= stop - 0.5]
        if not lost:
            print(f"  host{observer} has not reported {nick(subject)} lost")
            ok = False
            continue
        delay = lost[0] - stop
        print(f"  host{observer} reported {nick(subject)} lost {delay:.3f} s after it was stopped (limit {limit} s)")
        ok = ok and delay <= limit
    sys.exit(0 if ok else 1)

if command == "relisted":
    # relisted H H...: after H's link came back, every host lists every other again.
    flapped, hosts = args[0], args[1:]
    down, up = stamp("flap.down"), stamp("flap.up")
    ok = all({f"host{o}" for o in hosts if o != h} <= view(h) for h in hosts)
    lost = sum(1 for h in hosts for e in events(h) if e.get("event") == "lost" and e["t"] >= down)
    found_after = [e["t"] for h in hosts for e in events(h) if e.get("event") == "found" and e["t"] >= up]
    relisted = f"{max(found_after) - up:.3f} s after the link came back" if found_after and ok else "not yet"
    print(f"  link of host{flapped} down {up - down:.1f} s: {lost} lost events meanwhile; all listed again: {relisted}")
    sys.exit(0 if ok else 1)

if command == "counters":
    for host in args:
        samples = [e for e in events(host) if e.get("event") == "counters"]
        if len(samples) < 2:
            print(f"  host{host}: no counter samples (daemon driver or too short a run)")
            continue
        # Settled: from the second sample (10 s after start) to the last.
        a, b = samples[1], samples[-1]
        span = b["t"] - a["t"]
        if span <= 0:
            continue
        print(f"  host{host} settled traffic over {span:.1f} s (IPv4 and IPv6 sockets together): "
              f"sent {(b['sent'] - a['sent']) / span:.2f} packets/s, "
              f"received {(b['received'] - a['received']) / span:.2f} packets/s, dropped {b['dropped']}, own echoes {b['own']}")
    sys.exit(0)

if command == "scale":
    # scale H...: when every host first listed all the others, and traffic once settled.
    starts = [stamp(f"{h}.start") for h in args]
    first_launch, last_launch = min(starts), max(starts)
    complete = []
    for h in args:
        current, done_at = {}, None
        for e in events(h):
            if e.get("event") == "found":
                current[e["id"]] = e["nickname"]
            elif e.get("event") == "lost":
                current.pop(e["id"], None)
            if done_at is None and len(current) >= len(args) - 1:
                done_at = e["t"]
        complete.append(done_at)
    if any(t is None for t in complete):
        missing = sum(1 for t in complete if t is None)
        print(f"  {missing} of {len(args)} hosts never listed all the others")
        sys.exit(1)
    print(f"  {len(args)} hosts launched within {last_launch - first_launch:.2f} s; all listed all others "
          f"{max(complete) - first_launch:.3f} s after the first launch, {max(complete) - last_launch:.3f} s after the last")
    rates_sent, rates_received = [], []
    for h in args:
        samples = [e for e in events(h) if e.get("event") == "counters"]
        window = [e for e in samples if e["t"] >= stamp("settled")]
        if len(window) >= 2:
            span = window[-1]["t"] - window[0]["t"]
            rates_sent.append((window[-1]["sent"] - window[0]["sent"]) / span)
            rates_received.append((window[-1]["received"] - window[0]["received"]) / span)
    if rates_sent:
        print(f"  settled traffic per peer (IPv4 and IPv6 sockets together): sent {statistics.mean(rates_sent):.2f} packets/s "
              f"(max {max(rates_sent):.2f}), received {statistics.mean(rates_received):.2f} packets/s")
    sys.exit(0 if max(complete) - last_launch <= 5.0 else 1)

print(f"unknown command {command}")
sys.exit(2)
