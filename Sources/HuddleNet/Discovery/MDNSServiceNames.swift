import HuddleCore

/// The names huddle claims on the LAN and the records it announces under them
/// (RFC 6763 §4-§6): `nick._huddle._tcp.local.` (SRV, TXT), the shared PTR from the service
/// type to it, and `huddle-<short id>.local.` (A, AAAA).
public struct MDNSServiceNames: Equatable, Sendable {
    /// The DNS-SD service type.
    public static let serviceType = DNSName(DNSSDService.type)!
    /// DNS-SD service type enumeration (RFC 6763 §9).
    public static let servicesEnumeration = DNSName("_services._dns-sd._udp.local.")!
    /// The protocol version announced as `v=`.
    public static let protocolVersion: UInt32 = 1

    /// The nickname asked for.
    public let nickname: String
    /// This peer's ID, announced as `id=`.
    public let peerID: PeerID
    /// The TCP port announced in SRV.
    public let port: UInt16
    /// How often the instance name was renamed after a conflict (0: plain nickname).
    public private(set) var instanceRenames = 0
    /// How often the host name was renamed after a conflict.
    public private(set) var hostRenames = 0

    /// `nick._huddle._tcp.local.` (see ``instanceLabel``).
    public private(set) var instance: DNSName
    /// `huddle-<short id>.local.`, or `huddle-<short id>-2.local.` after a conflict.
    public private(set) var host: DNSName
    /// The TXT strings: `id=<peer ID>`, `v=<version>`.
    public let txt: [[UInt8]]

    /// Names for a peer.
    public init(nickname: String, peerID: PeerID, port: UInt16) {
        self.nickname = nickname
        self.peerID = peerID
        self.port = port
        txt = [Array("id=\(peerID.description)".utf8), Array("v=\(Self.protocolVersion)".utf8)]
        instance = MDNSServiceNames.serviceType
        host = MDNSServiceNames.serviceType
        instance = makeInstance()
        host = makeHost()
    }

    /// The instance label: the nickname, or `nick (2)`, `nick (3)` after conflicts, cut to
    /// fit one 63-byte label without splitting a character.
    public var instanceLabel: String {
        let suffix = instanceRenames == 0 ? "" : " (\(instanceRenames + 1))"
        var base = nickname.isEmpty ? "huddle" : nickname
        while base.utf8.count + suffix.utf8.count > DNSName.maxLabelLength { base.removeLast() }
        return base + suffix
    }

    private func makeInstance() -> DNSName { DNSName(instance: instanceLabel, service: Self.serviceType)! }

    private func makeHost() -> DNSName {
        let base = "huddle-" + peerID.short.lowercased()
        let label = hostRenames == 0 ? base : "\(base)-\(hostRenames + 1)"
        return DNSName(labels: [Array(label.utf8), Array("local".utf8)])!
    }

    /// Picks the next instance name after a conflict.
    public mutating func renameInstance() {
        instanceRenames += 1
        instance = makeInstance()
    }

    /// Picks the next host name after a conflict.
    public mutating func renameHost() {
        hostRenames += 1
        host = makeHost()
    }

    /// The records whose names only we may hold (SRV, TXT, A, AAAA), cache-flush set,
    /// with the addresses of one interface.
    public func uniqueRecords(on interface: MDNSInterface, ttl: UInt32 = MDNSTiming.recordTTL) -> [DNSRecord] {
        [
            DNSRecord(name: instance, data: .srv(priority: 0, weight: 0, port: port, target: host), ttl: ttl, cacheFlush: true),
            DNSRecord(name: instance, data: .txt(txt), ttl: ttl, cacheFlush: true),
        ]
        + interface.ipv4.map { DNSRecord(name: host, data: .a($0.address), ttl: ttl, cacheFlush: true) }
        + interface.ipv6.map { DNSRecord(name: host, data: .aaaa($0.address), ttl: ttl, cacheFlush: true) }
    }

    /// The shared records: service type to instance, and the enumeration entry.
    public func sharedRecords(ttl: UInt32 = MDNSTiming.recordTTL) -> [DNSRecord] {
        [
            DNSRecord(name: Self.serviceType, data: .ptr(instance), ttl: ttl),
            DNSRecord(name: Self.servicesEnumeration, data: .ptr(Self.serviceType), ttl: ttl),
        ]
    }

    /// Every record announced on an interface.
    public func allRecords(on interface: MDNSInterface, ttl: UInt32 = MDNSTiming.recordTTL) -> [DNSRecord] {
        sharedRecords(ttl: ttl) + uniqueRecords(on: interface, ttl: ttl)
    }

    /// The names probed before use.
    public var uniqueNames: [DNSName] { [instance, host] }
}

/// Reads a huddle TXT record: `id=` must parse as a peer ID; `v=` is optional (0 if absent).
enum MDNSTXT {
    static func parse(_ strings: [[UInt8]]) -> (id: PeerID, version: UInt32)? {
        var id: PeerID?
        var version: UInt32 = 0
        var seen = Set<String>()
        for string in strings {
            let text = String(decoding: string, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            let key = text[..<equals].lowercased(), value = String(text[text.index(after: equals)...])
            // RFC 6763 §6.4: only the first occurrence of a key counts.
            guard seen.insert(key).inserted else { continue }
            if key == "id" {
                guard let parsed = PeerID(parsing: value) else { return nil }
                id = parsed
            }
            if key == "v" { version = UInt32(value) ?? 0 }
        }
        return id.map { ($0, version) }
    }
}
