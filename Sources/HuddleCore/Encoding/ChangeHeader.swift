/// The start that every change encoding shares (docs/encoding.md): format tag, version,
/// author, first seq and dependencies. Text and chat changes differ only after it.
struct ChangeHeader {
    /// The replica that made the change.
    var author: ReplicaID
    /// The seq of its first operation.
    var startSeq: UInt64
    /// What it depends on.
    var dependencies: [Dependency]

    /// Writes the header for the format `tag`, `version`.
    func write(tag: UInt8, version: UInt8, into w: inout ByteWriter) {
        w.byte(tag)
        w.byte(version)
        w.replica(author)
        w.varint(startSeq)
        w.varint(dependencies.count)
        for dep in dependencies {
            w.replica(dep.replica)
            w.varint(dep.seq)
        }
    }

    /// Checks the size of a change's bytes, then reads its header, leaving `r` at the body.
    static func read(from r: inout ByteReader, size: Int, tag: UInt8, version: UInt8) throws(DecodeError) -> ChangeHeader {
        guard size <= DecodeLimits.maxChangeBytes else {
            throw .limitExceeded(what: "change bytes", limit: DecodeLimits.maxChangeBytes)
        }
        let found = try r.byte()
        guard found == tag else { throw .wrongFormat(expected: tag, found: found) }
        let foundVersion = try r.byte()
        guard foundVersion == version else { throw .unsupportedVersion(foundVersion) }
        let author = try r.replica()
        let start = try r.varint()
        let depCount = try r.count(max: DecodeLimits.maxReplicasPerChange - 1, "dependencies")
        var deps: [Dependency] = []
        deps.reserveCapacity(min(depCount, r.remaining / 33))
        for _ in 0..<depCount {
            let replica = try r.replica()
            deps.append(Dependency(replica: replica, seq: try r.varint()))
        }
        return ChangeHeader(author: author, startSeq: start, dependencies: deps)
    }
}
