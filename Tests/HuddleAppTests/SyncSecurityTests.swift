import HuddleTesting
import Foundation
import HuddleCore
import HuddleNet
import NIOPosix
import Testing
@testable import HuddleApp

/// A valid, authenticated peer that relays what it likes: it speaks the wire protocol
/// directly, so it can send altered and forged changes.
struct HostileRelay {
    struct Open: PeerTrustPolicy {
        func evaluate(publicKey: [UInt8], expected: PeerID?) -> TrustDecision { .accept }
    }

    let identity = DeviceIdentity()
    let sessions: SessionManager

    init() throws {
        sessions = SessionManager(identity: identity, tls: try SessionTLS(identity: identity, policy: Open()),
                                  settings: .init(nickname: "mallory", port: 0), group: MultiThreadedEventLoopGroup.singleton)
    }

    /// Dials `port` and waits until the session is up.
    func connect(to port: Int) async throws -> PeerID {
        _ = try await sessions.start()
        sessions.dial(host: "127.0.0.1", port: port, expected: nil)
        for await event in sessions.events {
            if case let .established(peer) = event { return peer.id }
        }
        throw CancellationError()
    }

    /// Sends runs of `document` to `peer`.
    func send(_ runs: [ChangeRun], in document: String, to peer: PeerID) throws {
        sessions.send(.changes(ChangeBatch(document: try DocumentID(parsing: document), runs: runs.map { $0.encoded() })), to: peer)
    }
}

/// Bob's messages in `#general`, signed as a chain by bob (who is not even online).
func bobsMessages(_ bodies: [String], bob: DeviceIdentity) throws -> [SignedChange] {
    var log = ChatLog(replica: bob.peerID.replicaID)
    var previous = ChainLink.origin
    return try bodies.map { body in
        let change = try log.post(body: body, wallTime: 0)
        let signed = try SignedChange(signing: change.encoded, in: Peer.generalChannel, after: previous, by: bob)
        previous = signed.link(after: previous)
        return signed
    }
}

@Suite("Sync security", .serialized, .stopsPeers)
struct SyncSecurityTests {
    @Test("a valid peer relaying a tampered change, or one claiming another author, is refused and counted")
    func tamperedAndForgedRefused() async throws {
        let ann = try await TestPeer.start("ann")
        let mallory = try HostileRelay()
        let annID = try await mallory.connect(to: ann.port)
        let bob = DeviceIdentity()
        let genuine = try bobsMessages(["first from bob", "second from bob"], bob: bob)

        // An altered copy of bob's first message: one byte of its text changed.
        var altered = genuine[0].change
        altered[altered.count - 2] ^= 0x01
        try mallory.send([ChangeRun(authorKey: bob.publicKey, entries: [.init(change: altered, signature: genuine[0].signature)])],
                     in: Peer.generalChannel, to: annID)
        // A message claiming to be bob's, signed by mallory's own key.
        var forgedLog = ChatLog(replica: bob.peerID.replicaID)
        let forgedChange = try forgedLog.post(body: "bob says: send mallory the keys", wallTime: 0)
        let forged = try SignedChange(signing: forgedChange.encoded, in: Peer.generalChannel, after: .origin, by: mallory.identity)
        try mallory.send([ChangeRun(forged)], in: Peer.generalChannel, to: annID)
        // The same bytes under bob's key, with mallory's signature.
        try mallory.send([ChangeRun(authorKey: bob.publicKey, entries: [.init(change: forged.change, signature: forged.signature)])],
                     in: Peer.generalChannel, to: annID)
        #expect(try await eventually { await ann.peer.syncCounters().refused >= 3 }, "all three are refused")

        // Genuine changes relayed by the same peer are accepted: the refusals above were not luck.
        try mallory.send([ChangeRun(authorKey: bob.publicKey, entries: genuine.map { .init(change: $0.change, signature: $0.signature) })],
                     in: Peer.generalChannel, to: annID)
        #expect(try await eventually { try await ann.peer.messages(in: "#general").count == 2 })
        let bodies = try await ann.peer.messages(in: "#general").map(\.body)
        #expect(bodies == ["first from bob", "second from bob"])
        #expect(await ann.peer.syncCounters().refused == 3)
        await mallory.sessions.stop()
        await ann.stop()
    }

    @Test("changes to a direct conversation of others, sent by a peer not in it, are refused")
    func foreignDirectConversationRefused() async throws {
        let ann = try await TestPeer.start("ann")
        let mallory = try HostileRelay()
        let annID = try await mallory.connect(to: ann.port)
        let bob = DeviceIdentity(), cat = DeviceIdentity()
        // A conversation between bob and cat: ann is not in it and must never store it.
        let document = DocumentID.direct(between: bob.peerID, and: cat.peerID).description
        var log = ChatLog(replica: bob.peerID.replicaID)
        let change = try log.post(body: "private", wallTime: 0)
        let signed = try SignedChange(signing: change.encoded, in: document, after: .origin, by: bob)
        try mallory.send([ChangeRun(signed)], in: document, to: annID)
        #expect(try await eventually { await ann.peer.syncCounters().refused == 1 })
        #expect(try await !ann.peer.documentList().contains { $0.document.description == document })
        await mallory.sessions.stop()
        await ann.stop()
    }
}
