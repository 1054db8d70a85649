import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleApp

/// What a peer can make another hold, or do, with sync messages: each test is named after
/// the attack it stops.
@Suite("Sync in bounded pieces")
struct SyncBudgetTests {
    static func engine() throws -> (SyncEngine, String) {
        let home = NSTemporaryDirectory() + "huddle-budget-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        var engine = SyncEngine(identity: DeviceIdentity(), store: DocumentStore(database: try HuddleDatabase(path: home + "/db.sqlite")))
        _ = try engine.load()
        return (engine, home)
    }

    @Test("a SyncState naming thousands of documents creates none of them")
    func stateNamingThousandsOfDocuments() throws {
        var (engine, home) = try Self.engine()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let stranger = DeviceIdentity().peerID
        let documents = try (0..<5000).map { DocumentState(document: try DocumentID.note("n\($0)-" + String(repeating: "x", count: 50)), version: VersionVector()) }
        let step = engine.receive(.state(SyncState(documents: documents, complete: true)), from: stranger, writable: { _ in true })
        #expect(engine.replicas.count == 1, "only #general")
        #expect(try engine.store.documents().count == 1)
        #expect(step.events.isEmpty)
    }

    @Test("a peer repeating an empty SyncState is not sent the whole history each time")
    func repeatedEmptyStates() throws {
        var (engine, home) = try Self.engine()
        defer { try? FileManager.default.removeItem(atPath: home) }
        for index in 0..<50 { _ = try engine.post("m\(index)", in: .general, writable: { _ in true }) }
        let peer = DeviceIdentity().peerID
        _ = engine.sessionStarted(with: peer)
        func catchUpFrames() -> Int {
            var frames = 0
            while case .some = engine.nextCatchUp(for: peer).message { frames += 1 }
            return frames
        }
        let empty = SyncMessage.state(SyncState(documents: [DocumentState(document: .general, version: VersionVector())], complete: true))
        let first = engine.receive(empty, from: peer, writable: { _ in true })
        #expect(first.catchUp == [peer])
        #expect(catchUpFrames() > 0, "the first time, the history goes out")
        var resent = 0
        for _ in 0..<100 {
            let again = engine.receive(empty, from: peer, writable: { _ in true })
            if !again.catchUp.isEmpty { resent += catchUpFrames() }
        }
        #expect(resent <= 1 * catchUpFrames() + 1, "within \(SyncEngine.restateInterval) s the history is resent at most once, not 100 times")
        #expect(resent < 5)
    }

    @Test("a state too large for one frame goes out in frames of at most the frame size (256 KiB), and the last says it is complete")
    func largeStateIsPaged() throws {
        var (engine, home) = try Self.engine()
        defer { try? FileManager.default.removeItem(atPath: home) }
        for index in 0..<300 { _ = try engine.create(try DocumentID.note("note \(index) " + String(repeating: "y", count: 40))) }
        for index in 0..<200 { _ = try engine.post("m\(index)", in: .general, writable: { _ in true }) }
        let frameBytes = 4096
        let frames = engine.stateMessages(for: DeviceIdentity().peerID, frameBytes: frameBytes)
        #expect(frames.count > 1)
        var named = Set<DocumentID>()
        for (index, frame) in frames.enumerated() {
            guard case let .state(state) = frame else { Issue.record("not a state"); continue }
            let bytes = try frame.envelopeBytesForTesting()
            #expect(bytes <= frameBytes + 512, "frame \(index): \(bytes) bytes")
            #expect(state.complete == (index == frames.count - 1))
            named.formUnion(state.documents.map(\.document))
        }
        #expect(named.count == 301)
    }

    @Test("a peer that is not verified can bring only so many new documents")
    func strangerBringsTooManyDocuments() throws {
        var (engine, home) = try Self.engine()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let stranger = DeviceIdentity()
        func batch(_ index: Int) throws -> SyncMessage {
            let note = try DocumentID.note("spam \(index)")
            var doc = TextDocument(replica: stranger.peerID.replicaID)
            try doc.insert(at: 0, text: "x")
            let signed = try SignedChange(signing: doc.commit()!.encoded, in: note.description, after: .origin, by: stranger)
            return .changes(ChangeBatch(document: note, runs: [ChangeRun(signed).encoded()]))
        }
        for index in 0..<(SyncBook.documentsPerStranger + 3) {
            _ = engine.receive(try batch(index), from: stranger.peerID, writable: { _ in true })
        }
        #expect(engine.replicas.count == SyncBook.documentsPerStranger + 1, "its share, and #general")
        #expect(engine.book.refused == 3)
        engine.verified.insert(stranger.peerID)
        _ = engine.receive(try batch(100_000), from: stranger.peerID, writable: { _ in true })
        #expect(engine.replicas.count == SyncBook.documentsPerStranger + 2, "a verified peer is not limited")
    }
}
