import Foundation
import HuddleCore
import HuddleNet
import HuddleTesting
import Testing
@testable import HuddleApp

/// Sync engines wired through the in-memory link: no sockets, no sleeps, milliseconds.
@Suite("Sync engine over an in-memory link")
struct SyncEngineTests {
    static let dev = DocumentID.channel(workspace: .lan, name: "dev")
    static let plan = DocumentID.note(workspace: .lan, name: "plan")

    @Test("two engines that meet exchange what the other lacks: channels, notes and their changes")
    func twoEnginesMeet() throws {
        var link = try EngineLink(engines: 2, seed: 1)
        defer { link.remove() }
        try link.local(0) { try $0.post("hello", in: .general, writable: { _ in true }).1 }
        try link.local(0) { try $0.create(Self.plan) }
        try link.local(0) { try $0.edit(Self.plan, [NoteEdit(replacing: 0..<0, with: "ship it")], writable: { _ in true }) }
        try link.local(1) { try $0.post("hi", in: Self.dev, writable: { _ in true }).1 }
        link.connect(0, 1)
        link.settle()
        for engine in link.engines {
            #expect(engine.replicas[.general]?.chat?.messages.map(\.body) == ["hello"])
            #expect(engine.replicas[Self.dev]?.chat?.messages.map(\.body) == ["hi"])
            #expect(engine.replicas[Self.plan]?.note?.text == "ship it")
        }
        #expect(link.engines[1].book.received == 2 && link.engines[0].book.received == 1, "a run each: two posts and one edit")
    }

    @Test("three engines converge whatever the link does: interleaving, duplicates, cut sessions, partitions",
          arguments: [UInt64(7), 42, 2026, 31337])
    func convergence(seed: UInt64) throws {
        var link = try EngineLink(engines: 3, seed: seed)
        defer { link.remove() }
        link.duplicateRate = 0.05
        var rng = SplitMix64(seed: seed &* 31)
        for index in 0..<3 { try link.local(index) { try $0.create(Self.plan) } }
        for round in 0..<300 {
            let who = Int(rng.next() % 3)
            switch rng.next() % 10 {
            case 0..<3:
                let channel: DocumentID = rng.next() % 2 == 0 ? .general : Self.dev
                try link.local(who) { try $0.post("\(who)-\(round)", in: channel, writable: { _ in true }).1 }
            case 3..<6:
                let count = link.engines[who].replicas[Self.plan]?.note?.count ?? 0
                let at = Int(rng.next() % UInt64(count + 1))
                let edit = rng.next() % 3 == 0 && at < count
                    ? NoteEdit(replacing: at..<min(count, at + 1 + Int(rng.next() % 3)), with: "")
                    : NoteEdit(replacing: at..<at, with: "\(who)\(round % 10)")
                try link.local(who) { try $0.edit(Self.plan, [edit], writable: { _ in true }) }
            case 6:
                let other = link.id((who + 1 + Int(rng.next() % 2)) % 3)
                try link.local(who) { try $0.post("dm \(round)", in: .direct(between: $0.me, and: other), writable: { _ in true }).1 }
            case 7:
                let other = (who + 1 + Int(rng.next() % 2)) % 3
                if rng.next() % 2 == 0 { link.connect(who, other) } else { link.cut(who, other) }
            default:
                for _ in 0..<Int(rng.next() % 20) { link.step() }
            }
        }
        for a in 0..<3 { for b in (a + 1)..<3 { link.connect(a, b) } }
        link.settle()
        let reference = link.engines[0]
        for (index, engine) in link.engines.enumerated() {
            for document in [DocumentID.general, Self.dev] {
                #expect(engine.replicas[document]?.chat?.messages.map(\.body) == reference.replicas[document]?.chat?.messages.map(\.body),
                        "seed \(seed): engine \(index) differs in \(document)")
            }
            #expect(engine.replicas[Self.plan]?.note?.text == reference.replicas[Self.plan]?.note?.text,
                    "seed \(seed): engine \(index) differs in the note")
            #expect(engine.replicas.values.allSatisfy { $0.waitingCount == 0 }, "seed \(seed): changes still wait on engine \(index)")
            // A direct conversation lives only on its two peers.
            for documentID in engine.replicas.keys {
                if case .direct = documentID { #expect(documentID.admitsDirectly(engine.me), "seed \(seed): engine \(index) holds \(documentID)") }
            }
        }
    }

    @Test("a peer that was away for a while catches up in several frames, and the sender stops once it is caught up")
    func catchUpInFrames() throws {
        var link = try EngineLink(engines: 2, seed: 3)
        defer { link.remove() }
        let body = String(repeating: "x", count: 2000)
        for index in 0..<800 { try link.local(0) { try $0.post("\(index) \(body)", in: .general, writable: { _ in true }).1 } }
        link.connect(0, 1)
        var frames = 0
        while link.step() { frames += 1 }
        #expect(link.engines[1].replicas[.general]?.chat?.messages.count == 800)
        #expect(frames > 4, "the history went in several frames")
        #expect(link.engines[0].book.running.isEmpty, "the sender stopped once its peer was caught up")
    }
}
