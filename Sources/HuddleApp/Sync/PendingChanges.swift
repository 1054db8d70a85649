import Foundation
import HuddleCore

/// A signed change that waits for changes it depends on. It is stored, and its author's chain
/// head moves, only once it applies, so a change whose dependency never comes cannot poison
/// the document (nor hold up its snapshots).
struct PendingChange: Sendable {
    var entry: ChangeRun.Entry
    var change: AnyChange
    /// The chain link after this change.
    var link: ChainLink
    /// The peer that sent it (each sender has a share of the room).
    var sender: PeerID
    var since: Date

    var bytes: Int { entry.change.count + entry.signature.count }
}

/// The changes of one document that wait for their dependencies: per author, the chain right
/// after its stored head, in order. Bounded in bytes per author, per sender and in all, so a
/// peer that sends changes that can never apply fills only its own share; entries that waited
/// past ``expiry`` are dropped (the peer asks again with a SyncState meanwhile).
struct PendingChanges: Sendable {
    private var chains: [ReplicaID: (key: [UInt8], changes: [PendingChange])] = [:]
    private var authorBytes: [ReplicaID: Int] = [:]
    private var senderBytes: [PeerID: Int] = [:]
    private(set) var bytes = 0
    private(set) var count = 0

    /// Most bytes of changes waiting in one document.
    static let maxBytes = 8 << 20
    /// Most of those by one author, and most sent by one peer.
    static let maxBytesPerAuthor = 2 << 20
    /// How long a change may wait.
    static let expiry: TimeInterval = 600

    /// The last waiting change of `author`: where its chain continues.
    func last(of author: ReplicaID) -> PendingChange? { chains[author]?.changes.last }

    /// Adds `change` at the end of `author`'s chain; false when a budget would be exceeded.
    mutating func append(_ change: PendingChange, by author: ReplicaID, key: [UInt8]) -> Bool {
        guard bytes + change.bytes <= Self.maxBytes, authorBytes[author, default: 0] + change.bytes <= Self.maxBytesPerAuthor,
              senderBytes[change.sender, default: 0] + change.bytes <= Self.maxBytesPerAuthor else { return false }
        chains[author, default: (key, [])].changes.append(change)
        account(change, of: author, sign: 1)
        return true
    }

    /// Removes and returns the first waiting change of some author that `canApply` accepts;
    /// nil when none does.
    mutating func takeReady(_ canApply: (AnyChange) -> Bool) -> (author: ReplicaID, key: [UInt8], change: PendingChange)? {
        for (author, chain) in chains {
            guard let first = chain.changes.first, canApply(first.change) else { continue }
            removeFirst(1, of: author)
            return (author, chain.key, first)
        }
        return nil
    }

    /// Drops `author`'s whole chain (its first change was refused); returns how many.
    mutating func drop(_ author: ReplicaID) -> Int {
        let dropped = chains[author]?.changes.count ?? 0
        removeFirst(dropped, of: author)
        return dropped
    }

    /// Drops the changes that waited since before `date`, and those after them in their
    /// chains; returns how many.
    mutating func expire(before date: Date) -> Int {
        var dropped = 0
        for (author, chain) in chains {
            guard let old = chain.changes.firstIndex(where: { $0.since < date }) else { continue }
            for change in chain.changes[old...] { account(change, of: author, sign: -1) }
            dropped += chain.changes.count - old
            if old == 0 { chains[author] = nil } else { chains[author]!.changes.removeLast(chain.changes.count - old) }
        }
        return dropped
    }

    private mutating func removeFirst(_ n: Int, of author: ReplicaID) {
        guard n > 0, let chain = chains[author] else { return }
        for change in chain.changes.prefix(n) { account(change, of: author, sign: -1) }
        if n >= chain.changes.count { chains[author] = nil } else { chains[author]!.changes.removeFirst(n) }
    }

    private mutating func account(_ change: PendingChange, of author: ReplicaID, sign: Int) {
        bytes += sign * change.bytes
        count += sign
        authorBytes[author, default: 0] += sign * change.bytes
        senderBytes[change.sender, default: 0] += sign * change.bytes
        if authorBytes[author] == 0 { authorBytes[author] = nil }
        if senderBytes[change.sender] == 0 { senderBytes[change.sender] = nil }
    }
}
