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
            docs = try TraceReplay.concurrent(file, marks: [window, n - window]) { marks.append(clock.now) }
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
}
