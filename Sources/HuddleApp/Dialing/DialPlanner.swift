import Foundation
import HuddleCore
import HuddleNet

/// Decides whom to dial and when, from what discovery found, the static peers, and the
/// addresses remembered from earlier sessions. A value with no I/O and no clock: the time is
/// passed in, and each plan says when to ask again, so the dial loop sleeps until then and an
/// idle peer with everyone connected does not wake at all.
struct DialPlanner: Sendable {
    /// A peer known from an earlier session, as the trust store has it.
    struct Remembered: Equatable, Sendable {
        var id: PeerID
        /// Where it was last seen listening, newest first.
        var addresses: [PeerAddress]
        var blocked: Bool
        /// The user verified it (the planner does not care; the sync engine does).
        var verified = false
    }

    /// What to dial now, and when to plan again (nil: only when something changes).
    struct Plan: Equatable, Sendable {
        var dials: [Dial] = []
        var wakeAt: Date?
    }

    /// One dial: an address, the peer expected there if known, and whether the address came
    /// from a LAN announcement (a hint anyone can make: a wrong key there is no key change).
    struct Dial: Equatable, Sendable {
        var address: PeerAddress
        var expected: PeerID?
        var announced = false
    }

    /// This peer.
    let me: PeerID
    /// Addresses dialed always (`--peer`, the config).
    let staticPeers: [PeerAddress]
    /// Peers known from earlier sessions (refreshed when the trust store changes).
    var remembered: [Remembered] = []
    /// Whether the lobby is on: only then are peers that announce themselves dialed when
    /// they are neither remembered nor members of a shared private workspace.
    var lobby = true
    /// Members of this peer's private workspaces (dialed when announced, lobby or not).
    var members: Set<PeerID> = []
    /// Peers discovery sees now, and since when.
    private(set) var discovered: [PeerID: (peer: DiscoveredPeer, since: Date)] = [:]
    /// Per address, when it may be dialed next and the back-off that led there.
    private var attempts: [PeerAddress: (at: Date, backoff: Double)] = [:]
    /// When each peer's last session ended: one that was just here is redialed every second
    /// for a while (a cut cable, a sleeping laptop), so a healed network reconnects at once.
    private var lostAt: [PeerID: Date] = [:]
    /// The last refusal said for each address, so each reason is said once until it changes.
    private var lastRefusal: [String: String] = [:]

    /// How long a lost peer is redialed quickly, in seconds.
    static let quickRedialFor: Double = 600
    /// How long a discovered peer with a smaller ID is left to dial first, in seconds.
    static let dialerGrace: Double = 3
    /// Longest back-off between dials of one address, in seconds.
    static let maxBackoff: Double = 30
    /// Shortest sleep between plans, in seconds.
    static let minimumSleep: Double = 0.05

    /// While a join by code runs: the address the user gave (`--peer`), dialed like a static
    /// peer, and whether announcers are dialed even with the lobby off (the inviter may be
    /// one this peer never met).
    var codeJoin: (address: PeerAddress?, active: Bool) = (nil, false)

    init(me: PeerID, staticPeers: [PeerAddress]) {
        self.me = me
        self.staticPeers = staticPeers
    }

    /// Discovery found `peer` (or its announcement changed).
    mutating func found(_ peer: DiscoveredPeer, at now: Date) {
        guard peer.id != me else { return }
        discovered[peer.id] = (peer, discovered[peer.id]?.since ?? now)
    }

    /// Discovery lost `peer`.
    mutating func lost(_ peer: PeerID) {
        discovered[peer] = nil
    }

    /// A session with a peer listening at `address` came up: its back-off and refusals reset.
    mutating func established(listeningAt address: PeerAddress?) {
        guard let address else { return }
        attempts[address] = nil
        lastRefusal = lastRefusal.filter { !$0.key.hasSuffix(":\(address.port)") }
    }

    /// The session with `peer` ended at `now`.
    mutating func closed(_ peer: PeerID, at now: Date) {
        lostAt[peer] = now
    }

    /// Whether `reason` is new for `address` (and so worth saying); remembers it.
    mutating func isNewRefusal(_ reason: String, for address: String) -> Bool {
        guard lastRefusal[address] != reason else { return false }
        lastRefusal[address] = reason
        return true
    }

    /// What to dial at `now`, given the sessions that are up. Dialed addresses are booked
    /// with their next back-off (doubling to ``maxBackoff``; one second for a peer lost
    /// lately).
    mutating func plan(at now: Date, sessions: [SessionPeer]) -> Plan {
        let connected = Set(sessions.map(\.id))
        let connectedAddresses = Set(sessions.compactMap { PeerAddress(parsing: $0.address) })
        let blocked = Set(remembered.filter(\.blocked).map(\.id))
        let known = Set(remembered.map(\.id)).union(members)
        var plan = Plan()
        func wake(in seconds: Double) {
            let at = now.addingTimeInterval(max(Self.minimumSleep, seconds))
            plan.wakeAt = min(plan.wakeAt ?? at, at)
        }
        var targets: [Dial] = []
        for (id, entry) in discovered.sorted(by: { $0.key < $1.key })
        where !connected.contains(id) && !blocked.contains(id) && (lobby || codeJoin.active || known.contains(id)) {
            // The peer with the smaller ID dials; the other too if nothing came of it.
            let waited = now.timeIntervalSince(entry.since)
            guard me < id || waited > Self.dialerGrace else {
                wake(in: Self.dialerGrace + Self.minimumSleep - waited)
                continue
            }
            for host in entry.peer.addresses {
                if let address = PeerAddress(host: host, port: Int(entry.peer.port)) {
                    targets.append(Dial(address: address, expected: id, announced: true))
                }
            }
        }
        targets += staticPeers.map { Dial(address: $0, expected: nil) }
        if codeJoin.active, let address = codeJoin.address { targets.append(Dial(address: address, expected: nil)) }
        // Remembered addresses are dialed as well as announced ones: an announcement is only
        // a hint, which a stranger can make for any ID.
        for peer in remembered where !peer.blocked && !connected.contains(peer.id) {
            // While it is announced, the same rule as for its announced addresses says who
            // dials first, so two peers that know each other do not both dial at once.
            if let entry = discovered[peer.id], !(me < peer.id || now.timeIntervalSince(entry.since) > Self.dialerGrace) { continue }
            targets += peer.addresses.prefix(2).map { Dial(address: $0, expected: peer.id) }
        }
        for target in targets where !connectedAddresses.contains(target.address) {
            if target.expected == nil, Self.hasSession(listeningAt: target.address, in: sessions) { continue }
            if let next = attempts[target.address], next.at > now {
                wake(in: next.at.timeIntervalSince(now))
                continue
            }
            let recentlyLost = target.expected.flatMap { lostAt[$0] }.map { now.timeIntervalSince($0) < Self.quickRedialFor } ?? false
            let backoff = min(recentlyLost ? 1 : Self.maxBackoff, (attempts[target.address]?.backoff ?? 0.5) * 2)
            attempts[target.address] = (now.addingTimeInterval(backoff), backoff)
            wake(in: backoff)
            plan.dials.append(target)
        }
        return plan
    }

    /// Whether a session runs with the peer listening at `address` (a static peer, whose ID
    /// is not known: matched by the host it connected from and the port it listens on).
    static func hasSession(listeningAt address: PeerAddress, in sessions: [SessionPeer]) -> Bool {
        sessions.contains { session in
            session.listenPort == address.port && PeerAddress(parsing: session.address)?.host == address.host
        }
    }
}
