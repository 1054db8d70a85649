import HuddleCore
import HuddleNet

/// The name cards this peer holds (its own, its session peers', and those of authors whose
/// changes it holds), and which card each syncing peer is still owed.
///
/// A card goes with the changes it names: a peer that passes an author's runs on passes the
/// author's card after them, once a session, so a teammate seen only through a relay is shown
/// by name. What a peer may make this one keep is bounded: cards of its own key or of authors
/// whose changes are held here (which have their own budgets), at most ``maxCards`` in all.
struct NameBook: Sendable {
    /// Most cards kept; past it, the one issued longest ago goes (never this peer's own).
    static let maxCards = 4096

    private(set) var cards: [PeerID: NameCard] = [:]
    /// This peer's own card, sent first on every session.
    private(set) var own: NameCard?
    /// Per syncing peer, the authors whose card it was sent (or that it is) this session.
    private var sent: [PeerID: Set<PeerID>] = [:]
    /// Per syncing peer, authors whose runs it was sent and whose card it was not yet.
    private var owed: [PeerID: Set<PeerID>] = [:]

    /// Sets this peer's own card.
    mutating func setOwn(_ card: NameCard) {
        own = card
        cards[card.peer] = card
    }

    /// The card of `peer`, if held.
    subscript(peer: PeerID) -> NameCard? { cards[peer] }

    /// Keeps `card` (already verified) unless a newer card of its key is held; returns whether
    /// it was kept.
    mutating func take(_ card: NameCard) -> Bool {
        let peer = card.peer
        guard peer != own?.peer else { return false }
        if let held = cards[peer], !card.supersedes(held) { return false }
        cards[peer] = card
        if cards.count > Self.maxCards,
           let oldest = cards.values.filter({ $0.peer != own?.peer }).min(by: { $0.issuedAt < $1.issuedAt }) {
            cards[oldest.peer] = nil
        }
        return cards[peer] == card
    }

    /// A session with `peer` started: it is owed this peer's card, and it knows its own.
    mutating func sessionStarted(with peer: PeerID) -> NameCard? {
        sent[peer] = Set([peer] + (own.map { [$0.peer] } ?? []))
        owed[peer] = nil
        return own
    }

    /// The session with `peer` ended.
    mutating func sessionEnded(with peer: PeerID) {
        sent[peer] = nil
        owed[peer] = nil
    }

    /// Runs by `authors` were sent to `peer`: their cards are owed to it.
    mutating func sentRuns(by authors: some Sequence<ReplicaID>, to peer: PeerID) {
        guard sent[peer] != nil else { return }
        for author in authors {
            guard let id = PeerID(digest: author.bytes), !sent[peer]!.contains(id), cards[id] != nil else { continue }
            owed[peer, default: []].insert(id)
        }
    }

    /// The next message of cards owed to `peer` (at most ``SyncMessage/maxNameCards``), marked
    /// sent; nil when none is owed.
    mutating func nextOwed(by peer: PeerID) -> SyncMessage? {
        guard var due = owed[peer], !due.isEmpty else { return nil }
        let batch = Array(due.sorted().prefix(SyncMessage.maxNameCards))
        due.subtract(batch)
        owed[peer] = due.isEmpty ? nil : due
        sent[peer, default: []].formUnion(batch)
        let held = batch.compactMap { cards[$0] }
        return held.isEmpty ? nil : .nameCards(held)
    }
}
