import HuddleTesting
import Foundation
import HuddleCore
import HuddleStore
import Testing
@testable import HuddleApp

/// Events of one peer, collected for tests to wait on.
final class PeerEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [Peer.Event] = []
    private var task: Task<Void, Never>?

    init(_ peer: Peer) {
        let stream = peer.subscribe()
        task = Task { [weak self] in for await event in stream { self?.append(event) } }
    }

    private func append(_ event: Peer.Event) { lock.withLock { events.append(event) } }

    /// Every note update seen.
    var updates: [NoteUpdate] {
        lock.withLock { events.compactMap { if case let .noteChanged(update) = $0 { update } else { nil } } }
    }

    /// Every notice seen.
    var notices: [String] {
        lock.withLock { events.compactMap { if case let .notice(text) = $0 { text } else { nil } } }
    }

    /// The first state of each transfer seen: what this peer decided on hearing of it.
    var firstSeen: [String: TransferInfo] {
        lock.withLock {
            var first: [String: TransferInfo] = [:]
            for case let .transfer(info) in events where first[info.id] == nil { first[info.id] = info }
            return first
        }
    }

    /// The latest state of each transfer seen.
    var transfers: [String: TransferInfo] {
        lock.withLock {
            var latest: [String: TransferInfo] = [:]
            for case let .transfer(info) in events { latest[info.id] = info }
            return latest
        }
    }
}

@Suite("File transfer between peers", .serialized, .stopsPeers)
struct TransferPeerTests {
    /// Two connected peers; `receiverConfig` is written to the receiver's config.toml first.
    func pair(receiverConfig: String = "") async throws -> (sender: TestPeer, receiver: TestPeer) {
        let home = NSTemporaryDirectory() + "huddle-peer-bob-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try receiverConfig.write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let receiver = try await TestPeer.start("bob", home: home)
        let sender = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(receiver.port)"])
        #expect(try await eventually {
            let senderSessions = try await sender.peer.status().sessions
            let receiverSessions = try await receiver.peer.status().sessions
            return senderSessions == 1 && receiverSessions == 1
        })
        return (sender, receiver)
    }

    func randomFile(_ bytes: Int) throws -> String {
        let path = NSTemporaryDirectory() + "huddle-send-\(UUID().uuidString.prefix(8)).bin"
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("an offer by nickname, accepted by the receiver, arrives byte-identical in its downloads folder")
    func offerAcceptedArrives() async throws {
        let (ann, bob) = try await pair()
        let annEvents = PeerEvents(ann.peer), bobEvents = PeerEvents(bob.peer)
        let file = try randomFile(3 << 20)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let offer = try await ann.peer.send(to: "bob", paths: [file])
        #expect(offer.direction == .outgoing && offer.nickname == "bob" && offer.bytes == 3 << 20)
        #expect(try await eventually { bobEvents.transfers[offer.id]?.state == .offered }, "bob is asked")
        #expect(bobEvents.transfers[offer.id]?.nickname == "ann")
        try await bob.peer.acceptTransfer(offer.shortID, into: nil)
        #expect(try await eventually { annEvents.transfers[offer.id]?.state == .done && bobEvents.transfers[offer.id]?.state == .done })
        let arrived = bob.profile.folders.downloads + "/" + (file as NSString).lastPathComponent
        #expect(FileManager.default.contentsEqual(atPath: arrived, andPath: file))
        let sent = try #require(annEvents.transfers[offer.id]), received = try #require(bobEvents.transfers[offer.id])
        #expect(sent.paths == [file] && received.paths == [arrived], "each side lists the absolute path on its own disk")
        for info in [sent, received] {
            let started = try #require(info.startedAt), ended = try #require(info.endedAt)
            #expect(info.offeredAt <= started && started <= ended, "\(info)")
            #expect(abs(Double(info.offeredAt) / 1000 - Date().timeIntervalSince1970) < 60, "wall-clock milliseconds")
        }
        await ann.stop()
        await bob.stop()
    }

    @Test("a rejected offer is reported to the sender; nothing arrives")
    func rejectedOffer() async throws {
        let (ann, bob) = try await pair()
        let annEvents = PeerEvents(ann.peer)
        let file = try randomFile(1000)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let offer = try await ann.peer.send(to: "bob", paths: [file])
        #expect(try await eventually { await bob.peer.transferList().contains { $0.id == offer.id && $0.state == .offered } })
        try await bob.peer.rejectTransfer(offer.id)
        #expect(try await eventually { annEvents.transfers[offer.id]?.state == .rejected })
        #expect(!FileManager.default.fileExists(atPath: bob.profile.folders.downloads + "/" + (file as NSString).lastPathComponent))
        let second = try await ann.peer.send(to: "bob", paths: [file])
        let listed = await ann.peer.transferList()
        #expect(listed.map(\.id) == [second.id, offer.id] || listed[0].offeredAt == listed[1].offeredAt, "newest first")
        #expect(listed.last?.endedAt != nil && listed.first?.endedAt == nil, "the rejected offer ended; the new one did not")
        await ann.stop()
        await bob.stop()
    }

    @Test("offers from a verified peer within the configured size are accepted without asking; others wait")
    func autoAcceptFromVerifiedOnly() async throws {
        let (ann, bob) = try await pair(receiverConfig: "auto_accept_mb = 1\n")
        let small = try randomFile(10_000), large = try randomFile(1_500_000)
        defer { try? FileManager.default.removeItem(atPath: small); try? FileManager.default.removeItem(atPath: large) }
        // Bob's first event about an offer comes after he decided whether to accept it by
        // himself (an accepted one is reported accepted), so it shows the decision.
        let bobEvents = PeerEvents(bob.peer)
        // Not verified yet: even a small offer waits.
        let first = try await ann.peer.send(to: "bob", paths: [small])
        #expect(await eventually { bobEvents.firstSeen[first.id] != nil })
        #expect(bobEvents.firstSeen[first.id]?.state == .offered)
        _ = try await bob.peer.setTrust(.verify, for: "ann")
        let second = try await ann.peer.send(to: "bob", paths: [small])
        #expect(try await eventually { await ann.peer.transferList().contains { $0.id == second.id && $0.state == .done } }, "small, verified: accepted")
        let third = try await ann.peer.send(to: "bob", paths: [large])
        #expect(await eventually { bobEvents.firstSeen[third.id] != nil })
        #expect(bobEvents.firstSeen[third.id]?.state == .offered, "over the limit: bob is asked")
        await ann.stop()
        await bob.stop()
    }

    @Test("sending to a peer that is not online says so")
    func offlinePeerRefused() async throws {
        let ann = try await TestPeer.start("ann")
        let file = try randomFile(10)
        defer { try? FileManager.default.removeItem(atPath: file) }
        await #expect(throws: PeerError.self) { try await ann.peer.send(to: "nobody", paths: [file]) }
        await ann.stop()
    }
}
