/// The messages of one channel: an append-only causal log that merges without conflicts.
///
/// Messages are ordered by (Lamport clock, author). A replica stamps each operation with one
/// more than the highest clock it has seen, so anything a message's author had seen sorts
/// before it, whatever the devices' wall clocks say. Only a message's author may edit or
/// delete it; those are later operations of the same author. A value type, clock-free.
public struct ChatLog: Sendable {
    /// The replica that makes this log's local operations.
    public let replica: ReplicaID

    var replicas: [ReplicaID] = []
    var agents: [ReplicaID: Int] = [:]
    var known: [UInt64] = []
    /// Per local replica index, the Lamport clock of each of its operations (`[seq - 1]`).
    var clocks: [[UInt64]] = []
    var byID: [MessageID: ChatMessage] = [:]
    var deleted: Set<MessageID> = []
    /// Per message, each emoji and the replicas that reacted with it.
    var reactions: [MessageID: [String: Set<ReplicaID>]] = [:]
    /// Every message ever posted, in the log's total order.
    var order: [MessageID] = []
    var maxLamport: UInt64 = 0
    var log: [ChatChange] = []
    var waiting = WaitingRoom<ChatChange>()

    /// An empty log written locally as `replica`.
    public init(replica: ReplicaID) {
        self.replica = replica
        _ = agent(for: replica)
    }

    mutating func agent(for id: ReplicaID) -> Int {
        if let a = agents[id] { return a }
        agents[id] = replicas.count
        replicas.append(id)
        known.append(0)
        clocks.append([])
        return replicas.count - 1
    }

    /// The messages that are not deleted, in the total order (Lamport clock, author).
    public var messages: [ChatMessage] {
        order.compactMap { deleted.contains($0) ? nil : byID[$0] }
    }

    /// How many messages were ever posted (deleted ones included).
    public var postCount: Int { order.count }

    /// The message `id`, if it exists and is not deleted.
    public func message(_ id: MessageID) -> ChatMessage? { deleted.contains(id) ? nil : byID[id] }

    /// For each replica, the highest contiguous seq this log holds.
    public var version: VersionVector {
        var v = VersionVector()
        for (i, id) in replicas.enumerated() { v[id] = known[i] }
        return v
    }

    /// The changes a replica at `version` lacks, in an order it can apply them.
    public func changes(since version: VersionVector) -> [ChatChange] {
        log.filter { $0.endSeq > version[$0.author] }
    }

    /// Number of remote changes waiting for their dependencies.
    public var waitingCount: Int { waiting.count }

    /// Posts a message; returns the change to send (the message is `MessageID(replica:
    /// replica, seq: change.startSeq)`). `wallTime` is for display only.
    @discardableResult
    public mutating func post(body: String, wallTime: Int64) throws(ChatError) -> ChatChange {
        guard body.utf8.count <= DecodeLimits.maxMessageBytes else { throw .messageTooLong(bytes: body.utf8.count) }
        return try local(.post(body: body, wallTime: wallTime))
    }

    /// Replaces the body of one of this replica's own messages; returns the change to send.
    @discardableResult
    public mutating func edit(_ id: MessageID, body: String, wallTime: Int64) throws(ChatError) -> ChatChange {
        guard id.replica == replica, message(id) != nil else { throw .notYourMessage(id) }
        guard body.utf8.count <= DecodeLimits.maxMessageBytes else { throw .messageTooLong(bytes: body.utf8.count) }
        return try local(.edit(target: id.seq, body: body, wallTime: wallTime))
    }

    /// Deletes one of this replica's own messages; returns the change to send.
    @discardableResult
    public mutating func delete(_ id: MessageID) throws(ChatError) -> ChatChange {
        guard id.replica == replica, message(id) != nil else { throw .notYourMessage(id) }
        return try local(.delete(target: id.seq))
    }

    /// Posts a message answering `target` (anyone's message this log holds); returns the
    /// change to send (the reply is `MessageID(replica: replica, seq: change.startSeq)`).
    @discardableResult
    public mutating func reply(to target: MessageID, body: String, wallTime: Int64) throws(ChatError) -> ChatChange {
        guard byID[target] != nil else { throw .noSuchMessage(target) }
        guard body.utf8.count <= DecodeLimits.maxMessageBytes else { throw .messageTooLong(bytes: body.utf8.count) }
        return try local(.reply(target: target, body: body, wallTime: wallTime))
    }

    /// Adds (or, with `add` false, takes back) this replica's reaction `emoji` to `target`;
    /// returns the change to send.
    @discardableResult
    public mutating func react(to target: MessageID, emoji: String, add: Bool = true) throws(ChatError) -> ChatChange {
        guard message(target) != nil else { throw .noSuchMessage(target) }
        guard ChatReaction.isValid(emoji) else { throw .badReaction }
        return try local(.react(target: target, emoji: emoji, add: add))
    }

    private mutating func local(_ op: ChatOperation) throws(ChatError) -> ChatChange {
        guard known[0] < DecodeLimits.maxSeq, maxLamport < DecodeLimits.maxLamport else { throw .sequenceExhausted }
        let deps = replicas.indices.dropFirst().filter { known[$0] > 0 }
            .map { Dependency(replica: replicas[$0], seq: known[$0]) }
            .sorted { $0.replica < $1.replica }
        let change = ChatChange(author: replica, startSeq: known[0] + 1, dependencies: deps,
                                operations: [op], lamports: [maxLamport + 1])
        _ = try applyReady(change)
        return change
    }
}
