import ArgumentParser
import Foundation
import HuddleCore
import HuddleTesting

/// `huddle-bench crdt --trace FILE...`: replays editing traces on the notes CRDT.
///
/// One JSON line per trace with: `trace`, `kind`, `ok` (final text == endContent, invariants
/// hold), `edits` (patches), `changes` (changes in the history), `replay_ms` (every patch as
/// its own local edit; a sequential trace commits a change whenever the cursor jumps, i.e. one
/// change per burst of typing; a concurrent trace commits one change per txn and merges where
/// the trace says), `encode_ms` and `encoded_bytes` (whole history, `TextDocument.encoded()`),
/// `load_ms` (a fresh replica decoding and merging that history), `load_ok`, `mem_mb` (sum of
/// the document's buffer capacities, `TextDocument.memoryFootprint`), `us_per_edit_first_10k`
/// and `us_per_edit_last_10k`. Times are the best of `--runs` repetitions.
struct CrdtBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crdt",
        abstract: "Replay editing traces on TextDocument; print one JSON line per trace."
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Trace files (.json or .json.gz).")
    var trace: [String]

    @Option(name: .long, help: "Timed repetitions; the best time is reported.")
    var runs: Int = 5

    func run() throws {
        for path in trace {
            let file = try EditingTrace.load(path: path)
            let result = file.isConcurrent ? try Self.concurrent(file, runs: runs) : try Self.sequential(file, runs: runs)
            var fields: [(String, String)] = [("trace", "\"\(URL(fileURLWithPath: path).lastPathComponent)\"")]
            fields += result
            print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        }
        print("{" + (try Self.blockDelivery(runs: runs)).map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        // What the figures compare against (the goals are set for automerge-paper).
        print("{" + Self.goals.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    }

    /// A three-author history of 20,000 changes (`ConcurrentHistory`, seed 2026) merged into a
    /// fresh replica author by author, the last author's block first: every change of the
    /// first two blocks waits for the third. `ok`: every change applied and the text matches.
    static func blockDelivery(runs: Int) throws -> [(String, String)] {
        let history = try ConcurrentHistory(authors: 3, total: 20_000, seed: 2026)
        let clock = ContinuousClock()
        var best = Duration.seconds(1_000_000)
        var doc = TextDocument(replica: ReplicaID(0xABCD))
        var mostWaiting = 0
        for _ in 0..<max(1, runs) {
            doc = TextDocument(replica: ReplicaID(0xABCD))
            let t0 = clock.now
            for author in [2, 1, 0] {
                for change in history.changes[author] { _ = try doc.apply(change) }
                mostWaiting = max(mostWaiting, doc.waitingCount)
            }
            best = min(best, clock.now - t0)
        }
        let ok = doc.waitingCount == 0 && doc.text == history.text && doc.checkInvariants().isEmpty
        return [("case", "\"three authors, author-by-author blocks\""), ("ok", "\(ok)"), ("changes", "20000"),
                ("most_waiting", "\(mostWaiting)"), ("merge_ms", f(ms(best))),
                ("limit_waiting_changes", "\(DecodeLimits.maxBufferedChanges)")]
    }

    /// The goals and the published or measured figures of other CRDTs.
    static let goals: [(String, String)] = [
        ("goals_for", "\"automerge-paper.json.gz\""),
        ("goal_replay_ms", "30"),
        ("goal_load_ms", "10"),
        ("goal_encoded_bytes", "230000"),
        ("stretch_encoded_bytes", "160000"),
        ("goal_mem_mb", "10"),
        ("goal_last_10k_vs_first_10k", "2"),
        ("anchor_replay_ms", "{\"loro_native_published\": 46, \"loro_python_here\": \"330 to 760\", \"yrs_python_here\": 11500, \"diamond_types\": 4}"),
        ("anchor_encoded_bytes", "{\"yjs\": 223000, \"loro\": 251000}"),
    ]

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

    /// Replays a sequential trace, every patch as its own local edit of one replica.
    static func sequential(_ file: EditingTrace, runs: Int) throws -> [(String, String)] {
        let patches = file.txns.flatMap(\.patches)
        let n = patches.count
        let window = min(10_000, n)
        var best = Duration.seconds(1_000_000), bestFirst = best, bestLast = best
        var doc = TextDocument(replica: ReplicaID(1))
        let clock = ContinuousClock()
        for _ in 0..<max(1, runs) {
            doc = TextDocument(replica: ReplicaID(1))
            let t0 = clock.now
            var tFirst = t0, tLastStart = t0
            if !file.startContent.isEmpty { try doc.insert(at: 0, text: file.startContent) }
            var burstEnd = -1 // where the current burst of typing would continue
            for (i, p) in patches.enumerated() {
                if i == n - window { tLastStart = clock.now }
                // A burst of typing ends when the cursor jumps: then the last one becomes a change.
                let continues = p.deleteCount > 0 ? p.position + p.deleteCount == burstEnd || p.position == burstEnd
                                                  : p.position == burstEnd
                if !continues { _ = doc.commit() }
                burstEnd = p.position + p.text.unicodeScalars.count
                if p.deleteCount > 0 { try doc.delete(range: p.position..<(p.position + p.deleteCount)) }
                if !p.text.isEmpty { try doc.insert(at: p.position, text: p.text) }
                if i == window - 1 { tFirst = clock.now }
            }
            _ = doc.commit()
            let t1 = clock.now
            best = min(best, t1 - t0)
            bestFirst = min(bestFirst, tFirst - t0)
            bestLast = min(bestLast, t1 - tLastStart)
        }
        let ok = doc.text == file.endContent && doc.checkInvariants().isEmpty
        let changes = doc.history.count
        var out: [(String, String)] = [("kind", "\"sequential\""), ("ok", "\(ok)"), ("edits", "\(n)"),
                                       ("changes", "\(changes)"),
                                       ("replay_ms", f(ms(best)))]
        out += try encodeAndLoad(doc, expected: file.endContent, runs: runs)
        out += [("mem_mb", f(Double(doc.memoryFootprint) / 1_048_576)),
                ("mem_method", "\"sum of the document's buffer capacities (TextDocument.memoryFootprint)\""),
                ("us_per_edit_first_10k", f(ms(bestFirst) * 1000 / Double(window))),
                ("us_per_edit_last_10k", f(ms(bestLast) * 1000 / Double(window)))]
        return out
    }

    /// Encodes the whole history, then loads it into a fresh replica.
    static func encodeAndLoad(_ doc: TextDocument, expected: String, runs: Int) throws -> [(String, String)] {
        let clock = ContinuousClock()
        var bytes: [UInt8] = []
        var bestEncode = Duration.seconds(1_000_000), bestLoad = bestEncode
        var loaded = TextDocument(replica: ReplicaID(99))
        for _ in 0..<max(1, runs) {
            let t0 = clock.now
            bytes = doc.encoded()
            let t1 = clock.now
            loaded = try TextDocument(decoding: bytes, replica: ReplicaID(99))
            let t2 = clock.now
            bestEncode = min(bestEncode, t1 - t0)
            bestLoad = min(bestLoad, t2 - t1)
        }
        let loadOK = loaded.text == expected && loaded.version == doc.version
        return [("encode_ms", f(ms(bestEncode))), ("encoded_bytes", "\(bytes.count)"),
                ("load_ms", f(ms(bestLoad))), ("load_ok", "\(loadOK)")]
    }
}
