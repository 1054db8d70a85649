import Foundation
import GRDB

/// One file transfer as the database keeps it, so it can be listed and resumed after a
/// restart. The store does not interpret it: the transfer engine defines the fields.
public struct StoredTransfer: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "transfer"

    /// The offer ID, 32 hex digits.
    public var id: String
    /// `outgoing` or `incoming`.
    public var direction: String
    /// The other peer's ID, in its grouped text form.
    public var peer: String
    /// The other peer's nickname as it said.
    public var nickname: String
    /// The offer in its wire form.
    public var offer: Data
    /// The state's name (`transferring`, `done`, ...).
    public var state: String
    /// Why it was rejected or failed.
    public var reason: String?
    /// Bytes done when last saved.
    public var bytesDone: Int64
    /// Files done when last saved.
    public var filesDone: Int
    /// Paths of the files done.
    public var completedPaths: [String]
    /// Sender: the local file of each offered file.
    public var sourcePaths: [String]
    /// Sender: the receiver's address.
    public var host: String?
    /// Sender: the receiver's transfer port.
    public var port: Int?
    /// Receiver: the target folder.
    public var directory: String?
    /// Receiver: offered top-level folder -> created folder.
    public var folders: [String: String]
    /// Receiver: whether executable bits are applied.
    public var applyExecutableBits: Bool
    /// Receiver: the partial file.
    public var partPath: String?
    /// Receiver: verified chunks of the partial file.
    public var verifiedChunks: Int64
    /// Receiver: partial files of later files, to remove when the transfer resumes.
    public var strayParts: [String]
    /// Receiver: the files being moved into place, journaled before the moves.
    public var committing: [StoredCommit]
    /// When it was first saved (seconds since 1970).
    public var createdAt: Double
    /// When it was last saved.
    public var updatedAt: Double

    /// A stored transfer.
    public init(id: String, direction: String, peer: String, nickname: String, offer: Data, state: String, reason: String?,
                bytesDone: Int64, filesDone: Int, completedPaths: [String], sourcePaths: [String], host: String?, port: Int?,
                directory: String?, folders: [String: String], applyExecutableBits: Bool, partPath: String?,
                verifiedChunks: Int64, strayParts: [String] = [], committing: [StoredCommit] = [],
                createdAt: Double, updatedAt: Double) {
        self.id = id
        self.direction = direction
        self.peer = peer
        self.nickname = nickname
        self.offer = offer
        self.state = state
        self.reason = reason
        self.bytesDone = bytesDone
        self.filesDone = filesDone
        self.completedPaths = completedPaths
        self.sourcePaths = sourcePaths
        self.host = host
        self.port = port
        self.directory = directory
        self.folders = folders
        self.applyExecutableBits = applyExecutableBits
        self.partPath = partPath
        self.verifiedChunks = verifiedChunks
        self.strayParts = strayParts
        self.committing = committing
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A received file about to be moved into place (see the transfer engine's
/// `TransferCommitIntent`, whose fields these are).
public struct StoredCommit: Equatable, Sendable, Codable {
    /// The file's index in the offer.
    public var file: Int
    /// Its partial file.
    public var part: String
    /// The name it is moved to.
    public var final: String
    /// The partial file's inode.
    public var inode: UInt64

    /// A stored intent.
    public init(file: Int, part: String, final: String, inode: UInt64) {
        self.file = file
        self.part = part
        self.final = final
        self.inode = inode
    }
}
