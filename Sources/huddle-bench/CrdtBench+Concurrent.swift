import HuddleCore

extension CrdtBench {
    /// Replays a concurrent trace: each agent edits its own replica, which first merges the
    /// changes named by the txn's parents; at the end every replica merges everything.
    static func concurrent(_ file: TraceFile, runs: Int) throws -> [(String, String)] {
        let n = file.editCount
        let clock = ContinuousClock()
        var best = Duration.seconds(1_000_000)
        var docs: [TextDocument] = []
        for _ in 0..<max(1, runs) {
            let t0 = clock.now
            docs = try replayConcurrent(file)
            let t1 = clock.now
            best = min(best, t1 - t0)
        }
        let ok = docs.allSatisfy { $0.text == file.endContent && $0.checkInvariants().isEmpty }
            && docs.allSatisfy { $0.version == docs[0].version }
        var out: [(String, String)] = [("kind", "\"concurrent\""), ("ok", "\(ok)"), ("edits", "\(n)"),
                                       ("replay_ms", f(ms(best)))]
        out += try encodeAndLoad(docs[0], expected: file.endContent, runs: runs)
        out += [("mem_mb", f(Double(docs[0].memoryFootprint) / 1_048_576)),
                ("mem_method", "\"sum of one replica's buffer capacities (TextDocument.memoryFootprint)\""),
                ("us_per_edit_first_10k", "null"), ("us_per_edit_last_10k", "null"),
                ("merges", "\(file.txns.filter { $0.parents.count > 1 }.count)")]
        return out
    }

    static func replayConcurrent(_ file: TraceFile) throws -> [TextDocument] {
        let agents = file.numAgents
        var docs = (0..<agents).map { TextDocument(replica: ReplicaID(UInt64($0 + 1))) }
        var byAgent: [[Change]] = Array(repeating: [], count: agents)
        var versions: [[UInt64]] = []
        versions.reserveCapacity(file.txns.count)
        var next = Array(repeating: Array(repeating: 0, count: agents), count: agents)
        var own = Array(repeating: UInt64(0), count: agents)
        for txn in file.txns {
            var target = Array(repeating: UInt64(0), count: agents)
            for p in txn.parents {
                for a in 0..<agents { target[a] = max(target[a], versions[p][a]) }
            }
            var doc = docs[txn.agent]
            docs[txn.agent] = TextDocument(replica: doc.replica)
            for a in 0..<agents where a != txn.agent {
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
            docs[txn.agent] = doc
        }
        for i in docs.indices {
            for a in 0..<agents where a != i {
                for change in byAgent[a][next[i][a]...] { _ = try docs[i].apply(change) }
            }
        }
        return docs
    }
}
