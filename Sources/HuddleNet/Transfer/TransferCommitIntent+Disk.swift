import HuddleCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TransferCommitIntent {
    /// Whether the move happened: the partial file is gone, and the journaled name holds a
    /// regular file with the partial file's inode.
    func wasMoved() -> Bool {
        do {
            guard try FileIO.status(part) == nil, let moved = try FileIO.status(final), FileIO.isRegular(moved) else { return false }
            return UInt64(moved.st_ino) == inode
        } catch {
            return false // unreadable: received again rather than counted unseen
        }
    }
}

extension ReceivePlan {
    /// After a restart: counts the files of the journaled batch that were moved into place
    /// before the journal heard of it (in offer order, up to the first that was not), and
    /// forgets their partial files. Returns the final paths of the files it counted.
    mutating func settleCommits() -> [String] {
        var moved: [String] = []
        for intent in committing.sorted(by: { $0.file < $1.file }) {
            guard intent.file == filesDone, intent.wasMoved() else { break }
            filesDone += 1
            completed.append(intent.final)
            moved.append(intent.final)
            if partPath == intent.part {
                partPath = nil
                verifiedChunks = 0
            }
            strayParts.removeAll { $0 == intent.part }
        }
        committing = []
        return moved
    }
}
