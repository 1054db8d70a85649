import HuddleTesting
import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import Testing
@testable import HuddleApp

@Suite("Transfers survive a restart of the peer", .serialized, .stopsPeers)
struct TransferRestartPeerTests {
    /// A home with `config` in its config.toml.
    func home(_ nickname: String, config: String) throws -> String {
        let home = NSTemporaryDirectory() + "huddle-peer-\(nickname)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try config.write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        return home
    }

    /// `bytes` random bytes in a temporary file, written off the cooperative pool.
    func randomFile(_ bytes: Int) async throws -> String {
        let path = NSTemporaryDirectory() + "huddle-send-\(UUID().uuidString.prefix(8)).bin"
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
            DispatchQueue.global().async {
                var generator = SystemRandomNumberGenerator()
                var words = [UInt64](repeating: 0, count: bytes / 8)
                for index in words.indices { words[index] = generator.next() }
                done.resume(with: Result { try words.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: path)) })
            }
        }
        return path
    }

    @Test("a receiver restarted mid-transfer with the same home resumes when the sender meets it again; both keep it listed as done")
    func receiverRestartResumesThroughThePeer() async throws {
        let bobHome = try home("bob", config: "")
        let annHome = try home("ann", config: "send_limit_mb_s = 4\n")
        let bob = try await TestPeer.start("bob", home: bobHome)
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"], home: annHome)
        #expect(try await eventually {
            let annSessions = try await ann.peer.status().sessions
            let bobSessions = try await bob.peer.status().sessions
            return annSessions == 1 && bobSessions == 1
        })
        let file = try await randomFile(12 << 20)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let offer = try await ann.peer.send(to: "bob", paths: [file])
        #expect(try await eventually { await bob.peer.transferList().contains { $0.id == offer.id && $0.state == .offered } })
        try await bob.peer.acceptTransfer(offer.shortID, into: nil)
        #expect(try await eventually { await bob.peer.transferList().contains { $0.id == offer.id && $0.bytesDone >= 2 << 20 } })

        await bob.stop(removing: false)
        let bob2 = try await TestPeer.start("bob", port: bob.port, home: bobHome)
        let restored = await bob2.peer.transferList().first { $0.id == offer.id }
        #expect(restored?.state == .interrupted || restored?.state == .transferring)
        #expect((restored?.bytesDone ?? 0) > 0, "bob restarts from what it verified")
        let resumed = try await eventually { await ann.peer.transferList().contains { $0.id == offer.id && $0.state == .done } }
        let annSide = await ann.peer.transferList().first { $0.id == offer.id }
        let bobSide = await bob2.peer.transferList().first { $0.id == offer.id }
        #expect(resumed, "ann resumes when the session is back: \(String(describing: annSide)), bob: \(String(describing: bobSide))")
        #expect(try await eventually { await bob2.peer.transferList().contains { $0.id == offer.id && $0.state == .done } })
        let arrived = bob2.profile.folders.downloads + "/" + (file as NSString).lastPathComponent
        #expect(FileManager.default.contentsEqual(atPath: arrived, andPath: file))
        #expect(try FileManager.default.contentsOfDirectory(atPath: bob2.profile.folders.downloads) == [(file as NSString).lastPathComponent])

        await ann.stop(removing: false)
        let ann2 = try await TestPeer.start("ann", home: annHome)
        #expect(await ann2.peer.transferList().first { $0.id == offer.id }?.state == .done, "history survives")
        await ann2.stop()
        await bob2.stop()
    }

    @Test("the database journal gives back what it was given, and forgets on request")
    func storeJournalRoundTrip() async throws {
        let folder = NSTemporaryDirectory() + "huddle-journal-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = try HuddleDatabase(path: folder + "/huddle.sqlite")
        let journal = TransferStore(database: database)
        var generator = SystemRandomNumberGenerator()
        let entry = TransferJournalEntry(
            id: OfferID.random(using: &generator), direction: .incoming, peer: DeviceIdentity().peerID, nickname: "ann",
            offer: [1, 2, 3], state: .transferring, reason: nil, bytesDone: 1 << 33, filesDone: 2,
            completedPaths: ["/d/a", "/d/b"], directory: "/d", folders: ["photos": "photos (1)"], applyExecutableBits: true,
            partPath: "/d/photos (1)/c.part", verifiedChunks: 17, strayParts: ["/d/photos (1)/d.part"],
            committing: [TransferCommitIntent(file: 2, part: "/d/photos (1)/c.part", final: "/d/photos (1)/c", inode: 1 << 40)],
            times: TransferTimes(offeredAt: 1_796_000_000_000, startedAt: 1_796_000_004_321))
        try journal.save(entry)
        var later = entry
        later.state = .interrupted
        later.times?.endedAt = 1_796_000_009_999
        try journal.save(later)
        var loaded = try journal.load()
        let savedAt = try #require(loaded.first?.savedAt)
        #expect(abs(savedAt - Date().timeIntervalSince1970) < 60)
        loaded[0].savedAt = nil
        #expect(loaded == [later])
        try journal.remove(entry.id)
        #expect(try journal.load().isEmpty)
    }
}
