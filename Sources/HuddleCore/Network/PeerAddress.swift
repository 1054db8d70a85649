/// Where a peer listens: a host (an IPv4 or IPv6 address or a name), an IPv6 zone where the
/// address is link-local (`fe80::1%eth0`), and a TCP port.
///
/// Written `host:port`, IPv6 in brackets (`[::1]:47474`, `[fe80::1%eth0]:47474`). The one
/// parser of that form for the command line, the config, discovery and sessions.
public struct PeerAddress: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The host, without brackets or zone.
    public let host: String
    /// The IPv6 zone (an interface name or index), if any.
    public let zone: String?
    /// The port (1...65535).
    public let port: Int

    /// Longest host accepted, in bytes (a DNS name's limit).
    public static let maxHostBytes = 253

    /// An address from its parts; `host` may carry its zone (`fe80::1%eth0`). Nil for an
    /// empty or too long host, or a port out of range.
    public init?(host: String, port: Int) {
        guard (1...65535).contains(port), !host.isEmpty, host.utf8.count <= Self.maxHostBytes,
              !host.contains(where: { $0 == "[" || $0 == "]" || $0 == "/" || $0.isWhitespace }) else { return nil }
        if let percent = host.firstIndex(of: "%") {
            let zone = String(host[host.index(after: percent)...])
            guard host[..<percent].contains(":"), !zone.isEmpty else { return nil }
            self.host = String(host[..<percent])
            self.zone = zone
        } else {
            self.host = host
            self.zone = nil
        }
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`; nil if malformed.
    public init?(parsing text: String) {
        let host: Substring, rest: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            rest = text[text.index(after: close)...]
            guard host.contains(":") else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            rest = text[colon...]
            guard !host.contains(":") else { return nil }
        }
        guard rest.hasPrefix(":"), rest.count <= 6, let port = Int(rest.dropFirst()) else { return nil }
        self.init(host: String(host), port: port)
    }

    /// Whether the host is an IPv6 address.
    public var isIPv6: Bool { host.contains(":") }

    /// The host with its zone, as sockets take it: `fe80::1%eth0`.
    public var hostWithZone: String { zone.map { "\(host)%\($0)" } ?? host }

    /// `host:port`, IPv6 in brackets.
    public var description: String { isIPv6 ? "[\(hostWithZone)]:\(port)" : "\(host):\(port)" }

    /// The same host at another port.
    public func with(port: Int) -> PeerAddress? { PeerAddress(host: hostWithZone, port: port) }

    public static func < (a: PeerAddress, b: PeerAddress) -> Bool { a.description < b.description }
}
