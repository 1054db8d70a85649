/// Appends the primitive values of huddle's binary encodings to a byte array.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public internal(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// Appends one byte.
    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// Appends raw bytes.
    public mutating func raw<S: Sequence<UInt8>>(_ values: S) { bytes.append(contentsOf: values) }

    /// Appends an unsigned LEB128 varint (7 bits a byte, low bits first).
    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends an `Int` that is known to be non-negative as a varint.
    public mutating func varint(_ value: Int) { varint(UInt64(value)) }

    /// Appends a signed value zigzag-encoded as a varint.
    public mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends a replica identifier (32 bytes).
    public mutating func replica(_ id: ReplicaID) {
        for word in [id.w0, id.w1, id.w2, id.w3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
    }

    /// Appends a length-prefixed byte string.
    public mutating func lengthPrefixed(_ data: [UInt8]) {
        varint(data.count)
        bytes.append(contentsOf: data)
    }
}
