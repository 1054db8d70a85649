import HuddleTesting
import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import Testing
@testable import HuddleApp

/// Chat and notes between several real peers over loopback, with static peers.
@Suite("Sync over loopback", .serialized, .stopsPeers)
struct SyncTests {
    /// Peers in a line: each dials the one before, so the ends reach each other only through
    /// the middle (relay).
    func line(_ names: [String]) async throws -> [TestPeer] {
        var peers: [TestPeer] = []
        for name in names {
            peers.append(try await TestPeer.start(name, staticPeers: peers.last.map { ["127.0.0.1:\($0.port)"] } ?? []))
        }
        for (index, peer) in peers.enumerated() {
            let neighbours = (index > 0 ? 1 : 0) + (index < peers.count - 1 ? 1 : 0)
            #expect(try await eventually { try await peer.peer.status().sessions == neighbours }, "\(peer.profile.config.nickname) has its sessions")
        }
        return peers
    }

    @Test("four peers in a line chat and append to one note at once; all converge, each message once")
    func concurrentChatAndNotesConverge() async throws {
        let peers = try await line(["ann", "ben", "cat", "dan"])
        let seen = SeenMessages()
        let watcher = Task { for await event in peers[3].peer.events { if case let .chat(line) = event { seen.add(line.id) } } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for peer in peers {
                group.addTask {
                    let nick = peer.profile.config.nickname
                    for index in 0..<15 {
                        _ = try await peer.peer.say("\(nick) \(index)", in: "#general")
                        if index % 3 == 0 { try await peer.peer.appendToNote("plan", text: "\(nick) line \(index)\n") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let converged = try await eventually {
            var logs: [[String]] = [], notes: [String] = []
            for peer in peers {
                logs.append(try await peer.peer.messages(in: "#general").map(\.id))
                notes.append((try? await peer.peer.noteText("plan")) ?? "")
            }
            return logs[0].count == 60 && Set(logs.map { $0 }).count == 1 && Set(notes).count == 1
        }
        #expect(converged, "every peer holds the same 60 messages in the same order and the same note")
        let ids = try await peers[0].peer.messages(in: "#general").map(\.id)
        #expect(Set(ids).count == ids.count, "no message is held twice")
        let note = try await peers[0].peer.noteText("plan")
        #expect(note.split(separator: "\n").count == 20, "every appended line is there once")
        #expect(seen.duplicates.isEmpty, "no message was shown twice: \(seen.duplicates)")
        watcher.cancel()
        for peer in peers { await peer.stop() }
    }

    @Test("a peer that was offline catches up on reconnect, both ways")
    func offlinePeerCatchesUp() async throws {
        let ann = try await TestPeer.start("ann")
        var ben = try await TestPeer.start("ben", staticPeers: ["127.0.0.1:\(ann.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        _ = try await ben.peer.say("before", in: "#general")
        #expect(try await eventually { try await ann.peer.messages(in: "#general").count == 1 })
        await ben.stop(removing: false)
        for index in 0..<40 { _ = try await ann.peer.say("while away \(index)", in: "#general") }
        try await ann.peer.appendToNote("minutes", text: "decided: ship it\n")
        _ = try await ann.peer.createChannel("#design")
        // ben comes back with the same home; it also wrote something while offline.
        let benHome = ben.home
        ben = try await TestPeer.start("ben", staticPeers: [], home: benHome)
        _ = try await ben.peer.say("offline thought", in: "#general")
        _ = try await ann.peer.say("dial me", in: "#general") // ann knows ben's address and redials it
        let caughtUp = try await eventually {
            let benCount = try await ben.peer.messages(in: "#general").count
            let annCount = try await ann.peer.messages(in: "#general").count
            return benCount == 43 && annCount == 43
        }
        #expect(caughtUp)
        #expect(try await eventually { (try? await ben.peer.noteText("minutes")) == "decided: ship it\n" })
        // A channel reaches the others with its first message (an empty one is not passed on:
        // nobody can make its peers hold documents without writing to them).
        #expect(try await !ben.peer.documentList().contains { $0.name == "#design" })
        _ = try await ann.peer.say("first design note", in: "#design")
        #expect(try await eventually { try await ben.peer.documentList().contains { $0.name == "#design" } })
        await ben.stop()
        await ann.stop()
    }

    @Test("a direct message reaches its peer only, also when a third peer sits between them")
    func directMessagesStayPrivate() async throws {
        let peers = try await line(["ann", "ben", "cat"])
        let (ann, ben, cat) = (peers[0], peers[1], peers[2])
        _ = try await ann.peer.directMessage("for ben only", to: "ben")
        // cat is not connected to ann; ann knows cat only by ID, and ben must not relay.
        let catID = cat.profile.identity.peerID
        _ = try await ann.peer.directMessage("for cat, via nobody", to: catID.description)
        _ = try await ann.peer.say("public", in: "#general")
        #expect(try await eventually { try await cat.peer.messages(in: "#general").count == 1 }, "the public message went through ben")
        #expect(try await eventually { try await ben.peer.messages(in: "@ann").count == 1 })
        // "public" went out after both direct messages on the same sessions, and was relayed
        // after them: had either been sent or relayed where it must not go, it came first.
        #expect(try await eventually { try await ben.peer.messages(in: "#general").count == 1 })
        let catDocuments = try await cat.peer.documentList()
        #expect(!catDocuments.contains { $0.kind == .direct }, "cat holds no direct conversation: \(catDocuments.map(\.document))")
        let benDocuments = try await ben.peer.documentList().filter { $0.kind == .direct }
        #expect(benDocuments.count == 1, "ben holds only his own conversation with ann")
        for peer in peers { await peer.stop() }
    }
}

/// Message IDs shown, to find any shown twice.
final class SeenMessages: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    func add(_ id: String) { lock.withLock { counts[id, default: 0] += 1 } }
    var duplicates: [String] { lock.withLock { counts.filter { $0.value > 1 }.map(\.key) } }
}
