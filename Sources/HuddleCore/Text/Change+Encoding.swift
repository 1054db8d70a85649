/// Format tags and versions of the text encodings (see docs/encoding.md).
enum TextFormat {
    static let changeTag: UInt8 = 0x54 // "T"
    static let documentTag: UInt8 = 0x44 // "D"
    static let version: UInt8 = 1
}

/// Bits of an operation's header byte.
enum OpFlags {
    static let delete: UInt8 = 1
    static let firstNone: UInt8 = 2
    static let secondNone: UInt8 = 4
    static let firstAuthor: UInt8 = 8
    static let secondAuthor: UInt8 = 16
    static let all: UInt8 = 31
}

extension Change {
    /// The canonical bytes of the change: equal changes give equal bytes, and
    /// `Change(decoding:)` accepts nothing else, so the bytes can be signed.
    public var encoded: [UInt8] {
        var w = ByteWriter()
        ChangeHeader(author: author, startSeq: startSeq, dependencies: dependencies)
            .write(tag: TextFormat.changeTag, version: TextFormat.version, into: &w)
        encodeBody(into: &w)
        return w.bytes
    }

    /// Decodes a change, checking every count against `DecodeLimits` and the structure with
    /// the same rules as `apply`; throws on anything but canonical bytes.
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        var r = ByteReader(bytes)
        let header = try ChangeHeader.read(from: &r, size: bytes.count, tag: TextFormat.changeTag, version: TextFormat.version)
        self = try Change.decodeBody(&r, author: header.author, startSeq: header.startSeq, dependencies: header.dependencies)
        try r.expectEnd()
        try validate()
        guard encoded == bytes else { throw .nonCanonical("change is not in canonical form") }
    }

    /// Writes the operations, then the content as length-prefixed UTF-8.
    func encodeBody(into w: inout ByteWriter) {
        encodeOperations(into: &w)
        var utf8: [UInt8] = []
        utf8.reserveCapacity(content.count)
        UTF8Codec.encode(content, into: &utf8)
        w.lengthPrefixed(utf8)
    }

    /// Writes the operations (shared by the change and document encodings).
    func encodeOperations(into w: inout ByteWriter, writeCount: Bool = true) {
        if writeCount { w.varint(ops.count) }
        var seq = startSeq
        for op in ops {
            var flags: UInt8 = op.isDelete ? OpFlags.delete : 0
            if op.first.isNone { flags |= OpFlags.firstNone } else if op.first.replica == 0 { flags |= OpFlags.firstAuthor }
            if op.second.isNone { flags |= OpFlags.secondNone } else if op.second.replica == 0 { flags |= OpFlags.secondAuthor }
            w.byte(flags)
            w.varint(UInt64(op.count))
            if !op.first.isNone {
                if op.first.replica == 0 {
                    w.varint(seq - UInt64(op.first.seq) - 1)
                } else {
                    w.varint(UInt64(op.first.replica))
                    w.varint(dependencies[Int(op.first.replica) - 1].seq - UInt64(op.first.seq))
                }
            }
            if !op.second.isNone {
                if op.second.replica == 0 && op.first.replica == 0 && !op.first.isNone {
                    w.signed(Int64(op.second.seq) - Int64(op.first.seq))
                } else if op.second.replica == 0 {
                    w.varint(seq - UInt64(op.second.seq) - 1)
                } else {
                    w.varint(UInt64(op.second.replica))
                    w.varint(dependencies[Int(op.second.replica) - 1].seq - UInt64(op.second.seq))
                }
            }
            seq += UInt64(op.count)
        }
    }

    static func decodeBody(_ r: inout ByteReader, author: ReplicaID, startSeq: UInt64,
                           dependencies: [Dependency]) throws(DecodeError) -> Change {
        let (ops, inserted) = try decodeOperations(&r, startSeq: startSeq, dependencies: dependencies)
        let byteCount = try r.count(max: DecodeLimits.maxScalarsPerChange * 4, "content bytes")
        guard byteCount >= inserted, byteCount <= inserted * 4 else { throw .valueOutOfRange("content length") }
        var content: [Unicode.Scalar] = []
        content.reserveCapacity(inserted)
        try UTF8Codec.decode(try r.raw(byteCount), into: &content)
        return Change(author: author, startSeq: startSeq, dependencies: dependencies, ops: ops, content: content)
    }

    /// Reads the operations; returns them with the number of scalars they insert.
    static func decodeOperations(_ r: inout ByteReader, startSeq: UInt64, dependencies: [Dependency],
                                 knownCount: Int? = nil) throws(DecodeError) -> ([TextOp], Int) {
        guard startSeq >= 1, startSeq <= DecodeLimits.maxSeq else { throw .valueOutOfRange("start seq") }
        let opCount: Int
        if let n = knownCount { opCount = n } else { opCount = try r.count(max: DecodeLimits.maxOperationsPerChange, "operations") }
        var ops: [TextOp] = []
        ops.reserveCapacity(min(opCount, r.remaining / 2))
        var seq = startSeq
        var inserted = 0
        func seqValue(_ v: UInt64) throws(DecodeError) -> UInt32 {
            guard v >= 1, v <= DecodeLimits.maxSeq else { throw .valueOutOfRange("reference seq") }
            return UInt32(v)
        }
        func authorRef(_ r: inout ByteReader) throws(DecodeError) -> Ref {
            let back = try r.varint()
            guard back < seq else { throw .valueOutOfRange("reference before seq 1") }
            return Ref(replica: 0, seq: try seqValue(seq - back - 1))
        }
        func otherRef(_ r: inout ByteReader) throws(DecodeError) -> Ref {
            let index = try r.varint()
            guard index >= 1, index <= UInt64(dependencies.count) else { throw .unknownReplica(index: index) }
            let depSeq = dependencies[Int(index) - 1].seq
            let back = try r.varint()
            guard back < depSeq else { throw .valueOutOfRange("reference before seq 1") }
            return Ref(replica: UInt32(index), seq: try seqValue(depSeq - back))
        }
        for _ in 0..<opCount {
            let flags = try r.byte()
            guard flags & ~OpFlags.all == 0 else { throw .valueOutOfRange("operation flags") }
            let count = try r.varint()
            guard count >= 1, count <= DecodeLimits.maxSeq, seq + count - 1 <= DecodeLimits.maxSeq else {
                throw .valueOutOfRange("operation count")
            }
            var first = Ref.none, second = Ref.none
            if flags & OpFlags.firstNone == 0 {
                first = flags & OpFlags.firstAuthor != 0 ? try authorRef(&r) : try otherRef(&r)
            } else if flags & OpFlags.firstAuthor != 0 {
                throw .nonCanonical("flags")
            }
            if flags & OpFlags.secondNone == 0 {
                if flags & OpFlags.secondAuthor != 0 && first.replica == 0 {
                    let s = Int64(first.seq) + (try r.signed())
                    guard s >= 1, s <= Int64(DecodeLimits.maxSeq) else { throw .valueOutOfRange("reference seq") }
                    second = Ref(replica: 0, seq: UInt32(s))
                } else {
                    second = flags & OpFlags.secondAuthor != 0 ? try authorRef(&r) : try otherRef(&r)
                }
            } else if flags & OpFlags.secondAuthor != 0 {
                throw .nonCanonical("flags")
            }
            let op = TextOp(isDelete: flags & OpFlags.delete != 0, count: UInt32(count), first: first, second: second)
            if !op.isDelete {
                inserted += Int(count)
                guard inserted <= DecodeLimits.maxScalarsPerChange else {
                    throw .limitExceeded(what: "inserted scalars", limit: DecodeLimits.maxScalarsPerChange)
                }
            }
            ops.append(op)
            seq += count
        }
        return (ops, inserted)
    }
}
