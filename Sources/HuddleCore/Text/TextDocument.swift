/// A shared note: a list CRDT over Unicode scalars with the FugueMax ordering rule, so text that
/// several replicas insert at one place at the same time never interleaves.
///
/// A value type: copies are independent (copy on write). Local edits take scalar offsets and
/// are grouped into a pending `Change` until `commit()`. Remote changes merge in any causal
/// order, any number of times; a change whose dependencies are missing waits in a buffer.
///
/// Internally the characters' metadata (runs of identifiers with their origins and deleted flag)
/// lives in an order-statistic B-tree (`RunTree`) with cached visible counts and an
/// identifier-to-leaf index; the characters themselves live in a separate content arena.
public struct TextDocument: Sendable {
    /// The replica that makes this document's local edits.
    public let replica: ReplicaID

    var tree = RunTree()
    /// Every inserted scalar, in the order this replica learned them; runs point into it.
    var arena = ContiguousArray<Unicode.Scalar>()
    /// Local replica index to identifier; index 0 is `replica`.
    var replicas: [ReplicaID] = []
    var agents: [ReplicaID: UInt32] = [:]
    /// Per local replica index, the highest contiguous seq applied.
    var known = ContiguousArray<UInt32>()
    /// Per local replica index, the seqs its delete operations took.
    var deletedItems = ContiguousArray<Int>()
    /// Committed and applied changes, in the order they were applied (a causal order).
    var log: [Change] = []
    /// Operations in `log` and `pending`, counted against `DecodeLimits.maxOperationsPerDocument`.
    var operationCount = 0
    /// Local operations not yet committed.
    var pending = PendingChange()
    /// Remote changes waiting for their dependencies.
    var waiting = WaitingRoom<Change>()
    /// Bumped on every structural change of the tree; guards `typing`.
    var generation: UInt64 = 0
    /// Where the last local insert ended, to continue a burst of typing without a search.
    var typing = TypingCache()

    /// An empty document edited locally as `replica`.
    public init(replica: ReplicaID) {
        self.replica = replica
        _ = agent(for: replica)
    }

    /// The local index of `replica`, registering it on first sight.
    mutating func agent(for id: ReplicaID) -> UInt32 {
        if let a = agents[id] { return a }
        let a = UInt32(replicas.count)
        replicas.append(id)
        agents[id] = a
        known.append(0)
        deletedItems.append(0)
        tree.index.append(SeqIndex())
        return a
    }

    /// Number of Unicode scalars in the text.
    public var count: Int { tree.visibleCount }

    /// Whether the text is empty.
    public var isEmpty: Bool { count == 0 }

    /// The whole text.
    public var text: String { scalars(in: 0..<count) }

    /// The text between two scalar offsets (clamped to the text), found in O(log n).
    public func scalars(in range: Range<Int>) -> String {
        let lo = max(0, range.lowerBound), hi = min(count, range.upperBound)
        guard lo < hi else { return "" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hi - lo)
        var c = tree.cursorAt(visible: lo)
        var remaining = hi - lo
        while remaining > 0 {
            let run = tree.runs[tree.base(c.leaf) + c.run]
            if !run.deleted {
                let take = min(remaining, Int(run.len - c.offset))
                let start = Int(run.content + c.offset)
                UTF8Codec.encode(arena[start..<(start + take)], into: &bytes)
                remaining -= take
            }
            c = tree.normalized(Cursor(leaf: c.leaf, run: c.run, offset: run.len))
            if c.run >= Int(tree.leafLen[Int(c.leaf)]) { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// For each replica, the highest contiguous seq this document holds (local edits included,
    /// committed or not).
    public var version: VersionVector {
        var v = VersionVector()
        for (i, id) in replicas.enumerated() where known[i] > 0 { v[id] = UInt64(known[i]) }
        return v
    }

    /// Number of remote changes waiting for their dependencies.
    public var waitingCount: Int { waiting.count }
}

/// Local operations of the change being built (identifiers in local replica indices).
struct PendingChange: Sendable {
    var startSeq: UInt32 = 0
    var ops: [LocalOp] = []
    var content: [Unicode.Scalar] = []
}

/// A pending operation; see `TextOp` for the meaning of the fields.
struct LocalOp: Sendable {
    var isDelete: Bool
    var count: UInt32
    var first: PackedID
    var second: PackedID
}

/// The place right after the last local insert, valid while `generation` is unchanged.
struct TypingCache: Sendable {
    var position = -1
    var cursor = Cursor(leaf: 0, run: 0, offset: 0)
    var generation: UInt64 = .max
}
