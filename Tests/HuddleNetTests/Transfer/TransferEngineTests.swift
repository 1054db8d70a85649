import HuddleTesting
import Foundation
import HuddleCore
import NIOCore
import Testing
@testable import HuddleNet

@Suite("File transfer over loopback", .serialized)
struct TransferEngineTests {
    @Test func multiMegabyteFileArrivesIdentical() async throws {
        let pair = try await TransferPair.make(chunkSize: 1 << 18)
        let source = pair.sendFolder + "/data.bin"
        try await Blocking.writeRandom(source, count: 5 << 20 | 12_345, seed: 1)
        let id = try await pair.offer([source])
        try await pair.bob.accept(id, into: pair.receiveFolder)
        try await pair.waitDone(id)
        #expect(try await Blocking.contents(pair.receiveFolder + "/data.bin") == Blocking.contents(source))
        #expect(try await Blocking.tree(pair.receiveFolder).keys.sorted() == ["data.bin"])
        let summary = try #require(await pair.bob.transfer(id))
        #expect(summary.state == .done)
        #expect(summary.completedPaths == [FileIO.canonical(pair.receiveFolder)! + "/data.bin"])
        #expect(await pair.alice.transfer(id)?.state == .done)
        await pair.cleanUp()
    }

    @Test func folderOfManySmallFilesKeepsItsTreeWithoutLinksOrExecBits() async throws {
        let pair = try await TransferPair.make()
        let folder = pair.sendFolder + "/project"
        try await Blocking.run {
            let manager = FileManager.default
            for index in 0..<150 {
                let dir = folder + "/sub\(index % 7)/deeper\(index % 3)"
                try manager.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try Data("file \(index) ".utf8 + Array(repeating: UInt8(index), count: index * 37)).write(to: URL(fileURLWithPath: dir + "/f\(index).txt"))
            }
            try Data().write(to: URL(fileURLWithPath: folder + "/empty"))
            try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: folder + "/run.sh"))
            chmod(folder + "/run.sh", 0o755)
            try manager.createSymbolicLink(atPath: folder + "/passwd-link", withDestinationPath: "/etc/passwd")
        }
        let id = try await pair.offer([folder])
        let offered = try #require(await pair.bob.transfer(id))
        #expect(offered.offer.fileCount == 152) // 150 + empty + run.sh; the link is not offered
        try await pair.bob.accept(id, into: pair.receiveFolder)
        try await pair.waitDone(id)
        var expected = try await Blocking.tree(pair.sendFolder)
        expected["project/passwd-link"] = nil
        #expect(try await Blocking.tree(pair.receiveFolder) == expected)
        let mode = try await Blocking.run { try FileManager.default.attributesOfItem(atPath: pair.receiveFolder + "/project/run.sh")[.posixPermissions] as? Int }
        #expect(mode.map { $0 & 0o111 } == 0)
        await pair.cleanUp()
    }

    @Test func neverOverwritesAFileOrFolder() async throws {
        let pair = try await TransferPair.make()
        try await Blocking.writeRandom(pair.sendFolder + "/report.pdf", count: 1000, seed: 2)
        try await Blocking.writeRandom(pair.receiveFolder + "/report.pdf", count: 10, seed: 3)
        try await Blocking.run { try FileManager.default.createDirectory(atPath: pair.receiveFolder + "/send", withIntermediateDirectories: true) }
        let before = try await Blocking.contents(pair.receiveFolder + "/report.pdf")
        let first = try await pair.offer([pair.sendFolder + "/report.pdf"])
        try await pair.bob.accept(first, into: pair.receiveFolder)
        try await pair.waitDone(first)
        #expect(try await Blocking.contents(pair.receiveFolder + "/report.pdf") == before)
        #expect(try await Blocking.contents(pair.receiveFolder + "/report (1).pdf") == Blocking.contents(pair.sendFolder + "/report.pdf"))
        // The whole send folder, into a target that already has a folder of that name.
        let second = try await pair.offer([pair.sendFolder])
        try await pair.bob.accept(second, into: pair.receiveFolder)
        try await pair.waitDone(second)
        #expect(try await Blocking.tree(pair.receiveFolder + "/send (1)").keys.sorted() == ["report.pdf"])
        await pair.cleanUp()
    }

    @Test func rejectedAndExpiredOffersReachTheSender() async throws {
        let pair = try await TransferPair.make(lifetime: .seconds(1))
        try await Blocking.writeRandom(pair.sendFolder + "/a.bin", count: 100, seed: 4)
        let rejected = try await pair.offer([pair.sendFolder + "/a.bin"])
        try await pair.bob.reject(rejected)
        try await pair.aliceEvents.wait("alice sees the rejection") { if case .rejected(rejected, _) = $0 { true } else { nil } }
        let expired = try await pair.offer([pair.sendFolder + "/a.bin"])
        try await pair.bobEvents.wait("bob's offer expires") { if case .expired(expired) = $0 { true } else { nil } }
        try await pair.aliceEvents.wait("alice's offer expires") { if case .expired(expired) = $0 { true } else { nil } }
        await #expect(throws: TransferError.self) { try await pair.bob.accept(expired, into: pair.receiveFolder) }
        #expect(try await Blocking.tree(pair.receiveFolder).isEmpty)
        await pair.cleanUp()
    }

    @Test func aSymbolicLinkIsNeverSent() async throws {
        let pair = try await TransferPair.make()
        try await Blocking.run { try FileManager.default.createSymbolicLink(atPath: pair.sendFolder + "/link", withDestinationPath: "/etc/passwd") }
        await #expect(throws: TransferError.symbolicLinkNotSent(path: pair.sendFolder + "/link")) {
            _ = try await pair.alice.offer(to: pair.bobID, host: "127.0.0.1", port: pair.bobPort, paths: [pair.sendFolder + "/link"])
        }
        await pair.cleanUp()
    }

    @Test func cancellingRemovesThePartialFile() async throws {
        let pair = try await TransferPair.make(chunkSize: 1 << 16, rate: 8 << 20)
        try await Blocking.writeRandom(pair.sendFolder + "/big.bin", count: 32 << 20, seed: 5)
        let id = try await pair.offer([pair.sendFolder + "/big.bin"])
        try await pair.bob.accept(id, into: pair.receiveFolder)
        try await pair.bobEvents.wait("data arrives") { if case let .progress(id2, p, _, _) = $0, id2 == id, p.bytesDone > 0 { true } else { nil } }
        try await pair.bob.cancel(id)
        try await pair.aliceEvents.wait("alice hears of it") { if case .cancelled(id, byPeer: true) = $0 { true } else { nil } }
        try await pair.bobEvents.wait("bob cancelled") { if case .cancelled(id, byPeer: false) = $0 { true } else { nil } }
        // The receive task removes the part as it ends.
        #expect(try await eventually { try await Blocking.tree(pair.receiveFolder).isEmpty })
        await pair.cleanUp()
    }

    @Test func aCutTransferResumesFromTheVerifiedPrefixAndEndsIdentical() async throws {
        let pair = try await TransferPair.make(chunkSize: 1 << 16, rate: 8 << 20)
        let source = pair.sendFolder + "/video.bin"
        try await Blocking.writeRandom(source, count: 12 << 20, seed: 6)
        let id = try await pair.offer([source])
        try await pair.bob.accept(id, into: pair.receiveFolder)
        try await pair.bobEvents.wait("some data arrives") { if case let .progress(id2, p, _, _) = $0, id2 == id, p.bytesDone >= 1 << 20 { true } else { nil } }
        await pair.bob.closeConnectionForTesting(id)
        try await pair.aliceEvents.wait("alice sees the cut") { if case .interrupted(id, _) = $0 { true } else { nil } }
        try await pair.bobEvents.wait("bob sees the cut") { if case .interrupted(id, _) = $0 { true } else { nil } }
        let kept = try #require(await pair.bob.transfer(id)?.state.progress?.bytesDone)
        #expect(kept > 0)
        let seen = pair.bobEvents.all.count
        try await pair.alice.resume(id)
        try await pair.waitDone(id)
        // The first progress after resuming starts from the kept prefix, not from zero.
        let resumedAt = pair.bobEvents.all.dropFirst(seen).lazy.compactMap { event -> UInt64? in
            if case let .progress(_, p, _, _) = event { return p.bytesDone }
            return nil
        }.first
        #expect(try #require(resumedAt) > 0)
        #expect(try #require(resumedAt) <= kept)
        #expect(try await Blocking.contents(pair.receiveFolder + "/video.bin") == Blocking.contents(source))
        #expect(try await Blocking.tree(pair.receiveFolder).keys.sorted() == ["video.bin"])
        await pair.cleanUp()
    }

    @Test func aTamperedPartialFileIsNotResumedFrom() async throws {
        let pair = try await TransferPair.make(chunkSize: 1 << 16, rate: 8 << 20)
        let source = pair.sendFolder + "/doc.bin"
        try await Blocking.writeRandom(source, count: 12 << 20, seed: 7)
        let id = try await pair.offer([source])
        try await pair.bob.accept(id, into: pair.receiveFolder)
        try await pair.bobEvents.wait("some data arrives") { if case let .progress(id2, p, _, _) = $0, id2 == id, p.bytesDone >= 1 << 20 { true } else { nil } }
        await pair.bob.closeConnectionForTesting(id)
        try await pair.aliceEvents.wait("alice sees the cut") { if case .interrupted(id, _) = $0 { true } else { nil } }
        try await pair.bobEvents.wait("bob sees the cut") { if case .interrupted(id, _) = $0 { true } else { nil } }
        // Corrupt the first byte of the partial file: nothing from there on is kept.
        let part = try #require(await pair.bob.partPathForTesting(id))
        try await Blocking.run {
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: part))
            try handle.write(contentsOf: Data([0xFF ^ (try Data(contentsOf: URL(fileURLWithPath: part)).first ?? 0)]))
            try handle.close()
        }
        let seen = pair.bobEvents.all.count
        try await pair.alice.resume(id)
        try await pair.waitDone(id)
        let resumedAt = pair.bobEvents.all.dropFirst(seen).lazy.compactMap { event -> UInt64? in
            if case let .progress(_, p, _, _) = event { return p.bytesDone }
            return nil
        }.first
        #expect(resumedAt == 0)
        #expect(try await Blocking.contents(pair.receiveFolder + "/doc.bin") == Blocking.contents(source))
        await pair.cleanUp()
    }
}
