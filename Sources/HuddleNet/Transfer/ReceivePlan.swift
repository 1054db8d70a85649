import HuddleCore

/// Where an incoming transfer goes and how far it got; the engine keeps it to resume.
struct ReceivePlan: Sendable {
    /// The target folder, canonical (links resolved).
    let directory: String
    /// Offered top-level folder name -> the folder created for it (`photos` -> `photos (1)`).
    var folders: [String: String]
    /// Whether executable bits from the peer are applied.
    let applyExecutableBits: Bool
    /// Files [0, filesDone) are complete and in place.
    var filesDone = 0
    /// The partial file of file `filesDone`, once created.
    var partPath: String?
    /// Final paths of the completed files.
    var completed: [String] = []
    /// Leading chunks of file `filesDone` verified and written to the partial file. A resume
    /// claims no more than these (after a restart: no more than the journal saved).
    var verifiedChunks: UInt64 = 0
    /// Partial files of later files, written while file `filesDone` waited for its rename
    /// (files are moved into place in batches). They are not continued but removed when the
    /// transfer resumes: those files come again.
    var strayParts: [String] = []
    /// The batch being moved into place, journaled before the moves (see
    /// ``TransferCommitIntent``); empty between batches.
    var committing: [TransferCommitIntent] = []
}
