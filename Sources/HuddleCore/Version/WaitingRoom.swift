/// A change that can wait for its dependencies.
protocol WaitingChange: Sendable {
    var author: ReplicaID { get }
    var startSeq: UInt64 { get }
    var endSeq: UInt64 { get }
    /// What the change costs while it waits (operations plus text).
    var bufferedSize: Int { get }
}

/// Remote changes held back until their dependencies arrive, kept per author in seq order
/// and bounded in count, in size per author and in total, and in the number of authors.
///
/// Any delivery that keeps each author's own order converges as long as the changes fit: a
/// three-author history delivered author by author waits here until the other authors'
/// blocks arrive. A change is ready when its author's earlier seqs and its dependencies are
/// held; only each author's first waiting change can be, so finding one costs a step per
/// waiting author. A second change with the same author and seq range is a duplicate.
struct WaitingRoom<C: WaitingChange>: Sendable {
    /// Per author, its waiting changes by start seq, from `heads[author]` on.
    private var queues: [ReplicaID: [C]] = [:]
    private var heads: [ReplicaID: Int] = [:]
    private var sizes: [ReplicaID: Int] = [:]
    private var keys: Set<Key> = []
    private(set) var count = 0
    private var size = 0

    var isEmpty: Bool { count == 0 }

    private func queue(of author: ReplicaID) -> ArraySlice<C> {
        guard let queue = queues[author] else { return [] }
        return queue[heads[author, default: 0]...]
    }

    private struct Key: Hashable, Sendable {
        var author: ReplicaID
        var start: UInt64
        var end: UInt64

        init(_ change: C) {
            author = change.author
            start = change.startSeq
            end = change.endSeq
        }
    }

    func contains(_ change: C) -> Bool { keys.contains(Key(change)) }

    /// Adds a change; false when a budget would be exceeded (`DecodeLimits.maxBufferedChanges`,
    /// `maxBufferedSize`, `maxBufferedSizePerAuthor`, `maxWaitingAuthors`).
    mutating func add(_ change: C) -> Bool {
        let author = change.author
        let authorSize = sizes[author, default: 0] + change.bufferedSize
        guard count < DecodeLimits.maxBufferedChanges, size + change.bufferedSize <= DecodeLimits.maxBufferedSize,
              authorSize <= DecodeLimits.maxBufferedSizePerAuthor,
              queues[author] != nil || queues.count < DecodeLimits.maxWaitingAuthors else { return false }
        var queue = queues.removeValue(forKey: author) ?? []
        let head = heads[author, default: 0]
        // Usually the next of its author: appended; otherwise put in its place.
        if queue.count == head || queue[queue.count - 1].startSeq <= change.startSeq {
            queue.append(change)
        } else {
            var lo = head, hi = queue.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if queue[mid].startSeq <= change.startSeq { lo = mid + 1 } else { hi = mid }
            }
            queue.insert(change, at: lo)
        }
        queues[author] = queue
        sizes[author] = authorSize
        keys.insert(Key(change))
        count += 1
        size += change.bufferedSize
        return true
    }

    /// Removes and returns a waiting change that `isReady` accepts, dropping on the way the
    /// changes `isHeld` says were applied already; nil when none is ready.
    mutating func takeReady(isHeld: (C) -> Bool, isReady: (C) -> Bool) -> C? {
        for author in Array(queues.keys) {
            while let first = queue(of: author).first {
                if isHeld(first) {
                    popFirst(of: author)
                } else if isReady(first) {
                    popFirst(of: author)
                    return first
                } else {
                    break
                }
            }
        }
        return nil
    }

    private mutating func popFirst(of author: ReplicaID) {
        guard var queue = queues.removeValue(forKey: author) else { return }
        let head = heads[author, default: 0]
        let change = queue[head]
        keys.remove(Key(change))
        count -= 1
        size -= change.bufferedSize
        sizes[author, default: 0] -= change.bufferedSize
        if head + 1 == queue.count {
            heads[author] = nil
            sizes[author] = nil
            return // the author waits for nothing more
        }
        if head + 1 >= 64 && head + 1 >= queue.count / 2 {
            queue.removeFirst(head + 1)
            heads[author] = 0
        } else {
            heads[author] = head + 1
        }
        queues[author] = queue
    }
}
