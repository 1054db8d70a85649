/// Reads the primitive values of huddle's encodings from untrusted bytes, checking every step.
///
/// Nothing here traps: each read either succeeds or throws `DecodeError`.
public struct ByteReader: Sendable {
    let bytes: [UInt8]
    /// The offset of the next unread byte.
    public private(set) var offset: Int = 0

    /// A reader over `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not read yet.
    public var remaining: Int { bytes.count - offset }

    /// Whether every byte was read.
    public var isAtEnd: Bool { offset >= bytes.count }

    /// Reads one byte.
    public mutating func byte() throws(DecodeError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(needed: 1) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads an unsigned LEB128 varint of at most 64 bits.
    public mutating func varint() throws(DecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw .truncated(needed: 1) }
            let b = bytes[offset]
            offset += 1
            if shift == 63 && b > 1 { throw .varintOverflow }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .varintOverflow }
        }
    }

    /// Reads a varint that must be at most `limit`; `what` names it in the error.
    public mutating func count(max limit: Int, _ what: String) throws(DecodeError) -> Int {
        let value = try varint()
        guard value <= UInt64(limit), let n = Int(exactly: value) else {
            throw .limitExceeded(what: what, limit: limit)
        }
        return n
    }

    /// Reads a zigzag-encoded signed varint.
    public mutating func signed() throws(DecodeError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    /// Reads a 32-byte replica identifier.
    public mutating func replica() throws(DecodeError) -> ReplicaID {
        guard remaining >= 32 else { throw .truncated(needed: 32 - remaining) }
        var words: [UInt64] = [0, 0, 0, 0]
        for w in 0..<4 {
            var word: UInt64 = 0
            for _ in 0..<8 {
                word = word << 8 | UInt64(bytes[offset])
                offset += 1
            }
            words[w] = word
        }
        return ReplicaID(words[0], words[1], words[2], words[3])
    }

    /// Reads `n` raw bytes (the caller has checked `n` against a limit).
    public mutating func raw(_ n: Int) throws(DecodeError) -> ArraySlice<UInt8> {
        guard n >= 0, remaining >= n else { throw .truncated(needed: n - remaining) }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    /// Throws unless every byte was read.
    public func expectEnd() throws(DecodeError) {
        if remaining > 0 { throw .trailingBytes(remaining) }
    }
}
