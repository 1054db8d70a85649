/// Format tags of the chat encodings (see docs/encoding.md).
enum ChatFormat {
    static let changeTag: UInt8 = 0x43 // "C"
    static let logTag: UInt8 = 0x4C // "L"
    static let version: UInt8 = 1
}

extension ChatChange {
    /// The canonical bytes of the change (signable: `init(decoding:)` accepts nothing else).
    public var encoded: [UInt8] {
        var w = ByteWriter()
        ChangeHeader(author: author, startSeq: startSeq, dependencies: dependencies)
            .write(tag: ChatFormat.changeTag, version: ChatFormat.version, into: &w)
        encodeBody(into: &w)
        return w.bytes
    }

    /// Decodes a chat change, checking every count against `DecodeLimits`.
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        var r = ByteReader(bytes)
        let header = try ChangeHeader.read(from: &r, size: bytes.count, tag: ChatFormat.changeTag, version: ChatFormat.version)
        self = try ChatChange.decodeBody(&r, author: header.author, startSeq: header.startSeq, dependencies: header.dependencies)
        try r.expectEnd()
        try validate()
        guard encoded == bytes else { throw .nonCanonical("change is not in canonical form") }
    }

    func encodeBody(into w: inout ByteWriter) {
        w.varint(operations.count)
        var lastClock: UInt64 = 0
        for (i, op) in operations.enumerated() {
            let seq = startSeq + UInt64(i)
            w.varint(lamports[i] - lastClock)
            lastClock = lamports[i]
            switch op {
            case .post(let body, let wallTime):
                w.byte(0)
                w.signed(wallTime)
                w.lengthPrefixed(Array(body.utf8))
            case .edit(let target, let body, let wallTime):
                w.byte(1)
                w.varint(seq - target - 1)
                w.signed(wallTime)
                w.lengthPrefixed(Array(body.utf8))
            case .delete(let target):
                w.byte(2)
                w.varint(seq - target - 1)
            case .reply(let target, let body, let wallTime):
                w.byte(3)
                w.replica(target.replica)
                w.varint(target.seq)
                w.signed(wallTime)
                w.lengthPrefixed(Array(body.utf8))
            case .react(let target, let emoji, let add):
                w.byte(4)
                w.replica(target.replica)
                w.varint(target.seq)
                w.byte(add ? 1 : 0)
                w.lengthPrefixed(Array(emoji.utf8))
            }
        }
    }

    static func decodeBody(_ r: inout ByteReader, author: ReplicaID, startSeq: UInt64,
                           dependencies: [Dependency]) throws(DecodeError) -> ChatChange {
        guard startSeq >= 1, startSeq <= DecodeLimits.maxSeq else { throw .valueOutOfRange("start seq") }
        let count = try r.count(max: DecodeLimits.maxOperationsPerChange, "operations")
        guard count >= 1 else { throw .valueOutOfRange("empty change") }
        var ops: [ChatOperation] = []
        var clocks: [UInt64] = []
        ops.reserveCapacity(min(count, r.remaining / 3))
        var clock: UInt64 = 0
        func body(_ r: inout ByteReader) throws(DecodeError) -> String {
            let n = try r.count(max: DecodeLimits.maxMessageBytes, "message bytes")
            var scalars: [Unicode.Scalar] = []
            try UTF8Codec.decode(try r.raw(n), into: &scalars)
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars)
            return String(s)
        }
        func target(_ r: inout ByteReader, _ seq: UInt64) throws(DecodeError) -> UInt64 {
            let back = try r.varint()
            guard back < seq - 1 else { throw .valueOutOfRange("target before seq 1") }
            return seq - back - 1
        }
        for i in 0..<count {
            let seq = startSeq + UInt64(i)
            guard seq <= DecodeLimits.maxSeq else { throw .valueOutOfRange("seq overflow") }
            let delta = try r.varint()
            guard delta >= 1, delta <= DecodeLimits.maxLamport, clock <= DecodeLimits.maxLamport - delta else {
                throw .valueOutOfRange("lamport")
            }
            clock += delta
            clocks.append(clock)
            switch try r.byte() {
            case 0:
                let wall = try r.signed()
                ops.append(.post(body: try body(&r), wallTime: wall))
            case 1:
                let t = try target(&r, seq)
                let wall = try r.signed()
                ops.append(.edit(target: t, body: try body(&r), wallTime: wall))
            case 2:
                ops.append(.delete(target: try target(&r, seq)))
            case 3:
                let answered = MessageID(replica: try r.replica(), seq: try r.varint())
                let wall = try r.signed()
                ops.append(.reply(target: answered, body: try body(&r), wallTime: wall))
            case 4:
                let reacted = MessageID(replica: try r.replica(), seq: try r.varint())
                let add = try r.byte()
                guard add <= 1 else { throw .valueOutOfRange("reaction add flag") }
                let n = try r.count(max: ChatReaction.maxBytes, "reaction bytes")
                var scalars: [Unicode.Scalar] = []
                try UTF8Codec.decode(try r.raw(n), into: &scalars)
                var emoji = String.UnicodeScalarView()
                emoji.append(contentsOf: scalars)
                ops.append(.react(target: reacted, emoji: String(emoji), add: add == 1))
            default:
                throw .valueOutOfRange("chat operation kind")
            }
        }
        return ChatChange(author: author, startSeq: startSeq, dependencies: dependencies, operations: ops, lamports: clocks)
    }
}
