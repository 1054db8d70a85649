import HuddleTesting
import HuddleCore

/// The chat log under the same hostile network as `TextSimulator`, with skewed device clocks.
struct ChatSimulator {
    let seed: UInt64
    var rng: SplitMix64
    var logs: [ChatLog]
    var skew: [Int64]
    var wire: [(to: Int, change: ChatChange)] = []
    var group: [Int]
    /// For each message, the messages its author could see when posting it.
    var seenAtPost: [MessageID: Set<MessageID>] = [:]
    var failures: [String] = []

    init(seed: UInt64, replicas: Int) {
        self.seed = seed
        rng = SplitMix64(seed: seed)
        logs = (0..<replicas).map { ChatLog(replica: ReplicaID(UInt64($0 + 1) &* 0x51_7CC1)) }
        skew = (0..<replicas).map { _ in 0 }
        group = Array(repeating: 0, count: replicas)
        for i in skew.indices { skew[i] = Int64(random(2_000_000)) - 1_000_000 }
    }

    mutating func random(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }

    mutating func send(_ i: Int, _ change: ChatChange) {
        for j in logs.indices where j != i { wire.append((j, change)) }
    }

    mutating func local(_ i: Int, now: Int64) {
        do {
            let mine = logs[i].messages.filter { $0.author == logs[i].replica }
            if mine.isEmpty || random(3) == 0 {
                let seen = Set(logs[i].messages.map(\.id))
                let change = try logs[i].post(body: "m\(random(1000))", wallTime: now + skew[i])
                seenAtPost[MessageID(replica: logs[i].replica, seq: change.startSeq)] = seen
                send(i, change)
            } else if random(2) == 0 {
                send(i, try logs[i].edit(mine[random(mine.count)].id, body: "edited", wallTime: now + skew[i]))
            } else {
                send(i, try logs[i].delete(mine[random(mine.count)].id))
            }
        } catch {
            failures.append("seed \(seed): local op threw \(error)")
        }
    }

    mutating func receive(_ j: Int, _ change: ChatChange) {
        do {
            let c = random(3) == 0 ? try ChatChange(decoding: change.encoded) : change
            _ = try logs[j].apply(c)
        } catch {
            failures.append("seed \(seed): apply threw \(error)")
        }
    }

    static func run(seed: UInt64, steps: Int) -> [String] {
        var first = SplitMix64(seed: seed)
        var sim = ChatSimulator(seed: seed, replicas: 2 + Int(first.next() % 7))
        let n = sim.logs.count
        for s in 0..<steps {
            switch sim.random(10) {
            case 0..<4: sim.local(sim.random(n), now: Int64(s) * 1000)
            case 4..<8:
                guard !sim.wire.isEmpty else { break }
                let k = sim.random(sim.wire.count)
                let (to, change) = sim.wire[k]
                if sim.random(8) != 0 { sim.wire.remove(at: k) }
                if sim.random(8) != 0 { sim.receive(to, change) }
            case 8:
                let i = sim.random(n), j = sim.random(n)
                if sim.group[i] == sim.group[j] {
                    for c in sim.logs[i].changes(since: sim.logs[j].version) { sim.wire.append((j, c)) }
                }
            default:
                sim.group = sim.random(2) == 0 ? (0..<n).map { _ in sim.random(2) } : Array(repeating: 0, count: n)
            }
        }
        for _ in 0..<2 {
            while !sim.wire.isEmpty {
                let (to, change) = sim.wire.remove(at: sim.random(sim.wire.count))
                sim.receive(to, change)
            }
            for i in 0..<n { for j in 0..<n where i != j {
                for c in sim.logs[i].changes(since: sim.logs[j].version) { sim.receive(j, c) }
            } }
        }
        let reference = sim.logs[0].messages
        if reference.isEmpty { sim.failures.append("seed \(seed): no messages survived; the run tests nothing") }
        for (i, log) in sim.logs.enumerated() {
            if log.messages != reference { sim.failures.append("seed \(seed): replica \(i) messages differ") }
            if log.version != sim.logs[0].version { sim.failures.append("seed \(seed): replica \(i) version differs") }
        }
        let allPosted = (try? ChatLog(decoding: sim.logs[0].encoded(), replica: ReplicaID(77)))
        if allPosted?.messages != reference { sim.failures.append("seed \(seed): encoded log loads differently") }
        // Causality: whatever an author had seen when posting sorts before its message.
        var position: [MessageID: Int] = [:]
        for (k, m) in reference.enumerated() { position[m.id] = k }
        for (id, seen) in sim.seenAtPost {
            guard let p = position[id] else { continue }
            for s in seen { if let q = position[s], q > p { sim.failures.append("seed \(seed): \(s) sorted after \(id)") } }
        }
        return sim.failures
    }
}
