import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import HuddleTesting
@testable import HuddleApp

/// Several sync engines wired through an in-memory link, with no sockets and no sleeps.
///
/// Each session between two engines is a pair of FIFO queues, as TCP is; the link delivers
/// one message at a time from a queue it picks at random (so sessions interleave in any
/// order), can deliver a message twice (receiving must be idempotent), and can cut a session
/// (what is in flight is lost) and bring it back (the engines exchange SyncStates again).
/// A catch-up is pulled a frame at a time, as the peer's sender does.
struct EngineLink {
    struct Pair: Hashable { var from: Int, to: Int }

    var engines: [SyncEngine] = []
    private(set) var homes: [String] = []
    private var queues: [Pair: [SyncMessage]] = [:]
    private var up: Set<Pair> = []
    private var catchingUp: Set<Pair> = []
    var rng: SplitMix64
    /// Chance that a delivered message is delivered once more.
    var duplicateRate = 0.0

    init(engines count: Int, seed: UInt64) throws {
        rng = SplitMix64(seed: seed)
        for index in 0..<count {
            let home = NSTemporaryDirectory() + "huddle-link-\(index)-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            homes.append(home)
            var engine = SyncEngine(identity: DeviceIdentity(), store: DocumentStore(database: try HuddleDatabase(path: home + "/huddle.sqlite")))
            _ = try engine.load()
            engines.append(engine)
        }
    }

    /// Removes the engines' databases.
    func remove() {
        for home in homes { try? FileManager.default.removeItem(atPath: home) }
    }

    func id(_ index: Int) -> PeerID { engines[index].me }

    private func index(of peer: PeerID) -> Int { engines.firstIndex { $0.me == peer }! }

    /// Opens a session between `a` and `b`: each sends its SyncState.
    mutating func connect(_ a: Int, _ b: Int) {
        guard !up.contains(Pair(from: a, to: b)) else { return }
        up.insert(Pair(from: a, to: b))
        up.insert(Pair(from: b, to: a))
        take(engines[a].sessionStarted(with: id(b)), from: a)
        take(engines[b].sessionStarted(with: id(a)), from: b)
    }

    /// Cuts the session between `a` and `b`: messages in flight are lost.
    mutating func cut(_ a: Int, _ b: Int) {
        for pair in [Pair(from: a, to: b), Pair(from: b, to: a)] {
            up.remove(pair)
            queues[pair] = nil
            catchingUp.remove(pair)
        }
        take(engines[a].sessionEnded(with: id(b)), from: a)
        take(engines[b].sessionEnded(with: id(a)), from: b)
    }

    /// Whether anything is in flight or still to be caught up.
    var isQuiet: Bool { queues.values.allSatisfy(\.isEmpty) && catchingUp.isEmpty }

    /// Delivers one message (or pulls one catch-up frame); false when quiet.
    @discardableResult
    mutating func step() -> Bool {
        // Sorted, so a seed replays the same run whatever the dictionaries' order.
        let sources: [(pair: Pair, isCatchUp: Bool)] = (queues.filter { !$0.value.isEmpty }.map { ($0.key, false) }
            + catchingUp.map { ($0, true) }).sorted { ($0.0.from, $0.0.to, $0.1 ? 1 : 0) < ($1.0.from, $1.0.to, $1.1 ? 1 : 0) }
        guard !sources.isEmpty else { return false }
        let (pair, isCatchUp) = sources[Int(rng.next() % UInt64(sources.count))]
        if isCatchUp {
            let (message, _) = engines[pair.from].nextCatchUp(for: id(pair.to))
            if let message { queues[pair, default: []].append(message) } else { catchingUp.remove(pair) }
            return true
        }
        let message = queues[pair]!.removeFirst()
        deliver(message, along: pair)
        if duplicateRate > 0, Double(rng.next() % 1000) / 1000 < duplicateRate { deliver(message, along: pair) }
        return true
    }

    /// Steps until nothing is in flight (at most `limit` steps).
    mutating func settle(limit: Int = 1_000_000) {
        var steps = 0
        while step() { steps += 1; precondition(steps < limit, "the link never settled") }
    }

    /// Runs a local command on engine `index` and sends what it produced.
    mutating func local(_ index: Int, _ command: (inout SyncEngine) throws -> SyncStep) rethrows {
        take(try command(&engines[index]), from: index)
    }

    private mutating func deliver(_ message: SyncMessage, along pair: Pair) {
        take(engines[pair.to].receive(message, from: id(pair.from), writable: { _ in true }), from: pair.to)
    }

    private mutating func take(_ step: SyncStep, from index: Int) {
        for (peer, message) in step.outgoing {
            let pair = Pair(from: index, to: self.index(of: peer))
            if up.contains(pair) { queues[pair, default: []].append(message) }
        }
        for peer in step.catchUp {
            let pair = Pair(from: index, to: self.index(of: peer))
            if up.contains(pair) { catchingUp.insert(pair) } else { engines[index].catchUpStopped(for: peer) }
        }
    }
}
