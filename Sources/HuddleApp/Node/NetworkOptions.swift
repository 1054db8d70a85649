import HuddleCore
import HuddleNet

/// Where this peer listens and whom it dials besides what discovery finds.
public struct NetworkOptions: Sendable, Equatable {
    /// The port to listen on (falls back to any free port when taken).
    public var port: Int
    /// Peers to dial always (`--peer`, `peers = [...]` in the config).
    public var staticPeers: [PeerAddress]
    /// Interfaces for discovery; empty = the usual ones.
    public var interfaces: [String]
    /// Whether to run mDNS discovery.
    public var discovery: Bool

    /// The TCP port huddle listens on unless told otherwise (falls back to any free port).
    public static let defaultPort = WireProtocol.defaultPort

    /// Options.
    public init(port: Int, staticPeers: [PeerAddress] = [], interfaces: [String] = [], discovery: Bool = true) {
        self.port = port
        self.staticPeers = staticPeers
        self.interfaces = interfaces
        self.discovery = discovery
    }
}
