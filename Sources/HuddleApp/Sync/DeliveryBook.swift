import HuddleCore

/// Where this peer's own messages arrived: per chat, the highest seq of this peer's own chain
/// each peer said it holds (in its `SyncState`, or a `held` report after it stored changes).
/// Kept in memory: after a restart it fills again as peers meet and state what they hold.
/// Bounded: only chats held here, only peers that may see them, at most ``maxPeersPerChat``
/// per chat.
struct DeliveryBook: Sendable {
    private(set) var held: [DocumentID: [PeerID: UInt64]] = [:]

    /// Most peers remembered per chat (past it, only those already known rise).
    static let maxPeersPerChat = 1024

    /// Records that `peer` holds this peer's chain in `document` up to `seq`; returns the
    /// stretch of seqs that reached it now (nil: nothing new).
    mutating func record(_ peer: PeerID, holds seq: UInt64, in document: DocumentID) -> ClosedRange<UInt64>? {
        let before = held[document]?[peer]
        guard seq > (before ?? 0) else { return nil }
        guard before != nil || (held[document]?.count ?? 0) < Self.maxPeersPerChat else { return nil }
        held[document, default: [:]][peer] = seq
        return (before ?? 0) + 1...seq
    }

    /// The peers known to hold any of `document`.
    func peers(of document: DocumentID) -> [PeerID] { held[document].map { Array($0.keys) } ?? [] }

    /// Whether `peer` holds this peer's message `seq` of `document`.
    func holds(_ peer: PeerID, _ seq: UInt64, in document: DocumentID) -> Bool {
        (held[document]?[peer] ?? 0) >= seq
    }

    /// Forgets a chat (this peer left it).
    mutating func forget(_ document: DocumentID) { held[document] = nil }
}
