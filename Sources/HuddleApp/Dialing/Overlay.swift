import HuddleCore

/// Whom each peer keeps sessions with when a LAN is too large for a full mesh
/// (docs/scale.md §3).
///
/// Up to ``fullMeshUpTo`` peers, everyone: one hop to each. Beyond that the peers, sorted by
/// ID, form a ring; each keeps its ``ringNeighbours`` successors and as many predecessors,
/// plus fingers a half, a quarter, an eighth ... of the ring ahead (as in Chord), so sessions
/// per peer grow with the logarithm of the LAN and any peer reaches any other in a few hops,
/// along which changes are relayed. Every peer computes the same sets from the same view, so
/// each can also tell whether the other side of a session wants it. Pure: a value built
/// from one view, tested in milliseconds.
struct Overlay: Sendable {
    /// The full mesh holds up to this many peers (issue 24: 64).
    static let defaultFullMeshUpTo = 64
    /// Ring neighbours kept on each side.
    static let ringNeighbours = 2

    /// The peers of the view, sorted by ID.
    let ring: [PeerID]
    private let position: [PeerID: Int]
    /// Whether the view is small enough for everyone to keep a session with everyone.
    let isFullMesh: Bool

    /// The overlay of the peers in `view`.
    init(_ view: Set<PeerID>, fullMeshUpTo: Int = defaultFullMeshUpTo) {
        ring = view.sorted()
        position = Dictionary(uniqueKeysWithValues: ring.enumerated().map { ($1, $0) })
        isFullMesh = ring.count <= fullMeshUpTo
    }

    /// The peers `peer` keeps sessions with (none if it is not in the view).
    func neighbours(of peer: PeerID) -> Set<PeerID> {
        guard let index = position[peer] else { return [] }
        guard !isFullMesh else { return Set(ring).subtracting([peer]) }
        let count = ring.count
        var chosen = Set<PeerID>()
        for step in 1...Self.ringNeighbours {
            chosen.insert(ring[(index + step) % count])
            chosen.insert(ring[(index - step + count) % count])
        }
        var span = count / 2
        while span > Self.ringNeighbours {
            chosen.insert(ring[(index + span) % count])
            span /= 2
        }
        chosen.remove(peer)
        return chosen
    }

    /// Whether `peer` keeps a session with `other` (cheaper than its whole set).
    func keeps(_ peer: PeerID, _ other: PeerID) -> Bool {
        guard let a = position[peer], let b = position[other], a != b else { return false }
        guard !isFullMesh else { return true }
        let count = ring.count
        let ahead = (b - a + count) % count
        if ahead <= Self.ringNeighbours || count - ahead <= Self.ringNeighbours { return true }
        var span = count / 2
        while span > Self.ringNeighbours {
            if ahead == span % count { return true }
            span /= 2
        }
        return false
    }
}
