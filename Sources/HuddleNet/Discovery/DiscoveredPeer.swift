import HuddleCore

/// A huddle peer seen on the LAN through DNS-SD. Only a hint where to dial: who it is is
/// proven by its TLS key, never by what it announces.
public struct DiscoveredPeer: Equatable, Sendable {
    /// The peer ID from its TXT record (`id=`), to be confirmed by TLS.
    public var id: PeerID
    /// The instance name: its nickname (sanitise before showing it).
    public var nickname: String
    /// The TCP port it listens on (SRV).
    public var port: UInt16
    /// Its addresses (A and AAAA), as text: `192.168.1.7`, `fe80::1%eth0`.
    public var addresses: [String]
    /// The protocol version from its TXT record (`v=`).
    public var protocolVersion: UInt32

    /// A discovered peer.
    public init(id: PeerID, nickname: String, port: UInt16, addresses: [String], protocolVersion: UInt32) {
        self.id = id
        self.nickname = nickname
        self.port = port
        self.addresses = addresses
        self.protocolVersion = protocolVersion
    }
}

/// What discovery reports.
public enum DiscoveryEvent: Equatable, Sendable {
    /// A peer appeared, or its announcement changed (new address, port or nickname).
    case found(DiscoveredPeer)
    /// A peer said goodbye, or its records expired.
    case lost(PeerID)
}

/// What this peer announces and where it looks.
public struct DiscoveryConfiguration: Equatable, Sendable {
    /// The instance name to announce: the nickname (renamed `ada (2)` on a conflict).
    public var nickname: String
    /// This peer's ID, announced as `id=` in TXT.
    public var peerID: PeerID
    /// The TCP port sessions are accepted on.
    public var port: UInt16
    /// Interface names to use; empty means every up, multicast-capable, non-loopback
    /// interface except virtual bridges (docker0, virbr*, br-*).
    public var interfaces: [String]

    /// A configuration.
    public init(nickname: String, peerID: PeerID, port: UInt16, interfaces: [String] = []) {
        self.nickname = nickname
        self.peerID = peerID
        self.port = port
        self.interfaces = interfaces
    }
}

/// Something that finds peers on the LAN: the mDNS implementation, or a test double.
public protocol DiscoveryService: AnyObject, Sendable {
    /// Starts announcing and browsing.
    func start() async throws
    /// Says goodbye and stops.
    func stop() async
    /// What it finds and loses.
    var events: AsyncStream<DiscoveryEvent> { get }
    /// Packets sent, received and dropped so far.
    var counters: DiscoveryCounters { get }
    /// Tells it the peers this one knows: always listed, never displaced by strangers.
    func setKnownPeers(_ peers: Set<PeerID>)
    /// A sign that `peer` may be gone without a goodbye: its records are asked for again
    /// and dropped in seconds unless it answers.
    func reconfirm(_ peer: PeerID)
}
