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

    /// What to dial now, which sessions this peer no longer needs, and when to plan again
    /// (nil: only when something changes).
    struct Plan: Equatable, Sendable {
        var dials: [Dial] = []
        /// Sessions this peer dialed that neither side's overlay keeps (a LAN that grew past
        /// the full mesh): ended with a word, so the degree stays bounded.
        var ends: [PeerID] = []
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
    /// The peers this one knows: remembered from a session, or workspace members.
    var known: Set<PeerID> { Set(remembered.map(\.id)).union(members) }
    /// A LAN with more peers than this (this one included) is not a full mesh: each keeps
    /// sessions with its ``Overlay`` neighbours, and changes are relayed the rest of the way.
    var fullMeshUpTo = Overlay.defaultFullMeshUpTo
    /// Peers this one has direct conversations with: kept whatever the overlay says, since
    /// their messages travel only between the two.
    var conversationPartners: Set<PeerID> = []
    /// Peers needed directly for a while whatever the overlay says (a file to send), and
    /// until when (``needDirect(_:until:)``).
    private(set) var direct: [PeerID: Date] = [:]
    /// Announced peers whose last dial found nothing there, until one succeeds: they do not count in the
    /// overlay's view, so fake announcements (nothing answers there) can neither push a small
    /// team past the full mesh nor take the places of real neighbours on the ring.
    private var unreachable: Set<PeerID> = []
    /// Peers discovery sees now, and since when.
    private(set) var discovered: [PeerID: (peer: DiscoveredPeer, since: Date)] = [:]
    /// Per address, when it may be dialed next and the back-off that led there.
    private var attempts: [PeerAddress: (at: Date, backoff: Double)] = [:]
    /// When each peer's last session ended: one that was just here is redialed every second
    /// for a while (a cut cable, a sleeping laptop), so a healed network reconnects at once.
    private var lostAt: [PeerID: Date] = [:]
    /// The last refusal said for each address, so each reason is said once until it changes.
    private var lastRefusal: [String: String] = [:]
    /// Per peer, the dial under way (its address) and until when it counts as under way: no
    /// other address of the peer is dialed meanwhile, so one dial makes at most one session.
    private var inFlight: [PeerID: (address: PeerAddress, until: Date)] = [:]
    /// Since when each peer has been wanted and not connected (the larger ID waits its grace
    /// from then, whether the peer was announced or remembered).
    private var wantedSince: [PeerID: Date] = [:]
    /// Jitter for back-offs, seeded from this peer's ID (plans are reproducible in tests).
    private var jitter: SplitMix64

    /// How long a lost peer is redialed quickly, in seconds.
    static let quickRedialFor: Double = 600
    /// How long a peer with a smaller ID is left to dial first, in seconds: longer than a
    /// dial can take (connect and handshake, ``dialTimeout``), so the larger ID dials only
    /// when the smaller one cannot reach it, and two dials do not cross.
    static let dialerGrace: Double = 12
    /// How long a dial counts as under way without an outcome, in seconds (a connect timeout
    /// of 3 s and a handshake that must finish within the session's 7 s handshake limit).
    static let dialTimeout: Double = 10
    /// Most dials under way at once: a peer that finds 100 others does not start 100 TLS
    /// handshakes at once (each costs both sides CPU), and sessions come up steadily.
    static let maxDialsInFlight = 8
    /// Each back-off is stretched or shrunk by up to this share, so peers that failed
    /// together do not retry together.
    static let jitterShare = 0.2
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
        jitter = SplitMix64(seed: me.bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
    }

    /// Discovery found `peer` (or its announcement changed).
    mutating func found(_ peer: DiscoveredPeer, at now: Date) {
        guard peer.id != me else { return }
        discovered[peer.id] = (peer, discovered[peer.id]?.since ?? now)
    }

    /// `peer` is needed directly until `until` (a file to send to it), overlay or not.
    mutating func needDirect(_ peer: PeerID, until: Date) {
        guard peer != me else { return }
        direct[peer] = max(direct[peer] ?? until, until)
    }

    /// Discovery lost `peer`.
    mutating func lost(_ peer: PeerID) {
        discovered[peer] = nil
        unreachable.remove(peer)
    }

    /// A session with `peer`, listening at `address`, came up: its dial is over, and the
    /// address's back-off and refusals reset.
    mutating func established(_ peer: PeerID, listeningAt address: PeerAddress?) {
        inFlight[peer] = nil
        unreachable.remove(peer)
        wantedSince[peer] = nil
        guard let address else { return }
        attempts[address] = nil
        lastRefusal = lastRefusal.filter { !$0.key.hasSuffix(":\(address.port)") }
    }

    /// A dial of `address` ended without a session (refused, timed out, another key): the
    /// peer's next address may be dialed. `nothingAnswered`: no connection at all (not a slow
    /// or refused handshake), and the peer leaves the overlay's view until a dial succeeds.
    /// Returns the peers whose dial it was.
    @discardableResult
    mutating func dialFailed(_ address: String, nothingAnswered: Bool = false) -> [PeerID] {
        guard let failed = PeerAddress(parsing: address) else { return [] }
        let peers = inFlight.filter { $0.value.address == failed }.map(\.key)
        for peer in peers {
            inFlight[peer] = nil
            if nothingAnswered { unreachable.insert(peer) }
        }
        return peers
    }

    /// The session with `peer` ended at `now`.
    mutating func closed(_ peer: PeerID, at now: Date) {
        lostAt[peer] = now
        inFlight[peer] = nil
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
        var plan = Plan()
        func wake(in seconds: Double) {
            let at = now.addingTimeInterval(max(Self.minimumSleep, seconds))
            plan.wakeAt = min(plan.wakeAt ?? at, at)
        }
        // Each wanted peer's addresses, to try one at a time: those both announced and
        // remembered first, then announced ones (fresh hints), then remembered ones (where it
        // answered before; a wrong key there is a key change, not a hint).
        var candidates: [PeerID: [Dial]] = [:]
        for peer in remembered where !peer.blocked && !connected.contains(peer.id) {
            candidates[peer.id] = peer.addresses.prefix(2).map { Dial(address: $0, expected: peer.id) }
        }
        for (id, entry) in discovered
        where !connected.contains(id) && !blocked.contains(id) && (lobby || codeJoin.active || known.contains(id)) {
            let rememberedDials = candidates[id] ?? []
            let announced = entry.peer.addresses.compactMap { PeerAddress(host: $0, port: Int(entry.peer.port)) }
            let both = rememberedDials.filter { announced.contains($0.address) }
            let fresh = announced.filter { address in !rememberedDials.contains { $0.address == address } }
                .map { Dial(address: $0, expected: id, announced: true) }
            candidates[id] = both + fresh + rememberedDials.filter { !announced.contains($0.address) }
        }
        // On a LAN too large for a full mesh, only the overlay's neighbours (and peers needed
        // directly). The overlay is of the peers discovery lists and that have not failed
        // their last dial; one not in it (a remembered address elsewhere, a static peer, an
        // announcer nothing answered for) is dialed and kept as before.
        let online = Set(discovered.keys).subtracting(unreachable).union([me])
        let overlay = Overlay(online, fullMeshUpTo: fullMeshUpTo)
        let memberOverlay = Overlay(members.intersection(online).union([me]), fullMeshUpTo: fullMeshUpTo)
        direct = direct.filter { $0.value > now }
        // Kept whatever the overlay says: peers needed directly, conversation partners, and
        // peers the user verified (whom no flood of fake announcers can push off the ring).
        let pinned = Set(direct.keys).union(conversationPartners).union(remembered.filter { $0.verified && !$0.blocked }.map(\.id))
        // Whether `a` keeps a session with `b` (one of them is this peer): by the LAN's overlay
        // or, for a workspace member, by the members' own; always for a peer off the view.
        func keeps(_ a: PeerID, _ b: PeerID) -> Bool {
            let other = a == me ? b : a
            return overlay.isFullMesh || !online.contains(other) || overlay.keeps(a, b) || (members.contains(other) && memberOverlay.keeps(a, b))
        }
        func iWant(_ id: PeerID) -> Bool { pinned.contains(id) || keeps(me, id) }
        func theyWant(_ id: PeerID) -> Bool { keeps(id, me) }
        candidates = candidates.filter { iWant($0.key) }
        if !overlay.isFullMesh {
            let statics = staticPeers + [codeJoin.address].compactMap { $0 }
            plan.ends = sessions.filter { session in
                session.dialedByUs && !iWant(session.id) && !theyWant(session.id)
                    && !statics.contains { Self.hasSession(listeningAt: $0, in: [session]) }
            }.map(\.id).sorted()
        }
        wantedSince = wantedSince.filter { candidates[$0.key] != nil }
        inFlight = inFlight.filter { $0.value.until > now && !connected.contains($0.key) }
        var dialsLeft = Self.maxDialsInFlight - inFlight.count
        for (id, dials) in candidates.sorted(by: { $0.key < $1.key }) {
            let since = wantedSince[id] ?? discovered[id]?.since ?? now
            wantedSince[id] = since
            if let dial = inFlight[id] {
                wake(in: dial.until.timeIntervalSince(now))
                continue
            }
            // The peer with the smaller ID dials; the other only if nothing came of it, or at
            // once if only this side wants the session (an overlay finger, a peer needed
            // directly), since the other will not dial.
            let waited = now.timeIntervalSince(since)
            guard me < id || waited > Self.dialerGrace || !theyWant(id) || pinned.contains(id) else {
                wake(in: Self.dialerGrace + Self.minimumSleep - waited)
                continue
            }
            // One address at a time: of those not backing off, the one tried longest ago (never
            // tried first, in order), so a failed address gives way to the next.
            let ready = dials.filter { !connectedAddresses.contains($0.address) }
            let due = ready.filter { (attempts[$0.address]?.at ?? now) <= now }
            guard let dial = due.min(by: { (attempts[$0.address]?.at ?? .distantPast) < (attempts[$1.address]?.at ?? .distantPast) }) else {
                if let next = ready.compactMap({ attempts[$0.address]?.at }).min() { wake(in: next.timeIntervalSince(now)) }
                continue
            }
            guard dialsLeft > 0 else {
                wake(in: 0.25) // when a dial under way has had time to finish
                continue
            }
            dialsLeft -= 1
            book(dial.address, recentlyLost: lostAt[id].map { now.timeIntervalSince($0) < Self.quickRedialFor } ?? false, at: now, wake: wake)
            inFlight[id] = (dial.address, now.addingTimeInterval(Self.dialTimeout))
            plan.dials.append(dial)
        }
        // Static peers (`--peer`, and the address a join by code dials), whose ID is not known.
        var statics = staticPeers.map { Dial(address: $0, expected: nil) }
        if codeJoin.active, let address = codeJoin.address { statics.append(Dial(address: address, expected: nil)) }
        for dial in statics where !connectedAddresses.contains(dial.address) && !Self.hasSession(listeningAt: dial.address, in: sessions) {
            if let next = attempts[dial.address], next.at > now {
                wake(in: next.at.timeIntervalSince(now))
                continue
            }
            book(dial.address, recentlyLost: false, at: now, wake: wake)
            plan.dials.append(dial)
        }
        return plan
    }

    /// Books a dial of `address` at `now`: its next try after a back-off that doubles (to
    /// ``maxBackoff``, or one second for a peer lost lately), with jitter.
    private mutating func book(_ address: PeerAddress, recentlyLost: Bool, at now: Date, wake: (Double) -> Void) {
        let backoff = min(recentlyLost ? 1 : Self.maxBackoff, (attempts[address]?.backoff ?? 0.5) * 2)
        let stretched = backoff * (1 + Self.jitterShare * (Double(jitter.next() % 2001) / 1000 - 1))
        attempts[address] = (now.addingTimeInterval(stretched), backoff)
        wake(stretched)
    }

    /// Whether a session runs with the peer listening at `address` (a static peer, whose ID
    /// is not known: matched by the host it connected from and the port it listens on).
    static func hasSession(listeningAt address: PeerAddress, in sessions: [SessionPeer]) -> Bool {
        sessions.contains { session in
            session.listenPort == address.port && PeerAddress(parsing: session.address)?.host == address.host
        }
    }
}
