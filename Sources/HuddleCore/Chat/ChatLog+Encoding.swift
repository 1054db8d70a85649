extension ChatLog {
    /// The whole log (every change, in applied order) in the chat log format of
    /// docs/encoding.md.
    public func encoded() -> [UInt8] {
        var table: [ReplicaID: Int] = [:]
        var ids: [ReplicaID] = []
        for c in log {
            for id in [c.author] + c.dependencies.map(\.replica) where table[id] == nil {
                table[id] = ids.count
                ids.append(id)
            }
        }
        var w = ByteWriter()
        w.byte(ChatFormat.logTag)
        w.byte(ChatFormat.version)
        w.varint(ids.count)
        for id in ids { w.replica(id) }
        w.varint(log.count)
        for c in log {
            w.varint(table[c.author] ?? 0)
            w.varint(c.startSeq)
            w.varint(c.dependencies.count)
            for d in c.dependencies {
                w.varint(table[d.replica] ?? 0)
                w.varint(d.seq)
            }
            c.encodeBody(into: &w)
        }
        return w.bytes
    }

    /// Loads a log from `encoded()` bytes, to be written locally as `replica`.
    public init(decoding bytes: [UInt8], replica: ReplicaID) throws(DecodeError) {
        guard bytes.count <= DecodeLimits.maxDocumentBytes else {
            throw .limitExceeded(what: "log bytes", limit: DecodeLimits.maxDocumentBytes)
        }
        var r = ByteReader(bytes)
        let tag = try r.byte()
        guard tag == ChatFormat.logTag else { throw .wrongFormat(expected: ChatFormat.logTag, found: tag) }
        let version = try r.byte()
        guard version == ChatFormat.version else { throw .unsupportedVersion(version) }
        let n = try r.count(max: DecodeLimits.maxReplicasPerDocument, "replicas")
        guard n * 32 <= r.remaining else { throw .truncated(needed: n * 32 - r.remaining) }
        var ids: [ReplicaID] = []
        var seen = Set<ReplicaID>()
        for _ in 0..<n {
            let id = try r.replica()
            guard seen.insert(id).inserted else { throw .nonCanonical("replica listed twice") }
            ids.append(id)
        }
        func index(_ r: inout ByteReader) throws(DecodeError) -> ReplicaID {
            let i = try r.varint()
            guard i < UInt64(ids.count) else { throw .unknownReplica(index: i) }
            return ids[Int(i)]
        }
        self.init(replica: replica)
        let changes = try r.count(max: DecodeLimits.maxChangesPerDocument, "changes")
        for _ in 0..<changes {
            let author = try index(&r)
            let start = try r.varint()
            let depCount = try r.count(max: min(ids.count, DecodeLimits.maxReplicasPerChange - 1), "dependencies")
            var deps: [Dependency] = []
            for _ in 0..<depCount {
                let d = try index(&r)
                deps.append(Dependency(replica: d, seq: try r.varint()))
            }
            let change = try ChatChange.decodeBody(&r, author: author, startSeq: start, dependencies: deps)
            do {
                _ = try apply(change)
            } catch {
                throw .valueOutOfRange("a change of the log does not apply")
            }
        }
        try r.expectEnd()
    }
}
