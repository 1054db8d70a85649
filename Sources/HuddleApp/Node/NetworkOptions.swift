import HuddleCore
import HuddleNet

/// Where this peer listens and whom it dials besides what discovery finds.
public struct NetworkOptions: Sendable, Equatable {
    /// The port to listen on.
    public var port: Int
    /// Whether the user asked for ``port`` (`--port`, `port =`): then its being taken is an
    /// error; the default port falls back to any free one, and the log says so.
    public var portIsExplicit: Bool
    /// Peers to dial always (`--peer`, `peers = [...]` in the config).
    public var staticPeers: [PeerAddress]
    /// Interfaces for discovery; empty = the usual ones.
    public var interfaces: [String]
    /// Whether to run mDNS discovery.
    public var discovery: Bool

    /// The TCP port huddle listens on unless told otherwise (falls back to any free port).
    public static let defaultPort = WireProtocol.defaultPort

    /// Options.
    public init(port: Int, portIsExplicit: Bool = false, staticPeers: [PeerAddress] = [], interfaces: [String] = [], discovery: Bool = true) {
        self.port = port
        self.portIsExplicit = portIsExplicit
        self.staticPeers = staticPeers
        self.interfaces = interfaces
        self.discovery = discovery
    }
}
