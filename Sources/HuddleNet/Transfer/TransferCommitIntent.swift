#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A finished file about to be moved into place, journaled before the move.
///
/// The move and the journal write that records it cannot be one step. Without this, a
/// `kill -9` between them left a file in place that the journal did not know of, and the
/// resume sent it again under a second name (`notes (1).txt`). With it, a restart looks
/// at the disk: a file whose partial file is gone and whose inode sits at the journaled
/// name was moved (see ``ReceivePlan/settleCommits()``).
public struct TransferCommitIntent: Sendable, Equatable, Codable {
    /// The file's index in the offer.
    public var file: Int
    /// Its partial file.
    public var part: String
    /// The free name chosen for it.
    public var final: String
    /// The partial file's inode, which a move keeps.
    public var inode: UInt64

    /// An intent to move `part` (inode `inode`), file `file` of the offer, to `final`.
    public init(file: Int, part: String, final: String, inode: UInt64) {
        self.file = file
        self.part = part
        self.final = final
        self.inode = inode
    }

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
