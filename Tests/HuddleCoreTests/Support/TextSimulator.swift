import HuddleTesting
import HuddleCore

/// A seeded simulation of N replicas of a note editing at random and exchanging changes over
/// a network that reorders, duplicates, loses (anti-entropy retries) and partitions.
struct TextSimulator {
    let seed: UInt64
    var rng: SplitMix64
    var docs: [TextDocument]
    /// What each replica's editor shows, kept only from local edits and returned patches.
    var mirrors: [[Unicode.Scalar]]
    /// Changes on the wire: (destination, change).
    var wire: [(to: Int, change: Change)] = []
    /// Partition group of each replica; messages between groups are lost.
    var group: [Int]
    var failures: [String] = []

    static let samples = ["a", "b", "xyz", "👩‍👩‍👧‍👦", "🇩🇪", "e\u{301}", "\n", "日本語", "z"]

    init(seed: UInt64, replicas: Int) {
        self.seed = seed
        rng = SplitMix64(seed: seed)
        docs = (0..<replicas).map { TextDocument(replica: ReplicaID(UInt64($0 + 1) &* 0x9E37_79B9)) }
        mirrors = Array(repeating: [], count: replicas)
        group = Array(repeating: 0, count: replicas)
    }

    mutating func random(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }

    mutating func fail(_ what: String) { failures.append("seed \(seed): \(what)") }

    mutating func text() -> String {
        switch random(10) {
        case 0: return String((0..<(50 + random(300))).map { _ in "abcdefghij ".randomElement(using: &rng)! })
        default: return Self.samples[random(Self.samples.count)]
        }
    }

    mutating func localEdit(_ i: Int) {
        let n = docs[i].count
        do {
            if n == 0 || random(3) != 0 {
                // Inserts cluster at the start, the end and one hot spot to force concurrency.
                let pos = [0, n, min(n, 3), random(n + 1)][random(4)]
                let t = text()
                try docs[i].insert(at: pos, text: t)
                mirrors[i].insert(contentsOf: t.unicodeScalars, at: pos)
            } else {
                let pos = random(n)
                let len = min(n - pos, 1 + random(random(4) == 0 ? 40 : 4))
                try docs[i].delete(range: pos..<(pos + len))
                mirrors[i].removeSubrange(pos..<(pos + len))
            }
        } catch {
            fail("local edit threw \(error)")
        }
        if random(3) == 0 { broadcast(i) }
    }

    mutating func broadcast(_ i: Int) {
        guard let change = docs[i].commit() else { return }
        for j in docs.indices where j != i { wire.append((j, change)) }
    }

    mutating func receive(_ j: Int, _ change: Change) {
        var c = change
        if random(4) == 0 {
            do { c = try Change(decoding: change.encoded) } catch { fail("round trip failed: \(error)") }
        }
        do {
            for patch in try docs[j].apply(c) {
                switch patch {
                case .insert(let at, let text): mirrors[j].insert(contentsOf: text.unicodeScalars, at: at)
                case .delete(let at, let count): mirrors[j].removeSubrange(at..<(at + count))
                }
            }
        } catch {
            fail("apply threw \(error)")
        }
    }

    /// Anti-entropy: `from` sends `to` whatever `to` lacks (this is how lost messages return).
    mutating func sync(from i: Int, to j: Int) {
        for change in docs[i].changes(since: docs[j].version) { wire.append((j, change)) }
    }

    mutating func step() {
        let n = docs.count
        switch random(20) {
        case 0..<8: localEdit(random(n))
        case 8..<15:
            guard !wire.isEmpty else { return }
            let k = random(wire.count)
            let (to, change) = wire[k]
            if random(10) != 0 { wire.swapAt(k, wire.count - 1); wire.removeLast() } // else: duplicate later
            guard random(10) != 0 else { return } // lost
            receive(to, change)
        case 15..<17:
            let i = random(n), j = random(n)
            if i != j && group[i] == group[j] { sync(from: i, to: j) }
        case 17: broadcast(random(n))
        case 18: group = (0..<n).map { _ in random(2) } // partition
        default: group = Array(repeating: 0, count: n) // heal
        }
    }

    mutating func check(_ label: String) {
        for (i, doc) in docs.enumerated() {
            let problems = doc.checkInvariants()
            if !problems.isEmpty { fail("\(label) replica \(i): \(problems.prefix(3))") }
            if doc.text.unicodeScalars.elementsEqual(mirrors[i]) == false { fail("\(label) replica \(i): patches diverged from the text") }
        }
    }

    /// Heals the network and syncs every pair until nothing is missing.
    mutating func finish() {
        group = Array(repeating: 0, count: docs.count)
        for i in docs.indices { broadcast(i) }
        for _ in 0..<3 {
            while !wire.isEmpty {
                let k = random(wire.count)
                let (to, change) = wire.remove(at: k)
                receive(to, change)
            }
            for i in docs.indices { for j in docs.indices where i != j { sync(from: i, to: j) } }
        }
        check("final")
        for (i, doc) in docs.enumerated() {
            if doc.text != docs[0].text { fail("replica \(i) text differs after full delivery") }
            if doc.version != docs[0].version { fail("replica \(i) version differs after full delivery") }
            if doc.waitingCount != 0 { fail("replica \(i) still waits for \(doc.waitingCount) changes") }
        }
        do {
            let loaded = try TextDocument(decoding: docs[0].encoded(), replica: ReplicaID(999))
            if loaded.text != docs[0].text || loaded.version != docs[0].version { fail("encoded document loads differently") }
        } catch {
            fail("document decode threw \(error)")
        }
    }

    /// Runs `steps` random steps with invariant checks after each, then full delivery.
    static func run(seed: UInt64, steps: Int) -> [String] {
        var rng = SplitMix64(seed: seed)
        var sim = TextSimulator(seed: seed, replicas: 2 + Int(rng.next() % 7))
        for s in 0..<steps {
            sim.step()
            sim.check("step \(s)")
            if !sim.failures.isEmpty { return sim.failures }
        }
        sim.finish()
        return sim.failures
    }
}
