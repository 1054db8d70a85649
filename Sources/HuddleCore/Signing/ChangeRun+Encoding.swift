extension ChangeRun {
    /// Format tag and version of the run encoding (docs/encoding.md).
    static let tag: UInt8 = 0x52 // "R"
    static let version: UInt8 = 1
    /// Most entries in one encoded run.
    public static let maxEntries = 1 << 20

    /// `"R" | version | author key (32) | entry count | per entry: length-prefixed change, signature (64)`.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.bytes.reserveCapacity(36 + entries.count * 68 + byteCount)
        w.byte(Self.tag)
        w.byte(Self.version)
        w.raw(authorKey)
        w.varint(entries.count)
        for entry in entries {
            w.lengthPrefixed(entry.change)
            w.raw(entry.signature)
        }
        return w.bytes
    }

    /// Decodes a run, checking every count and length before it allocates.
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        var r = ByteReader(bytes)
        let found = try r.byte()
        guard found == Self.tag else { throw .wrongFormat(expected: Self.tag, found: found) }
        let version = try r.byte()
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let key = Array(try r.raw(32))
        let count = try r.count(max: Self.maxEntries, "run entries")
        guard count >= 1 else { throw .valueOutOfRange("empty run") }
        var entries: [Entry] = []
        entries.reserveCapacity(min(count, r.remaining / 66))
        for _ in 0..<count {
            let length = try r.count(max: DecodeLimits.maxChangeBytes, "change bytes")
            let change = Array(try r.raw(length))
            entries.append(Entry(change: change, signature: Array(try r.raw(64))))
        }
        try r.expectEnd()
        self.init(authorKey: key, entries: entries)
    }
}
