#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HuddleCore
import NIOCore
import NIOPosix

/// Putting finished files in place, in batches: durable first, journaled, then moved.
extension FileReceiver {
    /// Whether the finished files should be committed now.
    func commitDue(at now: ContinuousClock.Instant = .now) -> Bool {
        guard let since = pendingSince else { return false }
        return pending.count >= Self.batchFiles || pendingBytes >= Self.batchBytes || receiving == offer.fileCount
            || now - since >= batchWait
    }

    /// Makes the finished files durable and puts them in place: fsyncs each (or the file
    /// system), chooses a free name for each (`report (1).pdf` if taken), hands the plan with
    /// those moves (``ReceivePlan/committing``) to `journal` and waits for it, moves each
    /// file without replacing anything, then fsyncs each folder once. Files moved before a
    /// failure still count as done.
    mutating func commit(journal: (ReceivePlan) async -> Void) async throws {
        guard !pending.isEmpty else { return }
        let batch = pending, first = plan.filesDone
        let (intents, wholeFileSystem) = try await pool.runIfActive { try Self.prepare(batch, first: first) }
        plan.committing = intents
        await journal(plan)
        let (moved, failure) = try await pool.runIfActive { Self.move(batch, to: intents, wholeFileSystem: wholeFileSystem) }
        plan.committing = []
        plan.completed += moved
        plan.filesDone += moved.count
        pending.removeFirst(moved.count)
        if pending.isEmpty { pendingSince = nil }
        updatePlan()
        if let failure { throw failure }
    }

    /// From this many files, a batch is made durable with one sync of the whole file system
    /// before and one after the renames, instead of an fsync per file and folder. On a
    /// journaled disk that is 2 commits instead of one per file (1,000 small files on ext4:
    /// 0.04 s instead of 0.16 s); it also waits for other programs' writes, which a few
    /// files are not worth.
    static let syncFileSystemFrom = 8

    /// The first blocking part of ``commit(journal:)``: applies each file's mode, makes the
    /// files durable, and chooses where each goes (`first` is the first file's index in the
    /// offer). Says whether the whole file system was synced (then it is again after the moves).
    static func prepare(_ batch: [FinishedPart], first: Int) throws(TransferError) -> (intents: [TransferCommitIntent], wholeFileSystem: Bool) {
        for file in batch {
            guard fchmod(file.fd, file.mode) == 0 else { throw FileIO.fail("chmod", file.part) }
        }
        var whole = false
        if batch.count >= syncFileSystemFrom { whole = try FileIO.syncFileSystem(of: batch[0].fd, path: batch[0].part) }
        if !whole {
            for file in batch { try FileIO.sync(file.fd, path: file.part) }
        }
        var chosen: Set<String> = []
        var intents: [TransferCommitIntent] = []
        for (offset, file) in batch.enumerated() {
            let final = try file.freeName(avoiding: chosen)
            chosen.insert(final)
            intents.append(TransferCommitIntent(file: first + offset, part: file.part, final: final, inode: try file.inode()))
        }
        return (intents, whole)
    }

    /// The second blocking part of ``commit(journal:)``: moves each file to its chosen name
    /// (to the next free one if another program took it meanwhile) and makes the folders
    /// durable. Gives the final paths of the files moved, in order, and what stopped it.
    static func move(_ batch: [FinishedPart], to intents: [TransferCommitIntent], wholeFileSystem: Bool) -> (moved: [String], failure: TransferError?) {
        var moved: [String] = []
        do throws(TransferError) {
            var folders: [String] = []
            for (file, intent) in zip(batch, intents) {
                moved.append(try file.moveIntoPlace(preferring: intent.final))
                if !folders.contains(file.folder) { folders.append(file.folder) }
            }
            if wholeFileSystem {
                try FileIO.syncFileSystem(folders[0])
            } else {
                for folder in folders { try FileIO.syncDirectory(folder) }
            }
            return (moved, nil)
        } catch {
            return (moved, error)
        }
    }
}
