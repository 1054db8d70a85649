import HuddleCore
import NIOCore
import Testing
@testable import HuddleNet

/// The peer view kept per changed name (each packet costs what it names), checked against a
/// rebuild from the whole cache; the cap on strangers; the per-source rates.
@Suite("mDNS peer view: index, stranger cap, source rates")
struct MDNSPeerIndexTests {
    static let service = MDNSServiceNames.serviceType

    static func id(_ n: Int) -> PeerID { PeerID(publicKey: [UInt8(n & 0xFF), UInt8(n >> 8)] + [UInt8](repeating: 7, count: 30)) }

    /// A response announcing peer `n` as instance `nick` on `host` at `address`.
    static func announcement(_ n: Int, nick: String, host: String, address: [UInt8], ttl: UInt32 = 120) -> [UInt8] {
        let instance = DNSName(instance: nick, service: service)!, hostName = DNSName("\(host).local.")!
        var message = DNSMessage()
        message.flags = 0x8400
        message.answers = [
            DNSRecord(name: service, data: .ptr(instance), ttl: ttl),
            DNSRecord(name: instance, data: .srv(priority: 0, weight: 0, port: 47_000, target: hostName), ttl: ttl, cacheFlush: true),
            DNSRecord(name: instance, data: .txt([Array("id=\(id(n).description)".utf8), Array("v=1".utf8)]), ttl: ttl, cacheFlush: true),
        ]
        message.additionals = [DNSRecord(name: hostName, data: .a(address), ttl: ttl, cacheFlush: true)]
        return message.encoded()
    }

    func fullView(_ engine: MDNSEngine) -> [PeerID: DiscoveredPeer] {
        MDNSPeerIndex.fullView(cache: engine.cache, me: engine.names.peerID, interfaceName: { engine.interface($0)?.name })
    }

    @Test("after every packet of random traffic the view kept per changed name equals a rebuild from the whole cache, and the events add up to it",
          arguments: [UInt64(1), 2, 3, 4])
    func indexMatchesFullRebuild(seed: UInt64) {
        var (engine, now) = MDNSResponderTests.announcedEngine()
        engine.knownPeers = Set((0..<6).map(Self.id))
        var random = SplitMix64(seed: seed)
        let instances = (0..<6).map { DNSName(instance: "p\($0)", service: Self.service)! }
        let hosts = (0..<4).map { DNSName("h\($0).local.")! }
        var seen: [PeerID: DiscoveredPeer] = [:]
        for step in 0..<2_000 {
            func ttl() -> UInt32 { [0, 0, 2, 10, 120].randomElement(using: &random)! }
            var message = DNSMessage()
            message.flags = 0x8400
            message.answers = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                let data: DNSRecordData
                let name: DNSName
                switch Int.random(in: 0..<5, using: &random) {
                case 0:
                    name = instances.randomElement(using: &random)!
                    data = .srv(priority: 0, weight: 0, port: UInt16.random(in: 1...3, using: &random), target: hosts.randomElement(using: &random)!)
                case 1:
                    name = instances.randomElement(using: &random)!
                    data = .txt(Int.random(in: 0..<8, using: &random) == 0 ? [Array("id=nonsense".utf8)]
                                : [Array("id=\(Self.id(Int.random(in: 0..<6, using: &random)).description)".utf8)])
                case 2:
                    name = hosts.randomElement(using: &random)!
                    data = .a([10, 0, 0, UInt8.random(in: 20...23, using: &random)])
                case 3:
                    name = hosts.randomElement(using: &random)!
                    data = .aaaa([0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [UInt8.random(in: 1...3, using: &random)])
                default:
                    name = Self.service
                    data = .ptr(instances.randomElement(using: &random)!)
                }
                return DNSRecord(name: name, data: data, ttl: ttl(), cacheFlush: Bool.random(using: &random))
            }
            now = now + .milliseconds(Int64.random(in: 0...1_500, using: &random))
            engine.receive(message.encoded(), on: SimulatedLAN.link, from: [10, 0, 0, UInt8.random(in: 100...200, using: &random)],
                           port: 5353, now: now)
            _ = engine.advance(now: now)
            for event in engine.takeEvents() {
                switch event {
                case let .found(peer): seen[peer.id] = peer
                case let .lost(id): seen[id] = nil
                }
            }
            let full = fullView(engine)
            #expect(engine.peerView == full, "seed \(seed), step \(step)")
            #expect(seen == full, "seed \(seed), step \(step): the events do not add up to the view")
            if engine.peerView != full || seen != full { return }
        }
    }

    @Test("a flood of 300 fake announcers lists at most 256 strangers, the most recently heard; a known peer is listed whatever the flood")
    func strangerCap() {
        var (engine, now) = MDNSResponderTests.announcedEngine()
        let teammate = 1_000
        engine.knownPeers = [Self.id(teammate)]
        engine.receive(Self.announcement(teammate, nick: "teammate", host: "tm", address: [10, 0, 0, 5]), on: SimulatedLAN.link,
                       from: [10, 0, 0, 5], port: 5353, now: now)
        for n in 0..<300 {
            now = now + .milliseconds(2)
            // 40 sources, each announcing no more new instances than its burst allows.
            let source: [UInt8] = [10, 0, 0, UInt8(10 + n % 40)]
            engine.receive(Self.announcement(n, nick: "fake\(n)", host: "f\(n)", address: source), on: SimulatedLAN.link,
                           from: source, port: 5353, now: now)
        }
        let strangers = engine.peerView.keys.filter { $0 != Self.id(teammate) }
        #expect(strangers.count == MDNSLimits.maxStrangers)
        #expect(engine.peerView[Self.id(teammate)] != nil, "the known teammate stays listed")
        #expect(Set(strangers) == Set((300 - MDNSLimits.maxStrangers..<300).map(Self.id)), "the most recently heard are listed")
        #expect(engine.counters.strangersNotListed == 0, "each newer one displaced an older one")
        #expect(engine.counters.rateLimited == 0)
    }

    @Test("one source announcing 50 new instances at once gets its burst listed and the rest dropped and counted; another host is not slowed")
    func newInstanceRatePerSource() {
        var (engine, now) = MDNSResponderTests.announcedEngine()
        for n in 0..<50 {
            now = now + .milliseconds(2)
            engine.receive(Self.announcement(n, nick: "flood\(n)", host: "fl\(n)", address: [10, 0, 0, 66]), on: SimulatedLAN.link,
                           from: [10, 0, 0, 66], port: 5353, now: now)
        }
        engine.receive(Self.announcement(500, nick: "honest", host: "honest", address: [10, 0, 0, 77]), on: SimulatedLAN.link,
                       from: [10, 0, 0, 77], port: 5353, now: now)
        #expect(engine.peerView.count == 9, "8 from the flooding host (its burst), and the honest one")
        #expect(engine.peerView[Self.id(500)] != nil)
        #expect(engine.counters.rateLimited == 42)
        // The flooding host's announcements that are known instances again cost it no budget.
        now = now + .milliseconds(2)
        engine.receive(Self.announcement(0, nick: "flood0", host: "fl0", address: [10, 0, 0, 66]), on: SimulatedLAN.link,
                       from: [10, 0, 0, 66], port: 5353, now: now)
        #expect(engine.counters.rateLimited == 42)
    }

    @Test("one source sending 1,000 packets in a second has the excess over its packet rate dropped and counted")
    func packetRatePerSource() {
        var (engine, now) = MDNSResponderTests.announcedEngine()
        let packet = Self.announcement(1, nick: "chatty", host: "chatty", address: [10, 0, 0, 88])
        for _ in 0..<1_000 {
            now = now + .milliseconds(1)
            engine.receive(packet, on: SimulatedLAN.link, from: [10, 0, 0, 88], port: 5353, now: now)
        }
        #expect(engine.counters.rateLimited >= 1_000 - 400 - 201 && engine.counters.rateLimited <= 1_000 - 400)
        #expect(engine.peerView[Self.id(1)] != nil)
    }
}
