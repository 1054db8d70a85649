import Crypto

/// The hash that chains one author's changes to one document, in seq order.
///
/// The link of a change is `SHA-256("huddle-change-v1" | document length | document |
/// previous link | change bytes)`, where the previous link is that of the author's change just
/// before it in the same document (``origin`` for the first). The author signs the link, so one
/// valid signature on the last change of a run vouches for every change before it: a peer
/// that catches up on thousands of changes checks one signature per author, not thousands.
public struct ChainLink: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes of the hash.
    public let bytes: [UInt8]

    /// The link before an author's first change in a document.
    public static let origin = ChainLink(uncheckedBytes: [UInt8](repeating: 0, count: 32))

    /// A link from its 32 bytes, or nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    init(uncheckedBytes: [UInt8]) { bytes = uncheckedBytes }

    /// The link of `change` when it follows `previous` in `document`.
    public static func following(_ previous: ChainLink, document: String, change: [UInt8]) -> ChainLink {
        var hasher = SHA256()
        hasher.update(data: domain)
        let name = Array(document.utf8)
        let length = UInt32(clamping: name.count)
        hasher.update(data: [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)])
        hasher.update(data: name)
        hasher.update(data: previous.bytes)
        hasher.update(data: change)
        return ChainLink(uncheckedBytes: Array(hasher.finalize()))
    }

    /// The first eight bytes in hex, for logs.
    public var description: String {
        bytes.prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static let domain = Array("huddle-change-v1".utf8)
}
