import HuddleCore

/// Replays editing traces onto `TextDocument`s, for the CRDT tests and `huddle-bench crdt`.
public enum TraceReplay {
    /// Applies every patch of a sequential trace as a local edit of one replica.
    public static func sequential(_ trace: EditingTrace) throws -> TextDocument {
        var doc = TextDocument(replica: ReplicaID(1))
        if !trace.startContent.isEmpty { try doc.insert(at: 0, text: trace.startContent) }
        for txn in trace.txns {
            for p in txn.patches {
                if p.deleteCount > 0 { try doc.delete(range: p.position..<(p.position + p.deleteCount)) }
                if !p.text.isEmpty { try doc.insert(at: p.position, text: p.text) }
            }
        }
        _ = doc.commit()
        return doc
    }

    /// Replays a concurrent trace: each agent edits its own replica, which first merges exactly
    /// the versions the txn's parents name (one change per txn). At the end every replica
    /// merges what it lacks, author by author, each author's changes in their own order.
    ///
    /// `mark` is called once the number of edits replayed reaches each entry of `marks` (at
    /// txn boundaries, merges included), to time the first and last edits.
    public static func concurrent(_ trace: EditingTrace, marks: [Int] = [], mark: () -> Void = {}) throws -> [TextDocument] {
        var edits = 0
        var pendingMarks = marks[...]
        let agents = trace.numAgents
        var docs = (0..<agents).map { TextDocument(replica: ReplicaID(UInt64($0 + 1))) }
        var byAgent: [[Change]] = Array(repeating: [], count: agents)
        var versions: [[UInt64]] = []
        versions.reserveCapacity(trace.txns.count)
        let placeholder = TextDocument(replica: ReplicaID(0))
        // Per replica, per author, how many of that author's changes it applied.
        var next = Array(repeating: Array(repeating: 0, count: agents), count: agents)
        var own = Array(repeating: UInt64(0), count: agents)
        for txn in trace.txns {
            var target = Array(repeating: UInt64(0), count: agents)
            for p in txn.parents {
                for a in 0..<agents { target[a] = max(target[a], versions[p][a]) }
            }
            var doc = placeholder
            swap(&doc, &docs[txn.agent]) // edit the replica in place, without copying it
            for a in 0..<agents where a != txn.agent {
                while next[txn.agent][a] < byAgent[a].count && byAgent[a][next[txn.agent][a]].endSeq <= target[a] {
                    _ = try doc.apply(byAgent[a][next[txn.agent][a]])
                    next[txn.agent][a] += 1
                }
            }
            while let m = pendingMarks.first, edits >= m {
                mark()
                pendingMarks.removeFirst()
            }
            edits += txn.patches.count
            for p in txn.patches {
                if p.deleteCount > 0 { try doc.delete(range: p.position..<(p.position + p.deleteCount)) }
                if !p.text.isEmpty { try doc.insert(at: p.position, text: p.text) }
            }
            if let change = doc.commit() {
                byAgent[txn.agent].append(change)
                own[txn.agent] = change.endSeq
            }
            target[txn.agent] = own[txn.agent]
            versions.append(target)
            swap(&doc, &docs[txn.agent])
        }
        for i in docs.indices {
            for a in 0..<agents where a != i {
                for change in byAgent[a][next[i][a]...] { _ = try docs[i].apply(change) }
            }
        }
        return docs
    }
}
