/// A change that can wait for its dependencies.
protocol WaitingChange: Sendable {
    var author: ReplicaID { get }
    var startSeq: UInt64 { get }
    var endSeq: UInt64 { get }
    /// What the change costs while it waits (operations plus text).
    var bufferedSize: Int { get }
}

/// Remote changes held back until their dependencies arrive, bounded in count and size.
/// A second change with the same author and seq range as a waiting one is a duplicate.
struct WaitingRoom<C: WaitingChange>: Sendable {
    private(set) var changes: [C] = []
    private var keys: Set<Key> = []
    private var size = 0

    private struct Key: Hashable, Sendable {
        var author: ReplicaID
        var start: UInt64
        var end: UInt64
    }

    var count: Int { changes.count }
    var isEmpty: Bool { changes.isEmpty }

    func contains(_ change: C) -> Bool {
        keys.contains(Key(author: change.author, start: change.startSeq, end: change.endSeq))
    }

    /// Adds a change; false when the room is full (`DecodeLimits.maxBufferedChanges`, `maxBufferedSize`).
    mutating func add(_ change: C) -> Bool {
        guard changes.count < DecodeLimits.maxBufferedChanges,
              size + change.bufferedSize <= DecodeLimits.maxBufferedSize else { return false }
        changes.append(change)
        keys.insert(Key(author: change.author, start: change.startSeq, end: change.endSeq))
        size += change.bufferedSize
        return true
    }

    /// Removes and returns the change at `index`.
    mutating func remove(at index: Int) -> C {
        let change = changes.remove(at: index)
        keys.remove(Key(author: change.author, start: change.startSeq, end: change.endSeq))
        size -= change.bufferedSize
        return change
    }

    /// Removes and returns a waiting change that `isReady` accepts, dropping on the way the
    /// changes `isHeld` says were applied already; nil when none is ready.
    mutating func takeReady(isHeld: (C) -> Bool, isReady: (C) -> Bool) -> C? {
        var i = 0
        while i < changes.count {
            let change = changes[i]
            if isHeld(change) {
                _ = remove(at: i)
            } else if isReady(change) {
                return remove(at: i)
            } else {
                i += 1
            }
        }
        return nil
    }
}
