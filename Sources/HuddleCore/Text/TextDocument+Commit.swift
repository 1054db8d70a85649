extension TextDocument {
    /// Closes the run of local operations since the last commit into a `Change` (stored in the
    /// document's history and returned for sending), or nil if there were none.
    public mutating func commit() -> Change? {
        guard let change = pendingChange else { return nil }
        log.append(change)
        operationCount += change.ops.count
        pending = PendingChange()
        return change
    }

    /// Whether there are local operations that `commit()` would close into a change.
    public var hasUncommittedChanges: Bool { !pending.ops.isEmpty }

    /// The change `commit()` would return now, without committing it.
    var pendingChange: Change? {
        guard !pending.ops.isEmpty else { return nil }
        func own(_ id: PackedID) -> Bool { id == noItem || agentOf(id) == 0 }
        if pending.ops.allSatisfy({ own($0.first) && own($0.second) }) {
            // Only this replica's items are referred to: no dependencies, no table to build.
            func ref(_ id: PackedID) -> Ref { id == noItem ? .none : Ref(replica: 0, seq: seqOf(id)) }
            let ops = pending.ops.map { TextOp(isDelete: $0.isDelete, count: $0.count, first: ref($0.first), second: ref($0.second)) }
            return Change(author: replica, startSeq: UInt64(pending.startSeq), dependencies: [], ops: ops, content: pending.content)
        }
        var highest: [UInt32: UInt32] = [:]
        func note(_ id: PackedID, _ count: UInt32) {
            guard id != noItem, agentOf(id) != 0 else { return }
            let end = seqOf(id) + count - 1
            highest[agentOf(id)] = max(highest[agentOf(id)] ?? 0, end)
        }
        for op in pending.ops {
            note(op.first, op.isDelete ? op.count : 1)
            note(op.second, 1)
        }
        let deps = highest.map { Dependency(replica: replicas[Int($0.key)], seq: UInt64($0.value)) }
            .sorted { $0.replica < $1.replica }
        var table: [UInt32: UInt32] = [0: 0]
        for (i, dep) in deps.enumerated() {
            if let a = agents[dep.replica] { table[a] = UInt32(i + 1) }
        }
        func ref(_ id: PackedID) -> Ref {
            guard id != noItem, let t = table[agentOf(id)] else { return .none }
            return Ref(replica: t, seq: seqOf(id))
        }
        let ops = pending.ops.map { TextOp(isDelete: $0.isDelete, count: $0.count, first: ref($0.first), second: ref($0.second)) }
        return Change(author: replica, startSeq: UInt64(pending.startSeq), dependencies: deps,
                      ops: ops, content: pending.content)
    }

    /// The committed changes that a replica at `version` lacks, in an order it can apply them.
    /// Commit first to include the latest local edits.
    public func changes(since version: VersionVector) -> [Change] {
        log.filter { $0.endSeq > version[$0.author] }
    }

    /// Every committed change this document holds, in the order it applied them.
    public var history: [Change] { log }
}

extension TextDocument {
    /// Applies every committed change of `other` that this document lacks (a local merge of
    /// two replicas, e.g. after loading a copy from disk). Returns what became visible.
    public mutating func merge(_ other: TextDocument) throws(TextError) -> [TextPatch] {
        var patches: [TextPatch] = []
        for change in other.changes(since: version) { patches += try apply(change) }
        return patches
    }
}
