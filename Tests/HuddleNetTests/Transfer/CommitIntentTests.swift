import Foundation
import HuddleCore
import Testing
@testable import HuddleNet

/// A batch's moves are journaled before they happen, so a restart can count the files moved
/// after the journal's last save instead of receiving them again under a second name.
@Suite("Moves journaled before a batch is committed")
struct CommitIntentTests {
    /// A folder with `count` partial files `n<i>.txt.part` and the intents to move each to `n<i>.txt`.
    static func batch(_ count: Int, firstFile: Int) throws -> (folder: String, intents: [TransferCommitIntent]) {
        let folder = NSTemporaryDirectory() + "huddle-intents-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let intents = try (0..<count).map { index in
            let part = folder + "/n\(index).txt.part"
            try Data("file \(index)".utf8).write(to: URL(fileURLWithPath: part))
            let inode = try #require(FileManager.default.attributesOfItem(atPath: part)[.systemFileNumber] as? UInt64)
            return TransferCommitIntent(file: firstFile + index, part: part, final: folder + "/n\(index).txt", inode: inode)
        }
        return (folder, intents)
    }

    static func plan(_ folder: String, filesDone: Int, intents: [TransferCommitIntent]) -> ReceivePlan {
        ReceivePlan(directory: folder, folders: [:], applyExecutableBits: false, filesDone: filesDone, partPath: intents[0].part,
                    verifiedChunks: 1, strayParts: intents.dropFirst().map(\.part) + [folder + "/next.part"], committing: intents)
    }

    @Test("a restart counts the batch's moved files in order, up to the first that was not moved")
    func movedPrefixCounts() throws {
        let (folder, intents) = try Self.batch(4, firstFile: 5)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for moved in [0, 1, 3] { try FileManager.default.moveItem(atPath: intents[moved].part, toPath: intents[moved].final) }
        var plan = Self.plan(folder, filesDone: 5, intents: intents)
        let moved = plan.settleCommits()
        #expect(moved == [intents[0].final, intents[1].final])
        #expect(plan.filesDone == 7 && plan.completed == moved)
        #expect(plan.partPath == nil && plan.verifiedChunks == 0, "the journaled partial file was the first moved")
        #expect(plan.strayParts == [intents[2].part, intents[3].part, folder + "/next.part"],
                "file 7 was not moved: it and what follows come again")
        #expect(plan.committing.isEmpty)
    }

    @Test("a file at the journaled name that is not the moved partial file does not count")
    func otherFileAtTheNameDoesNotCount() throws {
        let (folder, intents) = try Self.batch(1, firstFile: 0)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("somebody else's".utf8).write(to: URL(fileURLWithPath: intents[0].final))
        try FileManager.default.removeItem(atPath: intents[0].part) // gone, but not moved
        var plan = Self.plan(folder, filesDone: 0, intents: intents)
        #expect(plan.settleCommits() == [])
        #expect(plan.filesDone == 0 && plan.partPath == intents[0].part)
    }

    @Test("an unmoved batch leaves the plan as the journal had it")
    func unmovedBatchChangesNothing() throws {
        let (folder, intents) = try Self.batch(3, firstFile: 2)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var plan = Self.plan(folder, filesDone: 2, intents: intents)
        let before = plan
        #expect(plan.settleCommits() == [])
        #expect(plan.filesDone == before.filesDone && plan.partPath == before.partPath && plan.strayParts == before.strayParts)
    }

    static func record(files: Int, plan: ReceivePlan) throws -> TransferRecord {
        var generator = SystemRandomNumberGenerator()
        let offer = try TransferOffer.make(id: .random(using: &generator), files: (0..<files).map { ("n\($0).txt", 6, false) },
                                           chunkSize: 1 << 16)
        var record = TransferRecord(id: offer.id, direction: .incoming, peer: DeviceIdentity().peerID, nickname: "alice", offer: offer)
        record.plan = plan
        return record
    }

    @Test("a journal entry written between a commit and its progress report gives the plan's files done")
    func entryTakesFilesDoneFromThePlan() throws {
        var record = try Self.record(files: 4, plan: ReceivePlan(directory: "/tmp", folders: [:], applyExecutableBits: false, filesDone: 3))
        record.state = .transferring(TransferProgress(bytesDone: 6, bytesTotal: 24, filesDone: 1, filesTotal: 4))
        let entry = record.journalEntry()
        #expect(entry.filesDone == 3)
        #expect(TransferRecord(restoring: entry, limits: .standard)?.plan?.filesDone == 3)
    }

    @Test("a restart that finds the last batch moved counts the transfer done")
    func lastBatchMovedIsDone() throws {
        let (folder, intents) = try Self.batch(2, firstFile: 1)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for intent in intents { try FileManager.default.moveItem(atPath: intent.part, toPath: intent.final) }
        var record = try Self.record(files: 3, plan: Self.plan(folder, filesDone: 1, intents: intents))
        record.state = .interrupted(TransferProgress(bytesDone: 6, bytesTotal: 18, filesDone: 1, filesTotal: 3))
        var plan = try #require(record.plan)
        let moved = plan.settleCommits()
        record.adopt(settled: plan, moved: moved)
        #expect(record.state == .done)
        #expect(record.completedPaths == intents.map(\.final))
    }
}
