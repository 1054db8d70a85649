import HuddleCore
import HuddleTesting

extension CrdtBench {
    /// Replays a concurrent trace: each agent edits its own replica, which first merges the
    /// changes named by the txn's parents; at the end every replica merges everything.
    static func concurrent(_ file: EditingTrace, runs: Int) throws -> [(String, String)] {
        let n = file.editCount
        let clock = ContinuousClock()
        var best = Duration.seconds(1_000_000), bestFirst = best, bestLast = best
        var docs: [TextDocument] = []
        let window = min(10_000, n)
        for _ in 0..<max(1, runs) {
            var marks: [ContinuousClock.Instant] = []
            let t0 = clock.now
            docs = try replayConcurrent(file, marks: [window, n - window]) { marks.append(clock.now) }
            let t1 = clock.now
            best = min(best, t1 - t0)
            if marks.count == 2 {
                bestFirst = min(bestFirst, marks[0] - t0)
                bestLast = min(bestLast, t1 - marks[1])
            }
        }
        let ok = docs.allSatisfy { $0.text == file.endContent && $0.checkInvariants().isEmpty }
            && docs.allSatisfy { $0.version == docs[0].version }
        var out: [(String, String)] = [("kind", "\"concurrent\""), ("ok", "\(ok)"), ("edits", "\(n)"),
                                       ("changes", "\(docs[0].history.count)"),
                                       ("replay_ms", f(ms(best)))]
        out += try encodeAndLoad(docs[0], expected: file.endContent, runs: runs)
        out += [("mem_mb", f(Double(docs[0].memoryFootprint) / 1_048_576)),
                ("mem_method", "\"sum of one replica's buffer capacities (TextDocument.memoryFootprint)\""),
                ("us_per_edit_first_10k", f(ms(bestFirst) * 1000 / Double(window))),
                ("us_per_edit_last_10k", f(ms(bestLast) * 1000 / Double(window))),
                ("merges", "\(file.txns.filter { $0.parents.count > 1 }.count)")]
        return out
    }

    /// `mark` is called once the number of edits replayed reaches each entry of `marks` (at
    /// txn boundaries, merges included), to time the first and last edits.
    static func replayConcurrent(_ file: EditingTrace, marks: [Int] = [], mark: () -> Void = {}) throws -> [TextDocument] {
        var edits = 0
        var pendingMarks = marks[...]
        let agents = file.numAgents
        var docs = (0..<agents).map { TextDocument(replica: ReplicaID(UInt64($0 + 1))) }
        var byAgent: [[Change]] = Array(repeating: [], count: agents)
        var versions: [[UInt64]] = []
        let placeholder = TextDocument(replica: ReplicaID(0))
        versions.reserveCapacity(file.txns.count)
        var next = Array(repeating: Array(repeating: 0, count: agents), count: agents)
        var own = Array(repeating: UInt64(0), count: agents)
        for txn in file.txns {
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
