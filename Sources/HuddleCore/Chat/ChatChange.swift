/// One operation on a chat log.
public enum ChatOperation: Hashable, Sendable {
    /// Post a new message (its ID is the operation's seq).
    case post(body: String, wallTime: Int64)
    /// Replace the body of the author's own message `target` (a seq of the same author).
    case edit(target: UInt64, body: String, wallTime: Int64)
    /// Delete the author's own message `target`.
    case delete(target: UInt64)
    /// Post a new message that answers `target`, anyone's message its author had seen (its ID
    /// is the operation's seq, as for a post).
    case reply(target: MessageID, body: String, wallTime: Int64)
    /// Add (or take back) the author's reaction `emoji` to `target`, anyone's message.
    case react(target: MessageID, emoji: String, add: Bool)
}

/// Consecutive chat operations of one replica, each with its Lamport clock.
///
/// `dependencies` is the author's whole version when it made the change (other replicas
/// only), so a change is applied only after everything its author had seen: an edit never
/// arrives before its message, and a reply never before what it answers.
public struct ChatChange: Hashable, Sendable, WaitingChange {
    /// The replica that made the change.
    public let author: ReplicaID
    /// The seq of the first operation.
    public let startSeq: UInt64
    /// What the author had seen of other replicas, sorted by replica.
    public let dependencies: [Dependency]
    /// The operations, taking seqs `startSeq...`.
    public let operations: [ChatOperation]
    /// The Lamport clock of each operation, strictly increasing.
    public let lamports: [UInt64]

    /// A change from its parts (unchecked; `validate()` runs when it is applied or decoded;
    /// public so that tests and benchmarks can make what a hostile peer would send).
    public init(author: ReplicaID, startSeq: UInt64, dependencies: [Dependency], operations: [ChatOperation], lamports: [UInt64]) {
        self.author = author
        self.startSeq = startSeq
        self.dependencies = dependencies
        self.operations = operations
        self.lamports = lamports
    }

    /// The seq of the last operation.
    public var endSeq: UInt64 { startSeq + UInt64(operations.count) - 1 }

    /// What the change costs while it waits for its dependencies (operations + body bytes).
    var bufferedSize: Int {
        operations.reduce(operations.count) { total, op in
            switch op {
            case .post(let body, _), .edit(_, let body, _), .reply(_, let body, _): total + body.utf8.count
            case .react(_, let emoji, _): total + emoji.utf8.count
            case .delete: total
            }
        }
    }

    /// Checks what can be checked without the log.
    func validate() throws(DecodeError) {
        guard !operations.isEmpty, operations.count == lamports.count else { throw .valueOutOfRange("operations") }
        guard startSeq >= 1, endSeq <= DecodeLimits.maxSeq else { throw .valueOutOfRange("seq") }
        try Dependency.check(dependencies, of: author)
        var last: UInt64 = 0
        for (i, op) in operations.enumerated() {
            let seq = startSeq + UInt64(i)
            guard lamports[i] > last, lamports[i] <= DecodeLimits.maxLamport else { throw .valueOutOfRange("lamport") }
            last = lamports[i]
            switch op {
            case .post(let body, _):
                guard body.utf8.count <= DecodeLimits.maxMessageBytes else {
                    throw .limitExceeded(what: "message bytes", limit: DecodeLimits.maxMessageBytes)
                }
            case .edit(let target, let body, _):
                guard target >= 1 else { throw .valueOutOfRange("edit target") }
                guard target < seq else { throw .dependencyCycle }
                guard body.utf8.count <= DecodeLimits.maxMessageBytes else {
                    throw .limitExceeded(what: "message bytes", limit: DecodeLimits.maxMessageBytes)
                }
            case .delete(let target):
                guard target >= 1 else { throw .valueOutOfRange("delete target") }
                guard target < seq else { throw .dependencyCycle }
            case .reply(let target, let body, _):
                guard target.seq >= 1, target.seq <= DecodeLimits.maxSeq else { throw .valueOutOfRange("reply target") }
                guard target.replica != author || target.seq < seq else { throw .dependencyCycle }
                guard body.utf8.count <= DecodeLimits.maxMessageBytes else {
                    throw .limitExceeded(what: "message bytes", limit: DecodeLimits.maxMessageBytes)
                }
            case .react(let target, let emoji, _):
                guard target.seq >= 1, target.seq <= DecodeLimits.maxSeq else { throw .valueOutOfRange("reaction target") }
                guard target.replica != author || target.seq < seq else { throw .dependencyCycle }
                guard ChatReaction.isValid(emoji) else { throw .valueOutOfRange("reaction") }
            }
        }
    }
}
