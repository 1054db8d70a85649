import Foundation
import HuddleCore
@testable import HuddleNet
import Testing
@testable import HuddleApp

/// The bounded-degree overlay of large LANs, and the dial planner following it.
@Suite("Overlay")
struct OverlayTests {
    static func peers(_ count: Int, seed: UInt64) -> [PeerID] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in PeerID(publicKey: (0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
    }

    /// The sessions of the LAN: a pair has one if either side keeps the other.
    static func edges(_ overlay: Overlay) -> [PeerID: Set<PeerID>] {
        var edges: [PeerID: Set<PeerID>] = [:]
        for peer in overlay.ring {
            for other in overlay.neighbours(of: peer) {
                edges[peer, default: []].insert(other)
                edges[other, default: []].insert(peer)
            }
        }
        return edges
    }

    /// Hops from `source` to the farthest peer (nil if some peer cannot be reached).
    static func eccentricity(of source: PeerID, _ edges: [PeerID: Set<PeerID>], count: Int) -> Int? {
        var distance = [source: 0], frontier = [source]
        while !frontier.isEmpty {
            var next: [PeerID] = []
            for peer in frontier {
                for other in edges[peer] ?? [] where distance[other] == nil {
                    distance[other] = distance[peer]! + 1
                    next.append(other)
                }
            }
            frontier = next
        }
        return distance.count == count ? distance.values.max() : nil
    }

    @Test("up to 64 peers everyone keeps a session with everyone")
    func fullMeshUpTo64() {
        let ids = Self.peers(64, seed: 1)
        let overlay = Overlay(Set(ids))
        #expect(overlay.isFullMesh)
        for peer in ids { #expect(overlay.neighbours(of: peer).count == 63) }
    }

    @Test("past 64, sessions per peer grow with the logarithm of the LAN, and every peer reaches every other in a few hops",
          arguments: [(65, 3), (100, 4), (1_000, 5), (10_000, 7)])
    func boundedDegreeSmallDiameter(count: Int, maxHops: Int) throws {
        let seed = UInt64(count)
        let ids = Self.peers(count, seed: seed)
        let overlay = Overlay(Set(ids))
        #expect(!overlay.isFullMesh)
        let log2 = Int(ceil(log(Double(count)) / log(2.0)))
        let edges = Self.edges(overlay)
        let degrees = ids.map { edges[$0]?.count ?? 0 }
        // Kept by itself: 4 ring neighbours and under log2 N fingers; kept by others: the
        // mirror of the same; so at most twice that, and on average much less.
        #expect(degrees.max()! <= 2 * (4 + log2), "seed \(seed): degree \(degrees.max()!) at \(count) peers")
        #expect(Double(degrees.reduce(0, +)) / Double(count) <= Double(4 + log2) * 1.5, "seed \(seed)")
        let sources = count <= 1_000 ? ids : Array(ids.prefix(20))
        for source in sources.prefix(count <= 100 ? count : 40) {
            let hops = try #require(Self.eccentricity(of: source, edges, count: count), "seed \(seed): the overlay is not connected")
            #expect(hops <= maxHops, "seed \(seed): \(hops) hops from \(source.short) at \(count) peers")
        }
    }

    @Test("keeps(a, b) says the same as neighbours(of: a), and the ring is kept from both sides")
    func keepsAgreesWithNeighbours() {
        for seed in UInt64(1)...5 {
            let ids = Self.peers(80 + Int(seed) * 37, seed: seed)
            let overlay = Overlay(Set(ids))
            for peer in ids.prefix(30) {
                let set = overlay.neighbours(of: peer)
                for other in ids { #expect(overlay.keeps(peer, other) == set.contains(other), "seed \(seed)") }
            }
            for (index, peer) in overlay.ring.enumerated() {
                let next = overlay.ring[(index + 1) % overlay.ring.count]
                #expect(overlay.keeps(peer, next) && overlay.keeps(next, peer), "seed \(seed)")
            }
        }
    }

    // MARK: the planner on a large LAN

    static let start = Date(timeIntervalSince1970: 1_000_000)

    static func lan(_ count: Int, seed: UInt64) -> (me: PeerID, planner: DialPlanner, others: [PeerID]) {
        let ids = peers(count, seed: seed)
        var planner = DialPlanner(me: ids[0], staticPeers: [])
        for (index, id) in ids.enumerated().dropFirst() {
            planner.found(DiscoveredPeer(id: id, nickname: "p\(index)", port: 47474, addresses: ["10.0.\(index / 250).\(index % 250 + 1)"],
                                         protocolVersion: 1), at: start)
        }
        return (ids[0], planner, Array(ids.dropFirst()))
    }

    @Test("on a LAN of 100 the planner dials only the overlay's neighbours, the ones only this side keeps at once")
    func plannerDialsNeighboursOnly() {
        var (me, planner, others) = Self.lan(100, seed: 7)
        let overlay = Overlay(Set(others + [me]))
        let neighbours = overlay.neighbours(of: me)
        var dialed = Set<PeerID>()
        var now = Self.start
        for _ in 0..<40 { // a minute of plans; nobody answers, every dial times out
            let plan = planner.plan(at: now, sessions: [])
            for dial in plan.dials { if let id = dial.expected { dialed.insert(id) } }
            now = now.addingTimeInterval(DialPlanner.dialTimeout / 4)
        }
        #expect(dialed == neighbours, "dialed \(dialed.count), neighbours \(neighbours.count)")
        var fresh = Self.lan(100, seed: 7).planner
        let atOnce = Set(fresh.plan(at: Self.start, sessions: []).dials.compactMap(\.expected))
        let onlyMine = neighbours.filter { me > $0 && !overlay.keeps($0, me) }
        #expect(onlyMine.isSubset(of: atOnce) || atOnce.count == DialPlanner.maxDialsInFlight,
                "a finger the other side does not keep is dialed without waiting the grace")
    }

    @Test("on a large LAN a conversation partner, a peer needed directly and a verified peer are dialed though not neighbours")
    func directPeersAreDialed() throws {
        var (me, planner, others) = Self.lan(100, seed: 8)
        let overlay = Overlay(Set(others + [me]))
        let strangers = others.filter { !overlay.keeps(me, $0) && !overlay.keeps($0, me) }
        let partner = try #require(strangers.first), needed = try #require(strangers.last)
        let verified = strangers[strangers.count / 2]
        planner.conversationPartners = [partner]
        planner.needDirect(needed, until: Self.start.addingTimeInterval(60))
        planner.remembered = [DialPlanner.Remembered(id: verified, addresses: [], blocked: false, verified: true)]
        var dialed = Set<PeerID>()
        var now = Self.start
        for _ in 0..<40 {
            for dial in planner.plan(at: now, sessions: []).dials { if let id = dial.expected { dialed.insert(id) } }
            now = now.addingTimeInterval(DialPlanner.dialTimeout / 4)
        }
        #expect(dialed.contains(partner) && dialed.contains(needed) && dialed.contains(verified))
    }

    @Test("a flood of fake announcers whose dials fail does not count: a team of 11 among 200 fakes stays a full mesh")
    func fakeAnnouncersDoNotShapeTheOverlay() {
        let team = Self.peers(11, seed: 21), fakes = Self.peers(200, seed: 22)
        let me = team[0]
        var planner = DialPlanner(me: me, staticPeers: [])
        var hosts: [String: PeerID] = [:]
        for (index, id) in (team.dropFirst() + fakes).enumerated() {
            let host = "10.1.\(index / 250).\(index % 250 + 1)"
            hosts[host + ":47474"] = id
            planner.found(DiscoveredPeer(id: id, nickname: "p\(index)", port: 47474, addresses: [host], protocolVersion: 1), at: Self.start)
        }
        let fakeSet = Set(fakes)
        var dialedTeam = Set<PeerID>(), sessions: [SessionPeer] = []
        var now = Self.start
        for _ in 0..<600 { // ten minutes in one-second steps: fakes refuse, teammates answer
            let plan = planner.plan(at: now, sessions: sessions)
            for dial in plan.dials {
                guard let id = hosts[dial.address.description] else { continue }
                if fakeSet.contains(id) {
                    planner.dialFailed(dial.address.description, nothingAnswered: true)
                } else {
                    dialedTeam.insert(id)
                    planner.established(id, listeningAt: dial.address)
                    sessions.append(SessionPeer(id: id, publicKey: [], nickname: "t", address: dial.address.description, listenPort: 47474,
                                                dialedByUs: true, protocolVersion: 1, capabilities: []))
                }
            }
            #expect(plan.ends.isEmpty || now < Self.start.addingTimeInterval(60), "a teammate's session ended at \(now)")
            now = now.addingTimeInterval(1)
        }
        #expect(dialedTeam == Set(team.dropFirst()), "\(dialedTeam.count) of 10 teammates in session")
    }

    @Test("a session this peer dialed that neither side keeps is ended; one the other side dialed is never")
    func unneededSessionsEnd() throws {
        var (me, planner, others) = Self.lan(100, seed: 9)
        let overlay = Overlay(Set(others + [me]))
        let strangers = others.filter { !overlay.keeps(me, $0) && !overlay.keeps($0, me) }
        let mine = try #require(strangers.first), theirs = try #require(strangers.last)
        let neighbour = try #require(overlay.neighbours(of: me).first)
        func session(_ id: PeerID, dialedByUs: Bool) -> SessionPeer {
            SessionPeer(id: id, publicKey: [], nickname: "x", address: "10.9.9.9:1", listenPort: 47474, dialedByUs: dialedByUs,
                        protocolVersion: 1, capabilities: [])
        }
        let plan = planner.plan(at: Self.start, sessions: [session(mine, dialedByUs: true), session(theirs, dialedByUs: false),
                                                            session(neighbour, dialedByUs: true)])
        #expect(plan.ends == [mine])
        // A static peer's session and a peer not seen on the LAN (a remembered address
        // elsewhere) are kept, or they would be redialed at once: a flap.
        let offLAN = Self.peers(1, seed: 99)[0]
        var withStatic = DialPlanner(me: me, staticPeers: [PeerAddress(parsing: "10.9.9.9:47474")!])
        for (index, id) in others.enumerated() {
            withStatic.found(DiscoveredPeer(id: id, nickname: "p\(index)", port: 47474, addresses: ["10.0.0.\(index + 1)"],
                                            protocolVersion: 1), at: Self.start)
        }
        let kept = withStatic.plan(at: Self.start, sessions: [session(mine, dialedByUs: true), session(offLAN, dialedByUs: true)])
        #expect(kept.ends.isEmpty, "the static peer at 10.9.9.9:47474 and the off-LAN peer stay")
        var small = DialPlanner(me: me, staticPeers: [])
        small.found(DiscoveredPeer(id: mine, nickname: "x", port: 1, addresses: ["10.0.0.2"], protocolVersion: 1), at: Self.start)
        #expect(small.plan(at: Self.start, sessions: [session(mine, dialedByUs: true)]).ends.isEmpty, "a small LAN is a full mesh")
    }
}
