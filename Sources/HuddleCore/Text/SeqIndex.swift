/// Where the inserted items of one replica live: seq to leaf of the run tree.
///
/// Seqs taken by deletes insert nothing, and a hostile author can take billions of them in
/// small changes, so the index is kept in segments of consecutive seqs. A gap of seqs without
/// inserts is stored (as -1 entries) only while the stored gaps stay within the number of
/// items plus `maxPaddedGap`; a longer gap starts a new segment. So memory follows the items
/// inserted (at most 8 bytes each, plus 8 per segment), never the seq numbers, and an honest
/// author's index (whose deletes rarely outnumber its inserts) stays one segment, looked up in
/// one step.
///
/// Items are added in seq order (a replica's operations apply in seq order); an item already
/// added only changes leaf.
struct SeqIndex: Sendable {
    /// The leaf of each seq covered by a segment, or -1 for a seq that inserted nothing.
    private var leaves = ContiguousArray<Int32>()
    /// The first seq of each segment, increasing.
    private var starts = ContiguousArray<UInt32>()
    /// Where each segment begins in `leaves`.
    private var offsets = ContiguousArray<Int32>()
    /// The -1 entries in `leaves`.
    private var padding = 0

    /// Stored gaps may exceed the items by this many seqs: the first backspaces of a new
    /// author stay in its first segment.
    static let maxPaddedGap = 64

    /// The seq after the last one covered (1 when empty).
    var end: UInt32 {
        guard let start = starts.last, let offset = offsets.last else { return 1 }
        return start + UInt32(leaves.count - Int(offset))
    }

    /// Number of segments.
    var segmentCount: Int { starts.count }

    /// Heap bytes held.
    var footprint: Int { leaves.capacity * 4 + starts.capacity * 4 + offsets.capacity * 4 }

    /// Where `seq` is in `leaves`, with the end of its segment there; nil when no segment
    /// covers it.
    @inline(__always) private func find(_ seq: UInt32) -> (at: Int, segmentEnd: Int)? {
        guard let lastStart = starts.last else { return nil }
        var i = starts.count - 1
        if seq < lastStart {
            // The last segment that starts at or before `seq`.
            var lo = 0, hi = i
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if starts[mid] <= seq { lo = mid } else { hi = mid - 1 }
            }
            i = lo
            guard starts[i] <= seq else { return nil }
        }
        let at = Int(offsets[i]) + Int(seq - starts[i])
        let segmentEnd = i + 1 < offsets.count ? Int(offsets[i + 1]) : leaves.count
        return at < segmentEnd ? (at, segmentEnd) : nil
    }

    /// The leaf of item `seq`, or nil when `seq` inserted nothing (or is not known yet).
    @inline(__always) subscript(seq: UInt32) -> Int32? {
        guard let (at, _) = find(seq) else { return nil }
        let leaf = leaves[at]
        return leaf >= 0 ? leaf : nil
    }

    /// The first seq of `range` that is not an inserted item, or nil when all are.
    /// Walks each segment once, so a long range costs one lookup plus a scan.
    func firstMissing(in range: Range<UInt32>) -> UInt32? {
        var seq = range.lowerBound
        while seq < range.upperBound {
            guard var (at, segmentEnd) = find(seq) else { return seq }
            while seq < range.upperBound && at < segmentEnd {
                if leaves[at] < 0 { return seq }
                seq += 1
                at += 1
            }
        }
        return nil
    }

    /// Records that the items `seqs` live in `leaf`: new items (at or after `end`) are added,
    /// known ones move.
    @inline(__always) mutating func set(_ seqs: Range<UInt32>, leaf: Int32) {
        // Typing: the next items of the last segment.
        if seqs.lowerBound == end && !starts.isEmpty {
            if seqs.count == 1 { leaves.append(leaf) } else { leaves.append(contentsOf: repeatElement(leaf, count: seqs.count)) }
            return
        }
        setAnywhere(seqs, leaf: leaf)
    }

    private mutating func setAnywhere(_ seqs: Range<UInt32>, leaf: Int32) {
        guard !seqs.isEmpty else { return }
        var seq = seqs.lowerBound
        // Items already covered move in place, segment by segment.
        while seq < seqs.upperBound && seq < end {
            guard let (at, segmentEnd) = find(seq) else {
                seq = nextStart(after: seq) ?? end // not an item: nothing to move
                continue
            }
            let n = min(Int(seqs.upperBound - seq), segmentEnd - at)
            leaves.withUnsafeMutableBufferPointer { buffer in
                UnsafeMutableBufferPointer(rebasing: buffer[at..<(at + n)]).update(repeating: leaf)
            }
            seq += UInt32(n)
        }
        guard seq < seqs.upperBound else { return }
        let gap = Int(seq - end)
        if starts.isEmpty || padding + gap > leaves.count - padding + Self.maxPaddedGap {
            starts.append(seq)
            offsets.append(Int32(leaves.count))
        } else if gap > 0 {
            leaves.append(contentsOf: repeatElement(-1, count: gap))
            padding += gap
        }
        leaves.append(contentsOf: repeatElement(leaf, count: Int(seqs.upperBound - seq)))
    }

    /// The first segment start after `seq`, if any.
    private func nextStart(after seq: UInt32) -> UInt32? {
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= seq { lo = mid + 1 } else { hi = mid }
        }
        return lo < starts.count ? starts[lo] : nil
    }
}
