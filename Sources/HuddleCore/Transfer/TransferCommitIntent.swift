/// A finished file about to be moved into place, journaled before the move.
///
/// The move and the journal write that records it cannot be one step. Without this, a
/// `kill -9` between them left a file in place that the journal did not know of, and the
/// resume sent it again under a second name (`notes (1).txt`). With it, a restart looks
/// at the disk: a file whose partial file is gone and whose inode sits at the journaled
/// name was moved (the receiver's `ReceivePlan.settleCommits()`).
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
}
