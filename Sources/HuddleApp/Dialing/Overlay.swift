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
    /// How far ahead on the ring (mod its size) the peers each one keeps are: the ring
    /// neighbours both ways and the fingers. The same for every peer, so computed once.
    private let offsets: Set<Int>

    /// The overlay of the peers in `view`.
    init(_ view: Set<PeerID>, fullMeshUpTo: Int = defaultFullMeshUpTo) {
        ring = view.sorted()
        position = Dictionary(uniqueKeysWithValues: ring.enumerated().map { ($1, $0) })
        let count = ring.count
        isFullMesh = count <= fullMeshUpTo
        var offsets = Set<Int>()
        if !isFullMesh {
            for step in 1...Self.ringNeighbours { offsets.formUnion([step, count - step]) }
            var span = count / 2
            while span > Self.ringNeighbours {
                offsets.insert(span)
                span /= 2
            }
        }
        self.offsets = offsets
    }

    /// The peers `peer` keeps sessions with (none if it is not in the view).
    func neighbours(of peer: PeerID) -> Set<PeerID> {
        guard let index = position[peer] else { return [] }
        guard !isFullMesh else { return Set(ring).subtracting([peer]) }
        return Set(offsets.map { ring[(index + $0) % ring.count] })
    }

    /// Whether `peer` keeps a session with `other` (cheaper than its whole set).
    func keeps(_ peer: PeerID, _ other: PeerID) -> Bool {
        guard let a = position[peer], let b = position[other], a != b else { return false }
        return isFullMesh || offsets.contains((b - a + ring.count) % ring.count)
    }
}
