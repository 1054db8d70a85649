import HuddleCore

/// A seeded editing history of several authors of one note, each typing and deleting on its
/// own replica and now and then merging what another author has, so that each author's
/// changes depend on the others'. For delivery-order tests and the CRDT benchmark.
public struct ConcurrentHistory {
    /// Each author's changes, in the author's own order.
    public let changes: [[Change]]
    /// The text every replica holds once it has everything.
    public let text: String

    /// A history of about `total` changes by `authors` authors, from `seed`.
    public init(authors: Int, total: Int, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        func random(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
        var docs = (0..<authors).map { TextDocument(replica: ReplicaID(UInt64($0 + 1) &* 0x9E37_79B9)) }
        var changes: [[Change]] = Array(repeating: [], count: authors)
        var made: [Change] = [] // in the order they were made: a causal order
        // Per replica, per author, how many of that author's changes it holds.
        var merged = Array(repeating: Array(repeating: 0, count: authors), count: authors)
        for step in 0..<total {
            let who = random(authors)
            if step % 7 == 0 {
                // Merge what another author had typed by now.
                let other = (who + 1 + random(authors - 1)) % authors
                for change in changes[other][merged[who][other]...] { _ = try docs[who].apply(change) }
                merged[who][other] = changes[other].count
            }
            let n = docs[who].count
            if n == 0 || random(3) != 0 {
                let samples = ["a", "bc", "xyz ", "日本", "👩‍💻", "\n"]
                try docs[who].insert(at: [0, n, random(n + 1)][random(3)], text: samples[random(samples.count)])
            } else {
                let at = random(n)
                try docs[who].delete(range: at..<min(n, at + 1 + random(3)))
            }
            if let change = docs[who].commit() {
                changes[who].append(change)
                made.append(change)
            }
        }
        var reference = TextDocument(replica: ReplicaID(0xFFFF))
        for change in made { _ = try reference.apply(change) }
        self.changes = changes
        text = reference.text
    }
}
