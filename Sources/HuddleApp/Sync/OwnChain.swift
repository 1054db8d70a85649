import Foundation
import HuddleCore

/// A peer says it holds this peer's own chain in a document up to `seq`, beyond what this
/// peer holds: it lost changes (a power cut, an old backup) that the peer will now send back.
struct OwnChainClaim: Equatable, Sendable {
    var seq: UInt64
    /// When the claim was first made; it is waited on for ``SyncEngine/ownChainWait`` at most.
    var since: Date
}

/// After a start, a peer brings its own chains up to date from its peers before it writes
/// there: a change written before would reuse the seqs of the lost ones, fork its chain, and
/// have every peer that holds the old ones refuse the author's later changes.
extension SyncEngine {
    /// How long writes wait for the peer's own changes to come back. A claim that is not made
    /// good by then (a peer lying about this one's chain, to stop it writing) is dropped, and
    /// a document waits only once: later claims about it are not waited on.
    static let ownChainWait: TimeInterval = 3

    /// Remembers that a peer holds this peer's chain in `documentID` up to `claimed`.
    mutating func noteOwnChainClaim(_ claimed: UInt64, in documentID: DocumentID) {
        guard let replica = replicas[documentID], claimed > (replica.heads[replicaID]?.seq ?? 0) else { return }
        let now = clock()
        if let known = ownChainClaims[documentID], now.timeIntervalSince(known.since) < Self.ownChainWait {
            ownChainClaims[documentID]?.seq = max(known.seq, claimed)
        } else if ownChainClaims[documentID] == nil {
            ownChainClaims[documentID] = OwnChainClaim(seq: claimed, since: now)
        }
    }

    /// Sessions that come up this long after start no longer hold writes back.
    static let startWindow: TimeInterval = 10

    /// A session came up: soon after start, writes wait for its first SyncState (which may
    /// say that it holds more of this peer's chains), ``ownChainWait`` at most.
    mutating func noteSessionStarted(with peer: PeerID) {
        guard isWithinStartWindow else { return }
        awaitingFirstState[peer] = clock()
    }

    /// Whether it is soon enough after start that new sessions hold writes back.
    var isWithinStartWindow: Bool { clock().timeIntervalSince(startedAt) < Self.startWindow }

    /// Whether a session that came up after start has not said what it holds yet (posts
    /// wait for it; a note edit, made as it is typed, does not).
    var isAwaitingFirstState: Bool {
        let now = clock()
        return awaitingFirstState.values.contains { now.timeIntervalSince($0) < Self.ownChainWait }
    }

    /// Whether a change written to `documentID` now would reuse seqs a peer holds: true while
    /// a peer's claim to hold more of this peer's chain there is fresh and not yet made good.
    func isOwnChainBehind(in documentID: DocumentID) -> Bool {
        let now = clock()
        guard let claim = ownChainClaims[documentID], now.timeIntervalSince(claim.since) < Self.ownChainWait else { return false }
        return (replicas[documentID]?.heads[replicaID]?.seq ?? 0) < claim.seq
    }
}

extension Peer {
    /// Waits (at most ``SyncEngine/ownChainWait``) until the sessions that came up after start
    /// have said what they hold (including sessions the network layer has up that the engine
    /// has not heard of yet), and this peer's own earlier changes to `documentID` that a peer
    /// said it holds have come back.
    func waitForOwnChain(in documentID: DocumentID) async {
        let deadline = Date().addingTimeInterval(SyncEngine.ownChainWait)
        while Date() < deadline {
            let unannounced = sync.isWithinStartWindow && sessions.connectedPeers.contains { sync.book.known[$0.id] == nil }
            guard unannounced || sync.isAwaitingFirstState || sync.isOwnChainBehind(in: documentID) else { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
