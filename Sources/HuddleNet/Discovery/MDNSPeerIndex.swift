import HuddleCore
import NIOCore

/// The huddle peers that the records in the cache describe, kept up to date per changed
/// name: a packet costs the instances and hosts it names, not the size of the cache.
///
/// An instance (`nick._huddle._tcp.local`) needs a live SRV and a TXT with a valid `id=`;
/// its peer needs at least one address of a host an SRV points to. Several instances may
/// announce one peer ID (one per interface, or a rename): the most recently heard gives the
/// nickname, port and version, and the addresses are those of all of them.
struct MDNSPeerIndex: Sendable {
    /// What one instance says, read from its SRV and TXT records.
    struct Instance: Equatable, Sendable {
        var id: PeerID
        var version: UInt32
        var port: UInt16
        var targets: Set<DNSName>
        /// When its newest SRV arrived.
        var newest: NIODeadline
    }

    private(set) var instances: [DNSName: Instance] = [:]
    /// Each instance's TXT strings as last parsed, and what they said: a TXT heard again
    /// is not parsed again.
    private var parsedTXT: [DNSName: (strings: [[UInt8]], parsed: (id: PeerID, version: UInt32)?)] = [:]
    private var instancesOfTarget: [DNSName: Set<DNSName>] = [:]
    private(set) var instancesOfPeer: [PeerID: Set<DNSName>] = [:]

    /// Reads again the instances that the `changed` names touch (an instance's own name, or a
    /// host its SRV points to); returns the peers whose view may have changed.
    mutating func update(changed: Set<DNSName>, cache: MDNSCache, me: PeerID) -> Set<PeerID> {
        var touched = Set<DNSName>()
        for name in changed {
            if name.isChild(of: MDNSServiceNames.serviceType) { touched.insert(name) }
            touched.formUnion(instancesOfTarget[name] ?? [])
        }
        var peers = Set<PeerID>()
        for name in touched {
            let old = instances[name], new = instance(named: name, cache: cache, me: me)
            if let old, let new, old.id == new.id, old.targets == new.targets {
                // Same peer and hosts (a refresh, perhaps a new port or version): the maps
                // stay; its hosts' addresses may have changed, so its peer is read again.
                instances[name] = new
                peers.insert(new.id)
                continue
            }
            if old == nil && new == nil { continue }
            if let old {
                for target in old.targets { Self.remove(name, from: &instancesOfTarget, at: target) }
                Self.remove(name, from: &instancesOfPeer, at: old.id)
                peers.insert(old.id)
            }
            instances[name] = new
            if let new {
                for target in new.targets { instancesOfTarget[target, default: []].insert(name) }
                instancesOfPeer[new.id, default: []].insert(name)
                peers.insert(new.id)
            }
        }
        return peers
    }

    /// The view of `id` from its instances and their hosts' addresses (link-local IPv6 with
    /// the interface's name), or nil when it has no instance with an address.
    func peer(_ id: PeerID, cache: MDNSCache, interfaceName: (Int) -> String?) -> DiscoveredPeer? {
        let named = (instancesOfPeer[id] ?? []).compactMap { name in instances[name].map { (name, $0) } }
            .sorted { ($0.1.newest, $0.0.description) > ($1.1.newest, $1.0.description) }
        var addresses = Set<String>()
        var first: (DNSName, Instance)?
        for (name, instance) in named {
            var own = Set<String>()
            for target in instance.targets {
                for entry in cache.entries(named: target) where !entry.isGone {
                    switch entry.record.data {
                    case let .a(bytes): own.insert(MDNSAddressText.format(bytes))
                    case let .aaaa(bytes):
                        let text = MDNSAddressText.format(bytes)
                        guard MDNSAddressText.isLinkLocal(bytes), let interface = interfaceName(entry.interfaceIndex) else {
                            own.insert(text)
                            continue
                        }
                        own.insert(text + "%" + interface)
                    default: continue
                    }
                }
            }
            guard !own.isEmpty else { continue }
            if first == nil { first = (name, instance) }
            addresses.formUnion(own)
        }
        guard let (name, instance) = first else { return nil }
        return DiscoveredPeer(id: id, nickname: ReceivedNickname.capped(name.firstLabel), port: instance.port,
                              addresses: addresses.sorted(by: MDNSEngine.addressOrder), protocolVersion: instance.version)
    }

    /// The instance `name` as the cache describes it now: its newest live SRV (with the
    /// targets of all its live SRVs) and its newest TXT with a valid `id=`; nil without
    /// either, or when it is this peer's own ID.
    mutating func instance(named name: DNSName, cache: MDNSCache, me: PeerID) -> Instance? {
        var srv: (port: UInt16, at: NIODeadline)?
        var targets = Set<DNSName>()
        var txt: (id: PeerID, version: UInt32, at: NIODeadline)?
        for entry in cache.entries(named: name) where !entry.isGone {
            switch entry.record.data {
            case let .srv(_, _, port, target):
                targets.insert(target)
                if srv == nil || entry.receivedAt > srv!.at { srv = (port, entry.receivedAt) }
            case let .txt(strings):
                guard txt == nil || entry.receivedAt > txt!.at else { continue }
                let parsed: (id: PeerID, version: UInt32)?
                if let known = parsedTXT[name], known.strings == strings {
                    parsed = known.parsed
                } else {
                    parsed = MDNSTXT.parse(strings)
                    parsedTXT[name] = (strings, parsed)
                }
                guard let parsed else { continue }
                txt = (parsed.id, parsed.version, entry.receivedAt)
            default: continue
            }
        }
        if txt == nil && !cache.entries(named: name).contains(where: { $0.record.type == DNSRecordType.txt.rawValue }) { parsedTXT[name] = nil }
        guard let srv, let txt, txt.id != me else { return nil }
        return Instance(id: txt.id, version: txt.version, port: srv.port, targets: targets, newest: srv.at)
    }

    /// Every peer the cache describes, built from nothing (tests check the index against it).
    static func fullView(cache: MDNSCache, me: PeerID, interfaceName: (Int) -> String?) -> [PeerID: DiscoveredPeer] {
        var index = MDNSPeerIndex()
        let peers = index.update(changed: cache.instanceNames, cache: cache, me: me)
        var view: [PeerID: DiscoveredPeer] = [:]
        for id in peers { view[id] = index.peer(id, cache: cache, interfaceName: interfaceName) }
        return view
    }

    private static func remove<K: Hashable>(_ name: DNSName, from index: inout [K: Set<DNSName>], at key: K) {
        index[key]?.remove(name)
        if index[key]?.isEmpty == true { index[key] = nil }
    }

    /// The instances announcing `id`.
    func instances(of id: PeerID) -> Set<DNSName> { instancesOfPeer[id] ?? [] }

    /// The names that are `id`'s alone: each of its instances, with the hosts that no other
    /// instance points to (what forgetting or reconfirming the peer touches).
    func ownNames(of id: PeerID) -> [(instance: DNSName, hosts: [DNSName])] {
        instances(of: id).map { instance in
            (instance, (instances[instance]?.targets ?? []).filter { (instancesOfTarget[$0] ?? []).subtracting([instance]).isEmpty })
        }
    }

    /// When `id`'s newest instance was heard (for choosing which strangers stay listed).
    func newest(_ id: PeerID) -> NIODeadline? {
        (instancesOfPeer[id] ?? []).compactMap { instances[$0]?.newest }.max()
    }
}
