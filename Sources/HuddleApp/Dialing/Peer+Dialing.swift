import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

/// The dial loop's state: the planner, and the sleep that a change cuts short.
struct Dialing: Sendable {
    var planner: DialPlanner
    var sleeper: Task<Void, Never>?
}

extension Peer {
    /// Dials what the planner says is due now; returns when to plan again.
    func dialDue() -> Date? {
        dialing.planner.conversationPartners = conversationPartners()
        let plan = dialing.planner.plan(at: Date(), sessions: sessions.connectedPeers)
        for dial in plan.dials {
            sessions.dial(host: dial.address.hostWithZone, port: dial.address.port, expected: dial.expected, announced: dial.announced)
        }
        for peer in plan.ends { sessions.end(peer, reason: "not a neighbour on a LAN this large (changes still reach you through others)") }
        return plan.wakeAt
    }

    /// The peers this one holds a direct conversation with, at most
    /// ``maxConversationPartners`` (verified peers first): anyone can start a conversation,
    /// and each is a session kept past the overlay.
    func conversationPartners() -> Set<PeerID> {
        let all = sync.replicas.keys.compactMap { document -> PeerID? in
            guard case let .direct(a, b) = document else { return nil }
            return a == id ? b : a
        }
        guard all.count > Self.maxConversationPartners else { return Set(all) }
        let verified = sync.verified
        return Set(all.sorted { (verified.contains($0) ? 0 : 1, $0) < (verified.contains($1) ? 0 : 1, $1) }
            .prefix(Self.maxConversationPartners))
    }

    /// Most conversation partners kept in session past the overlay of a large LAN.
    static let maxConversationPartners = 32

    /// Makes sure a session with `peer` comes up soon whatever the overlay says (files go
    /// directly), and waits up to `timeout` seconds for it if the peer is on the LAN (one
    /// that is not is not waited for). Returns whether it is up.
    func needDirectSession(with peer: PeerID, timeout: Double = 5) async -> Bool {
        dialing.planner.needDirect(peer, until: Date().addingTimeInterval(600))
        wakeDialer()
        guard dialing.planner.discovered[peer] != nil else { return sessions.connectedPeers.contains { $0.id == peer } }
        let deadline = Date().addingTimeInterval(timeout)
        while !sessions.connectedPeers.contains(where: { $0.id == peer }) {
            guard Date() < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// Sleeps until `date` (nil: until woken), or until ``wakeDialer()``.
    func sleep(until date: Date?) async {
        let seconds = date.map { max(0, $0.timeIntervalSinceNow) } ?? 3600
        let sleeper = Task { _ = try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
        dialing.sleeper = sleeper
        await sleeper.value
    }

    /// Wakes the dial loop: peers appeared or left, or trust changed.
    func wakeDialer() {
        dialing.sleeper?.cancel()
    }

    /// Gives the planner the peers the trust store remembers, and the sync engine the ones
    /// the user verified (after the store changed).
    func refreshRemembered() throws(StoreError) {
        let remembered = try directory.remembered()
        dialing.planner.remembered = remembered
        blocked.set(Set(remembered.filter(\.blocked).map(\.id)))
        sync.verified = Set(remembered.filter(\.verified).map(\.id))
        tellDiscoveryWhoIsKnown()
    }

    /// Discovery lists every peer this one knows (remembered or a workspace member), and
    /// only so many strangers.
    func tellDiscoveryWhoIsKnown() {
        discovery.service?.setKnownPeers(dialing.planner.known)
    }
}
