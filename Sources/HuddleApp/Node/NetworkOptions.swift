/// Where this peer listens and whom it dials besides what discovery finds.
public struct NetworkOptions: Sendable, Equatable {
    /// The port to listen on (falls back to any free port when taken).
    public var port: Int
    /// `HOST:PORT` of peers to dial always (`--peer`, `peers = [...]` in the config).
    public var staticPeers: [String]
    /// Interfaces for discovery; empty = the usual ones.
    public var interfaces: [String]
    /// Whether to run mDNS discovery.
    public var discovery: Bool

    /// Options.
    public init(port: Int, staticPeers: [String] = [], interfaces: [String] = [], discovery: Bool = true) {
        self.port = port
        self.staticPeers = staticPeers
        self.interfaces = interfaces
        self.discovery = discovery
    }

    /// Splits `HOST:PORT` (IPv6 as `[::1]:47474`); `nil` if malformed.
    public static func parse(address: String) -> (host: String, port: Int)? {
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            let host = String(address[address.index(after: address.startIndex)..<close])
            let rest = address[address.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port), !host.isEmpty else { return nil }
            return (host, port)
        }
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
        return (String(parts[0]), port)
    }
}
