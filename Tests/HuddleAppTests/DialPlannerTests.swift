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
        #expect(gaps == [1, 2, 4, 8, 16, 30, 30, 30])
    }

    @Test("a peer whose session just ended is redialed every second, not after the long back-off")
    func lostPeerRedialedQuickly() throws {
        let address = try #require(PeerAddress(parsing: "10.0.0.7:47474"))
        var planner = DialPlanner(me: Self.small, staticPeers: [])
        planner.remembered = [DialPlanner.Remembered(id: Self.large, addresses: [address], blocked: false)]
        var now = Self.start
        for _ in 0..<6 { now = try #require(planner.plan(at: now, sessions: []).wakeAt) } // backed off to 30 s
        planner.established(listeningAt: address)
        planner.closed(Self.large, at: now)
        var gaps: [Double] = []
        for _ in 0..<4 {
            let wake = try #require(planner.plan(at: now, sessions: []).wakeAt)
            gaps.append(wake.timeIntervalSince(now))
            now = wake
        }
        #expect(gaps == [1, 1, 1, 1])
        // Ten minutes on, the quick redial is over.
        now = now.addingTimeInterval(DialPlanner.quickRedialFor)
        for _ in 0..<6 { now = try #require(planner.plan(at: now, sessions: []).wakeAt) }
        #expect(try #require(planner.plan(at: now, sessions: []).wakeAt).timeIntervalSince(now) == 30)
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
        planner.established(listeningAt: PeerAddress(parsing: "10.0.0.7:47474"))
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

    @Test("a remembered peer is dialed at its remembered address too while an announcement puts it elsewhere; only the announced dial is a hint")
    func rememberedAddressDialedBesideAnnouncement() throws {
        let (low, high) = Self.ordered
        let remembered = try #require(PeerAddress(parsing: "10.0.0.5:47474"))
        var planner = DialPlanner(me: low, staticPeers: [])
        planner.remembered = [DialPlanner.Remembered(id: high, addresses: [remembered], blocked: false)]
        planner.found(Self.discovered(high, host: "10.0.0.66"), at: Self.start) // a spoofer's address
        let dials = planner.plan(at: Self.start, sessions: []).dials
        #expect(dials.map(\.address.description).sorted() == ["10.0.0.5:47474", "10.0.0.66:47474"])
        #expect(dials.first { $0.address == remembered }?.announced == false)
        #expect(dials.first { $0.address != remembered }?.announced == true)
    }
}
