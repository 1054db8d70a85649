import Foundation
import HuddleCore
@testable import HuddleNet
import Testing
@testable import HuddleApp

/// The dial planner with the time passed in: every case runs in microseconds, no sockets.
@Suite("Dial planner")
struct DialPlannerTests {
    static let start = Date(timeIntervalSince1970: 1_000_000)
    static let small = PeerID(publicKey: Array(repeating: 1, count: 32))
    static let large = PeerID(publicKey: Array(repeating: 2, count: 32))
    static var ordered: (low: PeerID, high: PeerID) { small < large ? (small, large) : (large, small) }

    static func discovered(_ id: PeerID, host: String = "10.0.0.7", port: UInt16 = 47474) -> DiscoveredPeer {
        DiscoveredPeer(id: id, nickname: "bob", port: port, addresses: [host], protocolVersion: 1)
    }

    static func session(_ id: PeerID, from address: String, listening port: Int) -> SessionPeer {
        SessionPeer(id: id, publicKey: [], nickname: "bob", address: address, listenPort: port, dialedByUs: true,
                    protocolVersion: 1, capabilities: [])
    }

    @Test("the peer with the smaller ID dials a discovered peer at once; the other waits its grace, then dials too")
    func smallerIDDialsFirst() {
        let (low, high) = Self.ordered
        var lowPlanner = DialPlanner(me: low, staticPeers: [])
        lowPlanner.found(Self.discovered(high), at: Self.start)
        #expect(lowPlanner.plan(at: Self.start, sessions: []).dials.map(\.expected) == [high])

        var highPlanner = DialPlanner(me: high, staticPeers: [])
        highPlanner.found(Self.discovered(low), at: Self.start)
        let first = highPlanner.plan(at: Self.start, sessions: [])
        #expect(first.dials.isEmpty)
        let wake = try? #require(first.wakeAt)
        #expect(wake.map { $0.timeIntervalSince(Self.start) > DialPlanner.dialerGrace } == true)
        let later = highPlanner.plan(at: wake ?? Self.start, sessions: [])
        #expect(later.dials.map(\.address.description) == ["10.0.0.7:47474"])
    }

    @Test("an address that does not answer is dialed again after 1, 2, 4 ... s, never more than 30 s apart")
    func backoffDoubles() throws {
        let address = try #require(PeerAddress(parsing: "10.0.0.9:47474"))
        var planner = DialPlanner(me: Self.small, staticPeers: [address])
        var now = Self.start
        var gaps: [Double] = []
        for _ in 0..<8 {
            let plan = planner.plan(at: now, sessions: [])
            #expect(plan.dials.map(\.address) == [address])
            let wake = try #require(plan.wakeAt)
            #expect(planner.plan(at: wake.addingTimeInterval(-0.01), sessions: []).dials.isEmpty, "nothing before its time")
            gaps.append(wake.timeIntervalSince(now))
            now = wake
        }
        // Doubling to 30 s, each stretched or shrunk by up to 20% so peers do not retry together.
        for (gap, expected) in zip(gaps, [1.0, 2, 4, 8, 16, 30, 30, 30]) {
            #expect(gap >= expected * 0.8 - 0.001 && gap <= expected * 1.2 + 0.001, "\(gaps)")
        }
    }

    /// Plans at `now`, and says each dial failed at once (a refused connection); returns
    /// when the plan asked to be woken.
    static func planAndFail(_ planner: inout DialPlanner, at now: Date) throws -> Date {
        let plan = planner.plan(at: now, sessions: [])
        for dial in plan.dials { planner.dialFailed(dial.address.description) }
        return try #require(plan.wakeAt)
    }

    @Test("a peer whose session just ended is redialed every second, not after the long back-off")
    func lostPeerRedialedQuickly() throws {
        let address = try #require(PeerAddress(parsing: "10.0.0.7:47474"))
        var planner = DialPlanner(me: Self.ordered.low, staticPeers: [])
        planner.remembered = [DialPlanner.Remembered(id: Self.ordered.high, addresses: [address], blocked: false)]
        var now = Self.start
        for _ in 0..<6 { now = try Self.planAndFail(&planner, at: now) } // backed off to 30 s
        planner.established(Self.ordered.high, listeningAt: address)
        planner.closed(Self.ordered.high, at: now)
        var gaps: [Double] = []
        for _ in 0..<4 {
            let wake = try Self.planAndFail(&planner, at: now)
            gaps.append(wake.timeIntervalSince(now))
            now = wake
        }
        #expect(gaps.allSatisfy { $0 >= 0.8 - 0.001 && $0 <= 1.2 + 0.001 }, "\(gaps)")
        // Ten minutes on, the quick redial is over.
        now = now.addingTimeInterval(DialPlanner.quickRedialFor)
        for _ in 0..<6 { now = try Self.planAndFail(&planner, at: now) }
        #expect(try Self.planAndFail(&planner, at: now).timeIntervalSince(now) >= 30 * 0.8 - 0.001)
    }

    @Test("with everyone connected the planner dials nothing and asks never to be woken")
    func idleWithEveryoneConnected() throws {
        let address = try #require(PeerAddress(parsing: "127.0.0.1:47502"))
        var planner = DialPlanner(me: Self.small, staticPeers: [address])
        planner.remembered = [DialPlanner.Remembered(id: Self.large, addresses: [address], blocked: false)]
        let plan = planner.plan(at: Self.start, sessions: [Self.session(Self.large, from: "127.0.0.1:51234", listening: 47502)])
        #expect(plan == DialPlanner.Plan(dials: [], wakeAt: nil))
    }

    @Test("a blocked peer is never dialed, found on the LAN or remembered")
    func blockedNeverDialed() throws {
        let address = try #require(PeerAddress(parsing: "10.0.0.7:47474"))
        var planner = DialPlanner(me: Self.ordered.low, staticPeers: [])
        planner.remembered = [DialPlanner.Remembered(id: Self.ordered.high, addresses: [address], blocked: true)]
        planner.found(Self.discovered(Self.ordered.high), at: Self.start)
        #expect(planner.plan(at: Self.start.addingTimeInterval(60), sessions: []) == DialPlanner.Plan())
    }

    @Test("a refusal is said once until its reason changes, and again after a session at that port")
    func refusalsSaidOnce() throws {
        var planner = DialPlanner(me: Self.small, staticPeers: [])
        let said = [planner.isNewRefusal("connection refused", for: "10.0.0.7:47474"),
                    planner.isNewRefusal("connection refused", for: "10.0.0.7:47474"),
                    planner.isNewRefusal("timed out", for: "10.0.0.7:47474")]
        #expect(said == [true, false, true])
        planner.established(Self.large, listeningAt: PeerAddress(parsing: "10.0.0.7:47474"))
        let again = planner.isNewRefusal("timed out", for: "10.0.0.7:47474")
        #expect(again)
    }
}

@Suite("Peer addresses")
struct PeerAddressTests {
    @Test("host:port, [v6]:port and [v6%zone]:port parse and print back the same")
    func roundTrip() {
        for text in ["10.0.0.7:47474", "[::1]:1", "[fe80::1%eth0]:65535", "alice.local:47474"] {
            #expect(PeerAddress(parsing: text)?.description == text)
        }
        #expect(PeerAddress(parsing: "[fe80::1%eth0]:47474")?.hostWithZone == "fe80::1%eth0")
        #expect(PeerAddress(host: "fe80::2%3", port: 9)?.description == "[fe80::2%3]:9")
    }

    @Test("malformed addresses are refused: no port, bad port, bare IPv6, zone on IPv4, spaces, a huge host")
    func malformed() {
        for text in ["10.0.0.7", "10.0.0.7:0", "10.0.0.7:65536", "10.0.0.7:-1", "::1:47474", "[::1]", "[::1]47474",
                     "10.0.0.7%eth0:1", "a b:1", ":47474", "[]:1", String(repeating: "a", count: 300) + ":1",
                     "host:00000000000000047474"] {
            #expect(PeerAddress(parsing: text) == nil, "\(text)")
        }
    }
}

/// Who is dialed when the lobby is off, and announcements as hints.
extension DialPlannerTests {
    @Test("with the lobby off, a peer that only announces itself is not dialed; a remembered one or a workspace member is")
    func lobbyOffDialsOnlyKnownAnnouncers() throws {
        let (low, high) = Self.ordered
        let third = PeerID(publicKey: Array(repeating: 3, count: 32))
        var planner = DialPlanner(me: low, staticPeers: [])
        planner.lobby = false
        planner.found(Self.discovered(high, host: "10.0.0.7"), at: Self.start)
        planner.found(Self.discovered(third, host: "10.0.0.8"), at: Self.start)
        #expect(planner.plan(at: Self.start.addingTimeInterval(DialPlanner.dialerGrace + 1), sessions: []).dials.isEmpty,
                "strangers are not dialed")
        planner.members = [third]
        planner.remembered = [DialPlanner.Remembered(id: high, addresses: [], blocked: false)]
        // After the grace, whichever of the two has the smaller ID.
        let dials = planner.plan(at: Self.start.addingTimeInterval(DialPlanner.dialerGrace + 1), sessions: []).dials
        #expect(Set(dials.compactMap(\.expected)) == [high, third])
        #expect(dials.allSatisfy { $0.announced })
    }

    @Test("a remembered peer is dialed at its remembered address too while an announcement puts it elsewhere (after the announced one fails); only the announced dial is a hint")
    func rememberedAddressDialedBesideAnnouncement() throws {
        let (low, high) = Self.ordered
        let remembered = try #require(PeerAddress(parsing: "10.0.0.5:47474"))
        var planner = DialPlanner(me: low, staticPeers: [])
        planner.remembered = [DialPlanner.Remembered(id: high, addresses: [remembered], blocked: false)]
        planner.found(Self.discovered(high, host: "10.0.0.66"), at: Self.start) // a spoofer's address
        let first = planner.plan(at: Self.start, sessions: []).dials
        #expect(first.map(\.address.description) == ["10.0.0.66:47474"] && first.first?.announced == true)
        #expect(planner.plan(at: Self.start.addingTimeInterval(0.1), sessions: []).dials.isEmpty, "one dial at a time")
        planner.dialFailed("10.0.0.66:47474") // another key answered there
        let second = planner.plan(at: Self.start.addingTimeInterval(0.2), sessions: []).dials
        #expect(second.map(\.address) == [remembered] && second.first?.announced == false)
    }

    @Test("a peer announced over IPv4 and IPv6 is dialed at one address; the other only after that dial fails, never both at once")
    func oneAddressAtATime() throws {
        let (low, high) = Self.ordered
        var planner = DialPlanner(me: low, staticPeers: [])
        planner.found(DiscoveredPeer(id: high, nickname: "bob", port: 47474, addresses: ["10.0.0.7", "fe80::7%eth0"], protocolVersion: 1),
                      at: Self.start)
        #expect(planner.plan(at: Self.start, sessions: []).dials.map(\.address.description) == ["10.0.0.7:47474"])
        for step in 1...20 {
            #expect(planner.plan(at: Self.start.addingTimeInterval(Double(step) * 0.4), sessions: []).dials.isEmpty, "still under way")
        }
        planner.dialFailed("10.0.0.7:47474")
        #expect(planner.plan(at: Self.start.addingTimeInterval(8.1), sessions: []).dials.map(\.address.description) == ["[fe80::7%eth0]:47474"])
    }

    @Test("two peers that know each other over IPv4 and IPv6 make one session, whichever starts first and however late the other learns of it")
    func twoPeersOneSession() throws {
        let (low, high) = Self.ordered
        for (lowStarts, highStarts) in [(0.0, 0.0), (0.0, 5.0), (5.0, 0.0), (0.0, 11.0), (11.0, 0.0)] {
            var planners = [low: DialPlanner(me: low, staticPeers: []), high: DialPlanner(me: high, staticPeers: [])]
            let addresses = [low: ["10.0.0.1", "fe80::1%eth0"], high: ["10.0.0.2", "fe80::2%eth0"]]
            let starts = [low: Self.start.addingTimeInterval(lowStarts), high: Self.start.addingTimeInterval(highStarts)]
            var sessions: [SessionPeer] = [], made = 0
            // A dial takes 2 s (a loaded machine); then both sides have the session.
            var arriving: [(at: Date, from: PeerID, to: PeerID)] = []
            var now = Self.start
            while now < Self.start.addingTimeInterval(60) {
                // Each finds the other once both run (the later one's announcement).
                for (id, start) in starts {
                    let other = id == low ? high : low
                    let finds = max(start, starts[other]!)
                    guard finds <= now && finds > now.addingTimeInterval(-0.1) else { continue }
                    planners[id]!.found(DiscoveredPeer(id: other, nickname: "x", port: 47474, addresses: addresses[other]!, protocolVersion: 1),
                                        at: now)
                }
                for (at, from, to) in arriving where at <= now && at > now.addingTimeInterval(-0.1) {
                    made += 1
                    if sessions.isEmpty { sessions = [Self.session(to, from: "10.0.0.9:1", listening: 47474)] }
                    planners[from]!.established(to, listeningAt: nil)
                    planners[to]!.established(from, listeningAt: nil)
                }
                for id in [low, high] where starts[id]! <= now {
                    let other = id == low ? high : low
                    let connected = sessions.isEmpty ? [] : [Self.session(other, from: "10.0.0.9:1", listening: 47474)]
                    for _ in planners[id]!.plan(at: now, sessions: connected).dials {
                        arriving.append((now.addingTimeInterval(2), id, other))
                    }
                }
                now = now.addingTimeInterval(0.1)
            }
            #expect(made == 1, "low starts at \(lowStarts) s, high at \(highStarts) s: \(made) sessions made")
        }
    }

    @Test("a peer that finds 20 others starts at most 8 dials at once, the rest as those finish")
    func boundedDialsInFlight() throws {
        let others = (0..<20).map { PeerID(publicKey: Array(repeating: UInt8(10 + $0), count: 32)) }
        let me = PeerID(publicKey: Array(repeating: 0, count: 32))
        var planner = DialPlanner(me: me, staticPeers: [])
        let smaller = others.filter { me < $0 }
        for (index, id) in others.enumerated() { planner.found(Self.discovered(id, host: "10.0.1.\(index + 1)"), at: Self.start) }
        let first = planner.plan(at: Self.start, sessions: []).dials
        #expect(first.count == min(DialPlanner.maxDialsInFlight, smaller.count))
        for dial in first { planner.dialFailed(dial.address.description) }
        let next = planner.plan(at: Self.start.addingTimeInterval(0.3), sessions: []).dials
        #expect(next.count == min(DialPlanner.maxDialsInFlight, smaller.count - first.count))
        #expect(Set(next.map(\.address)).isDisjoint(with: Set(first.map(\.address))))
    }
}
