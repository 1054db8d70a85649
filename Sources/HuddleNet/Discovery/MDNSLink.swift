/// An IP address family: each interface has one socket per family.
public enum MDNSFamily: Hashable, Sendable {
    /// IPv4, group 224.0.0.251.
    case v4
    /// IPv6, group ff02::fb.
    case v6
}

/// One socket's worth of the LAN: an interface and an address family.
public struct MDNSLink: Hashable, Sendable, CustomStringConvertible {
    /// The operating system's interface index.
    public var interfaceIndex: Int
    /// The family of the socket.
    public var family: MDNSFamily

    /// A link.
    public init(interfaceIndex: Int, family: MDNSFamily) {
        self.interfaceIndex = interfaceIndex
        self.family = family
    }

    /// `2/v4`, for logs.
    public var description: String { "\(interfaceIndex)/\(family)" }
}

/// An address with its prefix length, e.g. 192.168.1.7/24 or fe80::1/64.
public struct MDNSSubnet: Hashable, Sendable {
    /// 4 or 16 bytes.
    public var address: [UInt8]
    /// How many leading bits are the network.
    public var prefixLength: Int

    /// A subnet.
    public init(address: [UInt8], prefixLength: Int) {
        self.address = address
        self.prefixLength = max(0, min(prefixLength, address.count * 8))
    }

    /// Whether `other` (same family) lies inside this subnet.
    public func contains(_ other: [UInt8]) -> Bool {
        guard other.count == address.count else { return false }
        var bits = prefixLength
        for (a, b) in zip(address, other) where bits > 0 {
            let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if a & mask != b & mask { return false }
            bits -= 8
        }
        return true
    }
}

/// An interface as discovery uses it: index, name and its addresses with prefixes.
public struct MDNSInterface: Hashable, Sendable {
    /// The operating system's interface index.
    public var index: Int
    /// The name, e.g. `eth0`.
    public var name: String
    /// IPv4 addresses with their prefixes.
    public var ipv4: [MDNSSubnet]
    /// IPv6 addresses with their prefixes.
    public var ipv6: [MDNSSubnet]

    /// An interface.
    public init(index: Int, name: String, ipv4: [MDNSSubnet], ipv6: [MDNSSubnet]) {
        self.index = index
        self.name = name
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    /// The links (sockets) this interface needs: one per family it has an address of.
    public var links: [MDNSLink] {
        (ipv4.isEmpty ? [] : [MDNSLink(interfaceIndex: index, family: .v4)])
            + (ipv6.isEmpty ? [] : [MDNSLink(interfaceIndex: index, family: .v6)])
    }

    /// Whether a packet from `source` is on-link (RFC 6762 §11): an IPv4 source inside one
    /// of the interface's subnets, or an IPv6 source that is link-local or inside one.
    public func isOnLink(_ source: [UInt8]) -> Bool {
        switch source.count {
        case 4:
            return ipv4.contains { $0.contains(source) }
        case 16:
            let linkLocal = source[0] == 0xFE && source[1] & 0xC0 == 0x80
            return linkLocal || ipv6.contains { $0.contains(source) }
        default:
            return false
        }
    }
}

/// Formats addresses as text: `192.168.1.7`, `fe80::1` (RFC 5952 shortest form).
enum MDNSAddressText {
    static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return "" }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        // The longest run of two or more zero groups becomes "::" (the first if tied).
        var best = (start: -1, length: 0), run = (start: -1, length: 0)
        for (index, group) in groups.enumerated() {
            if group == 0 {
                run = run.start < 0 ? (index, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else {
                run = (-1, 0)
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    static func isLinkLocal(_ bytes: [UInt8]) -> Bool {
        bytes.count == 16 && bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
    }
}
