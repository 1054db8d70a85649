import HuddleTesting
import Foundation
import HuddleCore
import NIOCore
import NIOPosix
import Testing
@testable import HuddleNet

/// A journal in memory that outlives the engines using it, as the database outlives a process.
final class MemoryJournal: TransferJournal, @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [OfferID: TransferJournalEntry] = [:]
    /// Set: the first entry with a batch's moves is the last one kept, as if the process
    /// were killed right after writing it.
    var freezesAtCommit = false
    private var isFrozen = false
    var frozen: Bool { lock.withLock { isFrozen } }

    func save(_ entry: TransferJournalEntry) {
        lock.withLock {
            guard !isFrozen else { return }
            entries[entry.id] = entry
            if freezesAtCommit, !entry.committing.isEmpty { isFrozen = true }
        }
    }
    func load() -> [TransferJournalEntry] { lock.withLock { Array(entries.values) } }
    func remove(_ id: OfferID) { _ = lock.withLock { entries.removeValue(forKey: id) } }
    subscript(id: OfferID) -> TransferJournalEntry? { lock.withLock { entries[id] } }

    /// Makes every entry look saved `days` ago.
    func age(days: Double) {
        lock.withLock {
            for id in entries.keys { entries[id]?.savedAt = Date().timeIntervalSince1970 - days * 86_400 }
        }
    }
}

/// One side of a transfer that can be restarted: the same identity, journal and folders, a
/// new engine each time.
struct RestartableSide {
    let identity = DeviceIdentity()
    let journal = MemoryJournal()
    let nickname: String
    var rate: UInt64?
    var chunkSize = 1 << 16
    /// How long a received file may wait for the rest of its batch.
    var batchWait = FileReceiver.batchDelay

    /// A fresh engine, started on 127.0.0.1; with its port and event log.
    func start() async throws -> (engine: TransferEngine, port: Int, events: TransferEventLog) {
        var settings = TransferEngine.Settings(nickname: nickname)
        settings.chunkSize = chunkSize
        settings.maxBytesPerSecond = rate
        settings.spaceReserve = 0
        settings.journalInterval = .milliseconds(100)
        settings.batchWait = batchWait
        let engine = TransferEngine(tls: try SessionTLS(identity: identity, policy: RecordingPolicy(.accept)), settings: settings,
                                    group: TransferPair.group, journal: journal)
        let events = TransferEventLog(engine.events)
        let port = try await engine.start(host: "127.0.0.1", port: 0)
        return (engine, port, events)
    }
}

@Suite("Transfers across restarts", .serialized)
struct TransferRestartTests {
    static func folders() async throws -> (send: String, receive: String, root: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-restart-\(UUID().uuidString)").path
        try await Blocking.run {
            for folder in ["send", "receive"] {
                try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            }
        }
        return (root + "/send", root + "/receive", root)
    }

    /// The bytes of the first progress event in `events` from `index` on.
    static func firstProgress(_ events: TransferEventLog, from index: Int = 0) -> UInt64? {
        events.all.dropFirst(index).lazy.compactMap { event -> UInt64? in
            if case let .progress(_, p, _, _) = event { return p.bytesDone }
            return nil
        }.first
    }

    /// Offers `source` from `alice` to bob at `port`, bob accepts into `folder`, and data flows
    /// until bob holds at least `bytes`.
    static func startTransfer(_ source: String, alice: TransferEngine, bob: (engine: TransferEngine, port: Int, events: TransferEventLog),
                              bobID: PeerID, into folder: String, until bytes: UInt64) async throws -> OfferID {
        let id = try await alice.offer(to: bobID, host: "127.0.0.1", port: bob.port, paths: [source])
        _ = try await bob.events.wait("bob sees the offer") { if case let .offered(s) = $0, s.id == id { true } else { nil } }
        try await bob.engine.accept(id, into: folder)
        try await bob.events.wait("data arrives") { if case let .progress(i, p, _, _) = $0, i == id, p.bytesDone >= bytes { true } else { nil } }
        return id
    }

    @Test("a receiver killed mid-transfer and started again resumes from its verified prefix and ends identical")
    func receiverRestartResumes() async throws {
        let dirs = try await Self.folders()
        let bobSide = RestartableSide(nickname: "bob")
        let aliceSide = RestartableSide(nickname: "alice", rate: 3 << 20)
        let alice = try await aliceSide.start()
        let source = dirs.send + "/video.bin"
        try await Blocking.writeRandom(source, count: 12 << 20, seed: 11)
        let bob1 = try await bobSide.start()
        let id = try await Self.startTransfer(source, alice: alice.engine, bob: bob1, bobID: bobSide.identity.peerID,
                                              into: dirs.receive, until: 3 << 20)
        // Until the journal holds some verified progress.
        #expect(await eventually { (bobSide.journal[id]?.verifiedChunks ?? 0) > 0 })
        await bob1.engine.abandonForTesting() // as kill -9: nothing more is saved
        try await alice.events.wait("alice sees the cut") { if case .interrupted(id, _) = $0 { true } else { nil } }
        try await Task.sleep(for: .milliseconds(300)) // the old receive task lets go of the part

        let bob2 = try await bobSide.start()
        let kept = try #require(await bob2.engine.transfer(id)?.state.progress?.bytesDone)
        guard case .interrupted = await bob2.engine.transfer(id)?.state else { Issue.record("not interrupted after restart"); return }
        #expect(kept > 0)
        try await alice.engine.resume(id, host: "127.0.0.1", port: bob2.port)
        try await bob2.events.wait("bob done") { if case .done(id) = $0 { true } else { nil } }
        try await alice.events.wait("alice done") { if case .done(id) = $0 { true } else { nil } }
        let resumedAt = try #require(Self.firstProgress(bob2.events))
        #expect(resumedAt > 0 && resumedAt <= kept)
        #expect(try await Blocking.contents(dirs.receive + "/video.bin") == Blocking.contents(source))
        #expect(try await Blocking.tree(dirs.receive).keys.sorted() == ["video.bin"])
        #expect(bobSide.journal[id]?.state == .done)
        await alice.engine.stop()
        await bob2.engine.stop()
        try? await Blocking.run { try FileManager.default.removeItem(atPath: dirs.root) }
    }

    /// `notes/` in `folder`: 40 files of 8 KiB, every other one in `notes/sub/`. Returns its path.
    static func writeNotes(in folder: String) async throws -> String {
        let source = folder + "/notes"
        try await Blocking.run { try FileManager.default.createDirectory(atPath: source + "/sub", withIntermediateDirectories: true) }
        for index in 0..<40 {
            try await Blocking.writeRandom(source + (index % 2 == 0 ? "/sub" : "") + "/n\(index).txt", count: 8 << 10, seed: UInt64(index))
        }
        return source
    }

    /// Alice resumes `id` to the restarted `bob`; checks that every file of `source` arrived
    /// once, identical, with no partial file left; then stops both and removes `dirs`.
    static func resumeAndCheckEveryFileOnce(_ id: OfferID, alice: (engine: TransferEngine, port: Int, events: TransferEventLog),
                                            bob: (engine: TransferEngine, port: Int, events: TransferEventLog), source: String,
                                            dirs: (send: String, receive: String, root: String)) async throws {
        try await alice.engine.resume(id, host: "127.0.0.1", port: bob.port)
        try await bob.events.wait("bob done") { if case .done(id) = $0 { true } else { nil } }
        try await alice.events.wait("alice done") { if case .done(id) = $0 { true } else { nil } }
        let received = try await Blocking.tree(dirs.receive + "/notes")
        let sent = try await Blocking.tree(source)
        #expect(received.keys.sorted() == sent.keys.sorted(), "extra or missing: \(Set(received.keys).symmetricDifference(sent.keys).sorted())")
        #expect(received == sent)
        #expect(try await Blocking.tree(dirs.receive).keys.allSatisfy { !$0.hasSuffix(".part") })
        await alice.engine.stop()
        await bob.engine.stop()
        try? await Blocking.run { try FileManager.default.removeItem(atPath: dirs.root) }
    }

    @Test("a receiver killed while a batch of small files waits for its rename ends with every file once and no partial file")
    func receiverRestartInTheMiddleOfABatch() async throws {
        let dirs = try await Self.folders()
        // Batches wait for the offer's last file (40 files of 8 KiB at 160 KiB/s: 2 s), so
        // none is moved into place before bob stops.
        var bobSide = RestartableSide(nickname: "bob")
        bobSide.batchWait = .seconds(60)
        let aliceSide = RestartableSide(nickname: "alice", rate: 160 << 10)
        let alice = try await aliceSide.start()
        let source = try await Self.writeNotes(in: dirs.send)
        let bob1 = try await bobSide.start()
        let id = try await Self.startTransfer(source, alice: alice.engine, bob: bob1, bobID: bobSide.identity.peerID,
                                              into: dirs.receive, until: 64 << 10)
        // Wait until the journal says a batch is waiting (its first file is the partial file
        // to continue, the rest are strays), then stop as kill -9 would.
        _ = await eventually(every: .milliseconds(5)) { !(bobSide.journal[id]?.strayParts.isEmpty ?? true) }
        await bob1.engine.abandonForTesting()
        let saved = try #require(bobSide.journal[id])
        #expect(!saved.strayParts.isEmpty, "no batch was waiting when bob stopped")
        for stray in saved.strayParts { #expect(FileManager.default.fileExists(atPath: stray), "\(stray) is not on disk") }
        try await alice.events.wait("alice sees the cut") { if case .interrupted(id, _) = $0 { true } else { nil } }
        try await Task.sleep(for: .milliseconds(300))

        let bob2 = try await bobSide.start()
        try await Self.resumeAndCheckEveryFileOnce(id, alice: alice, bob: bob2, source: source, dirs: dirs)
    }

    @Test("a receiver killed after moving a batch into place, before the journal heard of it, ends with every file once")
    func receiverKilledAfterTheMoves() async throws {
        let dirs = try await Self.folders()
        let bobSide = RestartableSide(nickname: "bob")
        bobSide.journal.freezesAtCommit = true
        let aliceSide = RestartableSide(nickname: "alice", rate: 160 << 10)
        let alice = try await aliceSide.start()
        let source = try await Self.writeNotes(in: dirs.send)
        let bob1 = try await bobSide.start()
        let id = try await Self.startTransfer(source, alice: alice.engine, bob: bob1, bobID: bobSide.identity.peerID,
                                              into: dirs.receive, until: 8 << 10)
        // The journal keeps nothing after the first batch's moves: whatever bob moves from
        // then on, a restart finds only on disk.
        _ = await eventually(every: .milliseconds(5)) { bobSide.journal.frozen }
        try await bob1.events.wait("bob moves the batch") { if case .fileDone(id, _) = $0 { true } else { nil } }
        await bob1.engine.abandonForTesting()
        let saved = try #require(bobSide.journal[id])
        #expect(!saved.committing.isEmpty && saved.filesDone == 0, "the journal knows the moves, not that they happened")
        try await alice.events.wait("alice sees the cut") { if case .interrupted(id, _) = $0 { true } else { nil } }
        try await Task.sleep(for: .milliseconds(300))

        let bob2 = try await bobSide.start()
        #expect(await bob2.engine.transfer(id)?.state.progress?.filesDone == saved.committing.count, "the moved batch counts as done")
        try await Self.resumeAndCheckEveryFileOnce(id, alice: alice, bob: bob2, source: source, dirs: dirs)
    }

    @Test("after a restart, transfers that ended 31 days ago are forgotten and one interrupted 8 days ago fails and loses its partial file")
    func oldTransfersArePruned() async throws {
        let dirs = try await Self.folders()
        let bobSide = RestartableSide(nickname: "bob")
        let aliceSide = RestartableSide(nickname: "alice", rate: 2 << 20)
        let alice = try await aliceSide.start()
        let bob1 = try await bobSide.start()
        let small = dirs.send + "/done.txt", big = dirs.send + "/big.bin"
        try await Blocking.writeRandom(small, count: 5000, seed: 16)
        try await Blocking.writeRandom(big, count: 12 << 20, seed: 17)
        let done = try await alice.engine.offer(to: bobSide.identity.peerID, host: "127.0.0.1", port: bob1.port, paths: [small])
        _ = try await bob1.events.wait("offer") { if case let .offered(s) = $0, s.id == done { true } else { nil } }
        try await bob1.engine.accept(done, into: dirs.receive)
        try await bob1.events.wait("bob done") { if case .done(done) = $0 { true } else { nil } }
        let cut = try await Self.startTransfer(big, alice: alice.engine, bob: bob1, bobID: bobSide.identity.peerID,
                                               into: dirs.receive, until: 1 << 20)
        await bob1.engine.stop()
        await alice.engine.stop()
        let part = try #require(bobSide.journal[cut]?.partPath)
        #expect(FileManager.default.fileExists(atPath: part))

        bobSide.journal.age(days: 6)
        let bob2 = try await bobSide.start()
        #expect(await bob2.engine.transfer(done)?.state == .done, "a transfer that ended 6 days ago is still listed")
        guard case .interrupted? = await bob2.engine.transfer(cut)?.state else { Issue.record("not waiting after 6 days"); return }
        await bob2.engine.stop()

        bobSide.journal.age(days: 31)
        let bob3 = try await bobSide.start()
        #expect(await bob3.engine.transfer(done) == nil)
        guard case let .failed(reason)? = await bob3.engine.transfer(cut)?.state else { Issue.record("not failed after 31 days"); return }
        #expect(reason.contains("did not resume it for 7 days"))
        #expect(!FileManager.default.fileExists(atPath: part))
        await bob3.engine.stop()
        #expect(await eventually { bobSide.journal[done] == nil })
        #expect(bobSide.journal[cut]?.state == .failed && bobSide.journal[cut]?.partPath == nil)
        try? await Blocking.run { try FileManager.default.removeItem(atPath: dirs.root) }
    }

    @Test("a sender stopped mid-transfer and started again resumes its sources from the journal and ends identical")
    func senderRestartResumes() async throws {
        let dirs = try await Self.folders()
        let bobSide = RestartableSide(nickname: "bob")
        let aliceSide = RestartableSide(nickname: "alice", rate: 3 << 20)
        let bob = try await bobSide.start()
        let source = dirs.send + "/archive.bin"
        try await Blocking.writeRandom(source, count: 12 << 20, seed: 12)
        let alice1 = try await aliceSide.start()
        let id = try await Self.startTransfer(source, alice: alice1.engine, bob: bob, bobID: bobSide.identity.peerID,
                                              into: dirs.receive, until: 3 << 20)
        await alice1.engine.stop()
        try await bob.events.wait("bob sees the cut") { if case .interrupted(id, _) = $0 { true } else { nil } }
        let kept = try #require(await bob.engine.transfer(id)?.state.progress?.bytesDone)

        let alice2 = try await aliceSide.start()
        #expect(await alice2.engine.interruptedTransfers(to: bobSide.identity.peerID) == [id])
        let seen = bob.events.all.count
        try await alice2.engine.resume(id) // to the address it saved
        try await bob.events.wait("bob done") { if case .done(id) = $0 { true } else { nil } }
        try await alice2.events.wait("alice done") { if case .done(id) = $0 { true } else { nil } }
        let resumedAt = try #require(Self.firstProgress(bob.events, from: seen))
        #expect(resumedAt > 0 && resumedAt <= kept)
        #expect(try await Blocking.contents(dirs.receive + "/archive.bin") == Blocking.contents(source))
        #expect(try await Blocking.tree(dirs.receive).keys.sorted() == ["archive.bin"])
        #expect(aliceSide.journal[id]?.state == .done)
        await alice2.engine.stop()
        await bob.engine.stop()
        try? await Blocking.run { try FileManager.default.removeItem(atPath: dirs.root) }
    }

    @Test("a partial file tampered while the receiver was down is trusted only up to the tampered chunk")
    func tamperedWhileDownIsNotTrusted() async throws {
        let dirs = try await Self.folders()
        let bobSide = RestartableSide(nickname: "bob")
        let aliceSide = RestartableSide(nickname: "alice", rate: 3 << 20)
        let alice = try await aliceSide.start()
        let source = dirs.send + "/doc.bin"
        try await Blocking.writeRandom(source, count: 12 << 20, seed: 13)
        let bob1 = try await bobSide.start()
        let id = try await Self.startTransfer(source, alice: alice.engine, bob: bob1, bobID: bobSide.identity.peerID,
                                              into: dirs.receive, until: 3 << 20)
        await bob1.engine.stop()
        try await alice.events.wait("alice sees the cut") { if case .interrupted(id, _) = $0 { true } else { nil } }
        try await Task.sleep(for: .milliseconds(300))
        let entry = try #require(bobSide.journal[id])
        let part = try #require(entry.partPath)
        #expect(entry.verifiedChunks > 2)
        // Flip a byte in chunk 2, and append bytes nobody verified.
        let chunk = UInt64(aliceSide.chunkSize)
        try await Blocking.run {
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: part))
            try handle.seek(toOffset: 2 * chunk + 5)
            let byte = try handle.read(upToCount: 1) ?? Data([0])
            try handle.seek(toOffset: 2 * chunk + 5)
            try handle.write(contentsOf: Data([byte[0] ^ 0xFF]))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(repeating: 0x42, count: Int(chunk) * 4))
            try handle.close()
        }

        let bob2 = try await bobSide.start()
        try await alice.engine.resume(id, host: "127.0.0.1", port: bob2.port)
        try await bob2.events.wait("bob done") { if case .done(id) = $0 { true } else { nil } }
        try await alice.events.wait("alice done") { if case .done(id) = $0 { true } else { nil } }
        #expect(Self.firstProgress(bob2.events) == 2 * chunk)
        #expect(try await Blocking.contents(dirs.receive + "/doc.bin") == Blocking.contents(source))
        #expect(try await Blocking.tree(dirs.receive).keys.sorted() == ["doc.bin"])
        await alice.engine.stop()
        await bob2.engine.stop()
        try? await Blocking.run { try FileManager.default.removeItem(atPath: dirs.root) }
    }

    @Test("after a restart an unanswered offer is failed with a reason, a finished transfer stays listed and nothing resumes")
    func unansweredFailsAndFinishedStaysListed() async throws {
        let dirs = try await Self.folders()
        let bobSide = RestartableSide(nickname: "bob")
        let aliceSide = RestartableSide(nickname: "alice")
        let alice1 = try await aliceSide.start()
        let bob1 = try await bobSide.start()
        let small = dirs.send + "/note.txt", other = dirs.send + "/other.txt"
        try await Blocking.writeRandom(small, count: 5000, seed: 14)
        try await Blocking.writeRandom(other, count: 5000, seed: 15)
        let done = try await alice1.engine.offer(to: bobSide.identity.peerID, host: "127.0.0.1", port: bob1.port, paths: [small])
        _ = try await bob1.events.wait("offer") { if case let .offered(s) = $0, s.id == done { true } else { nil } }
        try await bob1.engine.accept(done, into: dirs.receive)
        try await alice1.events.wait("alice done") { if case .done(done) = $0 { true } else { nil } }
        let waiting = try await alice1.engine.offer(to: bobSide.identity.peerID, host: "127.0.0.1", port: bob1.port, paths: [other])
        _ = try await bob1.events.wait("offer") { if case let .offered(s) = $0, s.id == waiting { true } else { nil } }
        await bob1.engine.abandonForTesting()
        await alice1.engine.abandonForTesting()

        let alice2 = try await aliceSide.start(), bob2 = try await bobSide.start()
        for engine in [alice2.engine, bob2.engine] { #expect(await engine.transfer(done)?.state == .done) }
        // The sender lists the offer it made as failed; the receiver never journaled it (an
        // offer costs the disk nothing until it is accepted), so it is simply gone there.
        guard case let .failed(reason)? = await alice2.engine.transfer(waiting)?.state else {
            Issue.record("the unanswered offer is \(String(describing: await alice2.engine.transfer(waiting)?.state))")
            return
        }
        #expect(reason.contains("before the offer was answered"))
        #expect(await bob2.engine.transfer(waiting) == nil)
        #expect(await alice2.engine.interruptedTransfers(to: bobSide.identity.peerID).isEmpty)
        #expect(await bob2.engine.transfer(done)?.completedPaths == [dirs.receive + "/note.txt"].map { FileManager.default.resolvingPath($0) })
        await #expect(throws: TransferError.self) { try await alice2.engine.resume(done) }
        await alice2.engine.stop()
        await bob2.engine.stop() // waits for its journal writes
        #expect(bobSide.journal[waiting] == nil)
        try? await Blocking.run { try FileManager.default.removeItem(atPath: dirs.root) }
    }
}

extension FileManager {
    /// `path` with links resolved, as the engine stores folders.
    func resolvingPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
