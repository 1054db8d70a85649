extension TextDocument {
    /// The whole history of the document (every change, uncommitted local edits as a final
    /// change) in the compact document format of docs/encoding.md.
    ///
    /// Loading the bytes gives a document with the same text and version; the replica table is
    /// written once, so each change costs only its operations and text.
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
        for c in changes {
            let a = index(c.author)
            w.varint(a)
            w.signed(Int64(c.startSeq) - Int64(nextSeq[a]))
            nextSeq[a] = c.endSeq + 1
            w.varint(c.dependencies.count)
            for d in c.dependencies {
                w.varint(index(d.replica))
                w.varint(d.seq)
            }
            c.encodeBody(into: &w)
        }
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
        self.init(replica: replica)
        func replicaIndex(_ r: inout ByteReader) throws(DecodeError) -> Int {
            let i = try r.varint()
            guard i < UInt64(ids.count) else { throw .unknownReplica(index: i) }
            return Int(i)
        }
        for _ in 0..<changeCount {
            let a = try replicaIndex(&r)
            let delta = try r.signed()
            let (start, overflow) = Int64(nextSeq[a]).addingReportingOverflow(delta)
            guard !overflow, start >= 1, start <= Int64(DecodeLimits.maxSeq) else { throw .valueOutOfRange("start seq") }
            let depCount = try r.count(max: min(DecodeLimits.maxReplicasPerChange - 1, ids.count), "dependencies")
            var deps: [Dependency] = []
            deps.reserveCapacity(depCount)
            for _ in 0..<depCount {
                let d = try replicaIndex(&r)
                deps.append(Dependency(replica: ids[d], seq: try r.varint()))
            }
            let change = try Change.decodeBody(&r, author: ids[a], startSeq: UInt64(start), dependencies: deps)
            try change.validate()
            nextSeq[a] = change.endSeq + 1
            do {
                _ = try applyValidated(change, reportPatches: false)
            } catch {
                throw .valueOutOfRange("a change of the document does not apply")
            }
        }
        try r.expectEnd()
    }
}
