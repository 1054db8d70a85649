/// A run of consecutive operations by one replica on one text document, e.g. one burst of
/// typing: the unit that is stored, sent, deduplicated and (later) signed.
///
/// A change takes the seqs `startSeq ... endSeq` of its author. It may be applied once the
/// document holds the author's operations before `startSeq` and every `dependencies` entry.
/// Its `encoded` bytes are canonical: equal changes always encode to equal bytes.
public struct Change: Hashable, Sendable, WaitingChange {
    /// The replica that made the change.
    public let author: ReplicaID
    /// The seq of the first operation.
    public let startSeq: UInt64
    /// Other replicas' operations this change refers to, sorted by replica, author excluded.
    public let dependencies: [Dependency]
    let ops: [TextOp]
    let content: [Unicode.Scalar]
    /// Number of operations (seqs) in the change.
    public let seqCount: UInt64

    init(author: ReplicaID, startSeq: UInt64, dependencies: [Dependency], ops: [TextOp], content: [Unicode.Scalar]) {
        self.author = author
        self.startSeq = startSeq
        self.dependencies = dependencies
        self.ops = ops
        self.content = content
        self.seqCount = ops.reduce(0) { $0 + UInt64($1.count) }
    }

    /// The seq of the last operation.
    public var endSeq: UInt64 { startSeq + seqCount - 1 }

    /// What the change costs while it waits for its dependencies.
    var bufferedSize: Int { ops.count + content.count }

    /// The replica a table index of an operation refers to (0: author).
    func replica(atTable index: UInt32) -> ReplicaID {
        index == 0 ? author : dependencies[Int(index) - 1].replica
    }

    /// The operations in readable form (for inspection and debugging; allocates).
    public var operations: [TextOperation] {
        var out: [TextOperation] = []
        var c = 0
        func item(_ r: Ref) -> ItemID? {
            r.isNone ? nil : ItemID(replica: replica(atTable: r.replica), seq: UInt64(r.seq))
        }
        for op in ops {
            if op.isDelete {
                if let first = item(op.first) { out.append(.delete(first: first, count: Int(op.count))) }
            } else {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: content[c..<(c + Int(op.count))])
                c += Int(op.count)
                out.append(.insert(after: item(op.first), before: item(op.second), text: String(s)))
            }
        }
        return out
    }

    /// Checks everything about the change that does not need the document: seq ranges, table
    /// indices, that references point back in time and only at declared dependencies.
    func validate() throws(DecodeError) {
        guard startSeq >= 1, startSeq <= DecodeLimits.maxSeq else { throw .valueOutOfRange("start seq") }
        guard !ops.isEmpty else { throw .valueOutOfRange("empty change") }
        try Dependency.check(dependencies, of: author)
        var seq = startSeq
        var used = 0
        var inserts: [(start: UInt64, end: UInt64)] = []
        for (i, op) in ops.enumerated() {
            guard op.count >= 1 else { throw .valueOutOfRange("operation count") }
            let opSeq = seq
            seq += UInt64(op.count)
            guard seq - 1 <= DecodeLimits.maxSeq else { throw .valueOutOfRange("seq overflow") }
            if op.isDelete {
                guard !op.first.isNone, op.second.isNone else { throw .valueOutOfRange("delete target") }
                try check(op.first, count: op.count, before: opSeq, inserts: inserts)
            } else {
                used += Int(op.count)
                try check(op.first, count: 1, before: opSeq, inserts: inserts)
                try check(op.second, count: 1, before: opSeq, inserts: inserts)
                if i < ops.count - 1 { inserts.append((opSeq, seq - 1)) } // only later operations look
            }
        }
        guard used == content.count else { throw .valueOutOfRange("content length") }
        try checkDeletesAreDisjoint()
    }

    /// An author never deletes an item twice in one change, so a change's deletes cost at most
    /// one step per item of the document: a change that deletes one range over and over (to
    /// use up seqs, or time) is refused.
    private func checkDeletesAreDisjoint() throws(DecodeError) {
        // Usual case, checked in one pass: the deletes go forwards (or backwards) through
        // their replicas' items without overlapping.
        if deletesAreOrderedAndDisjoint(forwards: true) || deletesAreOrderedAndDisjoint(forwards: false) { return }
        var ranges: [(replica: UInt32, start: UInt32, end: UInt64)] = []
        for op in ops where op.isDelete {
            ranges.append((op.first.replica, op.first.seq, UInt64(op.first.seq) + UInt64(op.count)))
        }
        ranges.sort { ($0.replica, $0.start) < ($1.replica, $1.start) }
        for i in 1..<ranges.count where ranges[i].replica == ranges[i - 1].replica {
            guard UInt64(ranges[i].start) >= ranges[i - 1].end else { throw .overlappingDeletes }
        }
    }

    private func deletesAreOrderedAndDisjoint(forwards: Bool) -> Bool {
        var previous: (replica: UInt32, start: UInt64, end: UInt64)?
        for op in ops where op.isDelete {
            let current = (replica: op.first.replica, start: UInt64(op.first.seq), end: UInt64(op.first.seq) + UInt64(op.count))
            if let p = previous {
                let (low, high) = forwards ? (p, current) : (current, p)
                guard low.replica < high.replica || (low.replica == high.replica && low.end <= high.start) else { return false }
            }
            previous = current
        }
        return true
    }

    private func check(_ ref: Ref, count: UInt32, before opSeq: UInt64,
                       inserts: [(start: UInt64, end: UInt64)]) throws(DecodeError) {
        if ref.isNone { return }
        guard Int(ref.replica) <= dependencies.count else { throw .unknownReplica(index: UInt64(ref.replica)) }
        let start = UInt64(ref.seq), end = start + UInt64(count) - 1
        guard start >= 1, end <= DecodeLimits.maxSeq else { throw .valueOutOfRange("reference seq") }
        if ref.replica == 0 {
            guard end < opSeq else { throw .dependencyCycle }
            guard end >= startSeq else { return }
            // The part inside this change must be characters inserted earlier in it.
            var s = max(start, startSeq)
            var lo = 0, hi = inserts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if inserts[mid].end < s { lo = mid + 1 } else { hi = mid }
            }
            while s <= end {
                guard lo < inserts.count, inserts[lo].start <= s else {
                    throw .valueOutOfRange("reference to a delete operation")
                }
                s = inserts[lo].end + 1
                lo += 1
            }
        } else {
            guard end <= dependencies[Int(ref.replica) - 1].seq else { throw .undeclaredDependency }
        }
    }
}
