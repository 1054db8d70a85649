/// Where the transfer engine keeps its transfers so they outlive a restart (HuddleStore's
/// `TransferStore` keeps them in the database). The engine calls it in order, from one job at a time, on its
/// thread pool: never on the cooperative pool. A failing journal loses resumability, never
/// data, so the engine reports and otherwise ignores its errors.
public protocol TransferJournal: Sendable {
    /// Stores `entry`, replacing any entry with the same ID.
    func save(_ entry: TransferJournalEntry) throws
    /// Every stored entry.
    func load() throws -> [TransferJournalEntry]
    /// Forgets the entry with `id` (nothing if there is none).
    func remove(_ id: OfferID) throws
}

/// One transfer as the journal keeps it: enough to list it after a restart and, unless it
/// ended, to resume it from the verified prefix.
public struct TransferJournalEntry: Sendable, Equatable {
    /// The offer ID.
    public var id: OfferID
    /// Sending or receiving.
    public var direction: TransferDirection
    /// The other peer.
    public var peer: PeerID
    /// The other peer's nickname as it said (receiver only; a hint).
    public var nickname: String
    /// The offer in its wire form (`huddle.transfer.v1.Offer`); checked again when loaded.
    public var offer: [UInt8]
    /// Where it was when last saved.
    public var state: TransferState.Kind
    /// Why it was rejected or failed.
    public var reason: String?
    /// Progress when last saved.
    public var bytesDone: UInt64
    /// Files done when last saved.
    public var filesDone: Int
    /// Paths of the files done: on disk (receiver) or as offered (sender).
    public var completedPaths: [String]

    /// Sender: the local file of each offered file, in offer order.
    public var sourcePaths: [String]
    /// Sender: where the receiver listened last.
    public var host: String?
    /// Sender: the receiver's transfer port.
    public var port: Int?

    /// Receiver: the target folder (canonical), once accepted.
    public var directory: String?
    /// Receiver: offered top-level folder -> folder created for it.
    public var folders: [String: String]
    /// Receiver: whether executable bits are applied.
    public var applyExecutableBits: Bool
    /// Receiver: the partial file of file `filesDone`, once created.
    public var partPath: String?
    /// Receiver: how many leading chunks of the partial file were verified and written when
    /// last saved; a resume never trusts more than these.
    public var verifiedChunks: UInt64
    /// Receiver: partial files of later files, to remove when the transfer resumes.
    public var strayParts: [String]
    /// Receiver: the files being moved into place when last saved (journaled before the
    /// moves), for a restart to count those that were.
    public var committing: [TransferCommitIntent]
    /// When the entry was last saved (seconds since 1970), as the journal knows it.
    public var savedAt: Double?
    /// When it was offered, started and ended (nil in entries saved before huddle kept them).
    public var times: TransferTimes?

    /// An entry; the optional parts default to empty.
    public init(id: OfferID, direction: TransferDirection, peer: PeerID, nickname: String, offer: [UInt8], state: TransferState.Kind,
                reason: String? = nil, bytesDone: UInt64 = 0, filesDone: Int = 0, completedPaths: [String] = [],
                sourcePaths: [String] = [], host: String? = nil, port: Int? = nil,
                directory: String? = nil, folders: [String: String] = [:], applyExecutableBits: Bool = false,
                partPath: String? = nil, verifiedChunks: UInt64 = 0, strayParts: [String] = [], committing: [TransferCommitIntent] = [],
                savedAt: Double? = nil, times: TransferTimes? = nil) {
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
        self.savedAt = savedAt
        self.times = times
    }
}
