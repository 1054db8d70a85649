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
        let plan = dialing.planner.plan(at: Date(), sessions: sessions.connectedPeers)
        for dial in plan.dials {
            sessions.dial(host: dial.address.hostWithZone, port: dial.address.port, expected: dial.expected, announced: dial.announced)
        }
        return plan.wakeAt
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
