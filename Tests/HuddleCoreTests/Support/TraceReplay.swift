import HuddleCore
import HuddleTesting

/// Replays editing traces onto `TextDocument`s.
enum TraceReplay {
    /// Applies every patch of a sequential trace as a local edit of one replica.
    static func sequential(_ trace: EditingTrace, check: Bool = false) throws -> TextDocument {
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
    /// the versions the txn's parents name. Returns the agents' replicas, fully merged.
    static func concurrent(_ trace: EditingTrace) throws -> [TextDocument] {
        var docs = (0..<trace.numAgents).map { TextDocument(replica: ReplicaID(UInt64($0 + 1))) }
        var byAgent: [[Change]] = Array(repeating: [], count: trace.numAgents)
        var versions: [[UInt64]] = []
        let placeholder = TextDocument(replica: ReplicaID(0))
        var next = Array(repeating: Array(repeating: 0, count: trace.numAgents), count: trace.numAgents)
        var own = Array(repeating: UInt64(0), count: trace.numAgents)
        for txn in trace.txns {
            var target = Array(repeating: UInt64(0), count: trace.numAgents)
            for p in txn.parents {
                for a in 0..<trace.numAgents { target[a] = max(target[a], versions[p][a]) }
            }
            var doc = placeholder
            swap(&doc, &docs[txn.agent]) // edit the replica in place, without copying it // keep `doc` uniquely referenced
            for a in 0..<trace.numAgents where a != txn.agent {
                while next[txn.agent][a] < byAgent[a].count && byAgent[a][next[txn.agent][a]].endSeq <= target[a] {
                    _ = try doc.apply(byAgent[a][next[txn.agent][a]])
                    next[txn.agent][a] += 1
                }
            }
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
            for a in 0..<trace.numAgents where a != i {
                for change in byAgent[a] { _ = try docs[i].apply(change) }
            }
        }
        return docs
    }
}
