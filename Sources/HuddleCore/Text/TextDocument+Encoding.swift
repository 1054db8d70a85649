extension TextDocument {
    /// The whole history of the document (every change, uncommitted local edits as a final
    /// change) in the compact document format of docs/encoding.md.
    ///
    /// Loading the bytes gives a document with the same text and version; the replica table is
    /// written once, so each change costs only its operations and text.
    ///
    /// **Commit before saving.** The uncommitted operations are written as the change
    /// `commit()` would make now; if this document then goes on editing before it commits, the
    /// saved copy and this one disagree about those seqs. Persist committed state only.
    public func encoded() -> [UInt8] {
        var changes = log
        if let p = pendingChange { changes.append(p) }
        var table: [ReplicaID: Int] = [:]
        var replicasInOrder: [ReplicaID] = []
        func index(_ id: ReplicaID) -> Int {
            if let i = table[id] { return i }
            table[id] = replicasInOrder.count
            replicasInOrder.append(id)
            return replicasInOrder.count - 1
        }
        for c in changes {
            _ = index(c.author)
            for d in c.dependencies { _ = index(d.replica) }
        }
        var w = ByteWriter()
        w.byte(TextFormat.documentTag)
        w.byte(TextFormat.version)
        w.varint(replicasInOrder.count)
        for id in replicasInOrder { w.replica(id) }
        w.varint(changes.count)
        var nextSeq = Array(repeating: UInt64(1), count: replicasInOrder.count)
        var lastDeps: [Int: [Dependency]] = [:]
        var lastAuthor = -1
        for c in changes {
            let a = index(c.author)
            var shape: UInt8 = 0
            if a == lastAuthor { shape |= Shape.sameAuthor }
            if c.startSeq == nextSeq[a] { shape |= Shape.contiguous }
            if c.dependencies == (lastDeps[a] ?? []) { shape |= Shape.sameDependencies }
            if c.ops.count == 1 { shape |= Shape.oneOperation }
            w.byte(shape)
            if shape & Shape.sameAuthor == 0 { w.varint(a) }
            if shape & Shape.contiguous == 0 { w.signed(Int64(c.startSeq) - Int64(nextSeq[a])) }
            nextSeq[a] = c.endSeq + 1
            if shape & Shape.sameDependencies == 0 {
                w.varint(c.dependencies.count)
                for d in c.dependencies {
                    let i = index(d.replica)
                    w.varint(i)
                    w.signed(Int64(nextSeq[i]) - 1 - Int64(d.seq))
                }
            }
            lastDeps[a] = c.dependencies
            lastAuthor = a
            c.encodeOperations(into: &w, writeCount: shape & Shape.oneOperation == 0)
        }
        // All inserted text, in change order, as one Huffman-coded UTF-8 stream.
        var utf8: [UInt8] = []
        for c in changes { UTF8Codec.encode(c.content, into: &utf8) }
        w.varint(utf8.count)
        if !utf8.isEmpty { Huffman.encode(utf8, into: &w) }
        return w.bytes
    }

    /// Loads a document from `encoded()` bytes, to be edited locally as `replica`. Every change
    /// is checked as if it came from the network.
    public init(decoding bytes: [UInt8], replica: ReplicaID) throws(DecodeError) {
        guard bytes.count <= DecodeLimits.maxDocumentBytes else {
            throw .limitExceeded(what: "document bytes", limit: DecodeLimits.maxDocumentBytes)
        }
        var r = ByteReader(bytes)
        let tag = try r.byte()
        guard tag == TextFormat.documentTag else { throw .wrongFormat(expected: TextFormat.documentTag, found: tag) }
        let version = try r.byte()
        guard version == TextFormat.version else { throw .unsupportedVersion(version) }
        let replicaCount = try r.count(max: DecodeLimits.maxReplicasPerDocument, "replicas")
        guard replicaCount * 32 <= r.remaining else { throw .truncated(needed: replicaCount * 32 - r.remaining) }
        var ids: [ReplicaID] = []
        ids.reserveCapacity(replicaCount)
        var seen = Set<ReplicaID>()
        for _ in 0..<replicaCount {
            let id = try r.replica()
            guard seen.insert(id).inserted else { throw .nonCanonical("replica listed twice") }
            ids.append(id)
        }
        let changeCount = try r.count(max: DecodeLimits.maxChangesPerDocument, "changes")
        var nextSeq = Array(repeating: UInt64(1), count: replicaCount)
        var parts: [(Int, UInt64, [IndexedDependency], [TextOp], Int)] = []
        parts.reserveCapacity(min(changeCount, r.remaining / 4))
        var totalInserted = 0
        self.init(replica: replica)
        func replicaIndex(_ r: inout ByteReader) throws(DecodeError) -> Int {
            let i = try r.varint()
            guard i < UInt64(ids.count) else { throw .unknownReplica(index: i) }
            return Int(i)
        }
        var lastDeps: [Int: [IndexedDependency]] = [:]
        var lastAuthor = -1
        for _ in 0..<changeCount {
            let shape = try r.byte()
            guard shape & ~Shape.all == 0 else { throw .valueOutOfRange("change shape") }
            let a: Int
            if shape & Shape.sameAuthor != 0 {
                guard lastAuthor >= 0 else { throw .valueOutOfRange("no previous author") }
                a = lastAuthor
            } else {
                a = try replicaIndex(&r)
            }
            let delta = shape & Shape.contiguous != 0 ? 0 : try r.signed()
            let (start, overflow) = Int64(nextSeq[a]).addingReportingOverflow(delta)
            guard !overflow, start >= 1, start <= Int64(DecodeLimits.maxSeq) else { throw .valueOutOfRange("start seq") }
            var deps: [IndexedDependency] = []
            if shape & Shape.sameDependencies != 0 {
                deps = lastDeps[a] ?? []
            } else {
                let depCount = try r.count(max: min(DecodeLimits.maxReplicasPerChange - 1, ids.count), "dependencies")
                deps.reserveCapacity(depCount)
                for _ in 0..<depCount {
                    let d = try replicaIndex(&r)
                    let (seq, overflow) = (Int64(nextSeq[d]) - 1).subtractingReportingOverflow(try r.signed())
                    guard !overflow, seq >= 1, seq <= Int64(DecodeLimits.maxSeq) else { throw .valueOutOfRange("dependency seq") }
                    deps.append(IndexedDependency(index: d, replica: ids[d], seq: UInt64(seq)))
                }
            }
            lastDeps[a] = deps
            lastAuthor = a
            let (ops, inserted) = try Change.decodeOperations(&r, startSeq: UInt64(start), dependencies: deps.map(\.dependency),
                                                              knownCount: shape & Shape.oneOperation != 0 ? 1 : nil)
            totalInserted += inserted
            guard totalInserted <= DecodeLimits.maxDocumentBytes else {
                throw .limitExceeded(what: "document scalars", limit: DecodeLimits.maxDocumentBytes)
            }
            parts.append((a, UInt64(start), deps, ops, inserted))
            nextSeq[a] = UInt64(start) + ops.reduce(0) { $0 + UInt64($1.count) }
        }
        let byteCount = try r.count(max: DecodeLimits.maxDocumentBytes, "document text bytes")
        guard byteCount >= totalInserted, byteCount <= totalInserted * 4 else { throw .valueOutOfRange("text length") }
        var scalars: [Unicode.Scalar] = []
        if byteCount > 0 {
            scalars.reserveCapacity(totalInserted)
            try UTF8Codec.decode(try Huffman.decode(&r, count: byteCount)[...], into: &scalars)
        }
        guard scalars.count == totalInserted else { throw .valueOutOfRange("text length") }
        try r.expectEnd()
        var used = 0
        let local = ids.map { agent(for: $0) }
        for (author, start, deps, ops, inserted) in parts {
            let change = Change(author: ids[author], startSeq: start, dependencies: deps.map(\.dependency),
                                ops: ops, content: Array(scalars[used..<(used + inserted)]))
            used += inserted
            try change.validate()
            do {
                // Fast path: the change applies now (the usual case, as documents list changes in
                // causal order); otherwise the general path buffers it.
                let a = local[author]
                if UInt64(known[Int(a)]) + 1 == start && deps.allSatisfy({ UInt64(known[Int(local[$0.index])]) >= $0.seq }) {
                    _ = try applyReady(change, table: [a] + deps.map { local[$0.index] }, reportPatches: false)
                } else {
                    _ = try applyValidated(change, reportPatches: false)
                }
            } catch {
                throw .valueOutOfRange("a change of the document does not apply")
            }
        }
    }
}

/// A dependency read from a document, with the index of its replica in the document's table.
struct IndexedDependency {
    var index: Int
    var replica: ReplicaID
    var seq: UInt64
    var dependency: Dependency { Dependency(replica: replica, seq: seq) }
}

/// Bits of the shape byte that starts each change in a document: what it shares with the
/// changes before it, so the common cases cost one byte.
enum Shape {
    /// Same author as the previous change (no author index follows).
    static let sameAuthor: UInt8 = 1
    /// Starts right after the author's previous change (no start delta follows).
    static let contiguous: UInt8 = 2
    /// Same dependencies as the author's previous change in the document (none follow).
    static let sameDependencies: UInt8 = 4
    /// Exactly one operation (no operation count follows).
    static let oneOperation: UInt8 = 8
    static let all: UInt8 = 15
}
