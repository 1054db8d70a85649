/// A 32-byte opaque identifier of one replica (one device's copy of a document).
///
/// Huddle derives it from a peer's identity (the SHA-256 of its public key), but the CRDTs treat
/// it as opaque bytes. It is cheap to copy (four words) and compares lexicographically by its
/// bytes; that order breaks ties between concurrent edits, so every replica must agree on it.
public struct ReplicaID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32 bytes as four big-endian words: `w0` holds bytes 0...7, and so on.
    public let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// Makes an identifier from four big-endian words.
    public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// Makes a small identifier from an integer (tests, traces): the integer is the last 8 bytes.
    public init(_ small: UInt64) { self.init(0, 0, 0, small) }

    /// Makes an identifier from exactly 32 bytes; returns nil for any other length.
    @inlinable
    public init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        guard bytes.count == 32 else { return nil }
        if let id = bytes.withContiguousStorageIfAvailable({ ReplicaID(raw: UnsafeRawBufferPointer($0)) }) {
            self = id
            return
        }
        self.init(raw: Array(bytes))
    }

    /// Reads the four big-endian words of 32 contiguous bytes.
    @inlinable
    init(raw bytes: UnsafeRawBufferPointer) {
        func word(_ at: Int) -> UInt64 { UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        self.init(word(0), word(8), word(16), word(24))
    }

    @inlinable
    init(raw bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { ReplicaID(raw: $0) }
    }

    /// The 32 bytes of the identifier.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return out
    }

    /// Lexicographic order of the bytes.
    public static func < (a: ReplicaID, b: ReplicaID) -> Bool {
        if a.w0 != b.w0 { return a.w0 < b.w0 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        return a.w3 < b.w3
    }

    /// Hex of the first 8 bytes (or the small integer for identifiers made from one).
    public var description: String {
        if w0 == 0 && w1 == 0 && w2 == 0 { return "r\(w3)" }
        let hex = String(w0, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
