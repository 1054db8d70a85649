import Foundation

/// A domain name as DNS carries it: a list of labels, compared without regard to ASCII case.
///
/// Labels are bytes (DNS-SD instance names are UTF-8, e.g. a nickname with spaces); each is
/// 1-63 bytes and the whole name at most 255 bytes on the wire (RFC 1035 §2.3.4).
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The labels, leftmost first, without the root.
    public let labels: [[UInt8]]
    /// The uncompressed wire form with ASCII letters lower-cased: equality and hashing use
    /// it, so comparing names (done for every record of every packet) is one array compare.
    let canonical: [UInt8]

    /// The longest label, in bytes.
    public static let maxLabelLength = 63
    /// The longest name on the wire, length bytes and root included.
    public static let maxWireLength = 255

    /// A name from its labels; `nil` if a label is empty or too long, or the name too long.
    public init?(labels: [[UInt8]]) {
        guard labels.allSatisfy({ !$0.isEmpty && $0.count <= Self.maxLabelLength }),
              labels.reduce(1, { $0 + $1.count + 1 }) <= Self.maxWireLength
        else { return nil }
        self.labels = labels
        var canonical: [UInt8] = []
        canonical.reserveCapacity(labels.reduce(0) { $0 + $1.count + 1 })
        for label in labels {
            canonical.append(UInt8(label.count))
            for byte in label { canonical.append(Self.lower(byte)) }
        }
        self.canonical = canonical
    }

    /// A name from dotted text such as `_huddle._tcp.local.`; the first label may contain
    /// dots if given separately through ``init(instance:service:)``.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: true).map { Array($0.utf8) }
        self.init(labels: parts)
    }

    /// A DNS-SD service instance name: `instance` is one label however it is spelled.
    public init?(instance: String, service: DNSName) {
        self.init(labels: [Array(instance.utf8)] + service.labels)
    }

    /// The root name.
    public static let root = DNSName(labels: [])!

    /// The name with its first label removed (its parent).
    public var parent: DNSName? {
        labels.isEmpty ? nil : DNSName(labels: Array(labels.dropFirst()))
    }

    /// Whether this name is `parent` with one label in front (`x._huddle._tcp.local.` of the
    /// service type): what ``parent`` `== parent` says, without making a name.
    public func isChild(of parent: DNSName) -> Bool {
        labels.count == parent.labels.count + 1 && isSubdomain(of: parent)
    }

    /// The first label as text (lossy for invalid UTF-8).
    public var firstLabel: String {
        labels.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Dotted text with a trailing dot; dots and backslashes inside labels are escaped.
    public var description: String {
        labels.map { label in
            String(decoding: label, as: UTF8.self).replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: ".", with: "\\.")
        }.joined(separator: ".") + "."
    }

    /// Bytes on the wire without compression.
    public var wireLength: Int { labels.reduce(1) { $0 + $1.count + 1 } }

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        lhs.canonical == rhs.canonical
    }

    public func hash(into hasher: inout Hasher) {
        canonical.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Whether this name ends with `suffix` (or is it).
    public func isSubdomain(of suffix: DNSName) -> Bool {
        guard labels.count >= suffix.labels.count else { return false }
        return zip(labels.suffix(suffix.labels.count), suffix.labels).allSatisfy(Self.sameLabel)
    }

    static func sameLabel(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { lower($0) == lower($1) }
    }

    static func lower(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
