import HuddleCore
import NIOCore
import Testing
@testable import HuddleNet

/// One engine that has finished probing and announcing, fed hand-made packets.
@Suite("mDNS responder: answers, delays, known answers, rate limits, QU, legacy unicast")
struct MDNSResponderTests {
    static let me: [UInt8] = [10, 0, 0, 1]
    static let asker: [UInt8] = [10, 0, 0, 9]
    let link = SimulatedLAN.link
    let service = MDNSServiceNames.serviceType

    /// An engine past its announcements, and the time then.
    static func announcedEngine() -> (MDNSEngine, NIODeadline) {
        var engine = MDNSEngine(configuration: DiscoveryConfiguration(nickname: "ada", peerID: SimulatedLAN.peerID(1), port: 47_000),
                                random: SplitMix64(seed: 7))
        var now = SimulatedLAN.epoch
        engine.setInterfaces([SimulatedLAN.interface(me)], now: now)
        engine.start(now: now)
        while let next = engine.nextDeadline, next < now + .seconds(3) {
            now = next
            _ = engine.advance(now: now)
        }
        #expect(engine.prober.phase == .announced)
        // Later than MDNSTiming.ownPacketMemory after its last browse query: a hand-made
        // query identical to it would otherwise be taken for its echo.
        return (engine, now + .milliseconds(2_500))
    }

    func ask(_ engine: inout MDNSEngine, _ message: DNSMessage, at now: NIODeadline, port: UInt16 = 5353) {
        engine.receive(message.encoded(), on: link, from: Self.asker, port: port, now: now)
    }

    /// Everything the engine sends from `start` for `span`, with times.
    func collect(_ engine: inout MDNSEngine, from start: NIODeadline, for span: TimeAmount) -> [(NIODeadline, MDNSDatagram)] {
        var out: [(NIODeadline, MDNSDatagram)] = engine.advance(now: start).map { (start, $0) }
        var now = start
        while let next = engine.nextDeadline, next <= start + span {
            now = max(now, next)
            out += engine.advance(now: now).map { (now, $0) }
        }
        return out.filter { (try? DNSMessage(decoding: $0.1.bytes))?.isResponse == true }
    }

    @Test("a PTR question is answered after 20-120 ms with SRV, TXT and A as additionals")
    func answersBrowse() throws {
        var (engine, now) = Self.announcedEngine()
        ask(&engine, .query([DNSQuestion(name: service, type: .ptr)]), at: now)
        let sent = collect(&engine, from: now, for: .seconds(1))
        try #require(sent.count == 1)
        let delay = sent[0].0 - now
        #expect(delay >= .milliseconds(20) && delay <= .milliseconds(120))
        let message = try DNSMessage(decoding: sent[0].1.bytes)
        #expect(message.answers.map(\.type) == [DNSRecordType.ptr.rawValue])
        #expect(Set(message.additionals.map(\.type)) == [33, 16, 1])
        #expect(sent[0].1.destination == .multicast)
    }

    @Test("a question for a unique record (SRV) is answered at once")
    func answersUniqueAtOnce() throws {
        var (engine, now) = Self.announcedEngine()
        ask(&engine, .query([DNSQuestion(name: engine.names.instance, type: .srv)]), at: now)
        let sent = collect(&engine, from: now, for: .seconds(1))
        try #require(sent.count == 1)
        #expect(sent[0].0 == now)
        let message = try DNSMessage(decoding: sent[0].1.bytes)
        #expect(message.answers.first?.cacheFlush == true)
        #expect(message.additionals.map(\.type) == [1]) // the address of the SRV target
    }

    @Test("known-answer suppression: no answer when the asker lists our record with at least half its TTL")
    func knownAnswerSuppression() throws {
        var (engine, now) = Self.announcedEngine()
        let ptr = DNSRecord(name: service, data: .ptr(engine.names.instance), ttl: MDNSTiming.recordTTL / 2)
        ask(&engine, .query([DNSQuestion(name: service, type: .ptr)], knownAnswers: [ptr]), at: now)
        #expect(collect(&engine, from: now, for: .seconds(1)).isEmpty)
        var stale = ptr
        stale.ttl = MDNSTiming.recordTTL / 2 - 1
        ask(&engine, .query([DNSQuestion(name: service, type: .ptr)], knownAnswers: [stale]), at: now + .seconds(1))
        #expect(collect(&engine, from: now + .seconds(1), for: .seconds(1)).count == 1)
    }

    @Test("a record is multicast at most once per second per interface (RFC 6762 §6.2)")
    func rateLimit() throws {
        var (engine, now) = Self.announcedEngine()
        let question = DNSQuestion(name: engine.names.instance, type: .srv)
        ask(&engine, .query([question]), at: now)
        _ = collect(&engine, from: now, for: .milliseconds(100))
        ask(&engine, .query([question]), at: now + .milliseconds(200))
        let sent = collect(&engine, from: now + .milliseconds(200), for: .seconds(2))
        try #require(sent.count == 1)
        #expect(sent[0].0 == now + .seconds(1))
    }

    @Test("a probe for our name is defended at once, even within the one-second limit")
    func probeDefence() throws {
        var (engine, now) = Self.announcedEngine()
        let name = engine.names.instance
        ask(&engine, .query([DNSQuestion(name: name, type: .srv)]), at: now)
        _ = collect(&engine, from: now, for: .milliseconds(10))
        var probe = DNSMessage.query([DNSQuestion(name: name, type: .any)])
        probe.authorities = [DNSRecord(name: name, data: .srv(priority: 0, weight: 0, port: 1, target: DNSName("other.local.")!), ttl: 8)]
        ask(&engine, probe, at: now + .milliseconds(300))
        let sent = collect(&engine, from: now + .milliseconds(300), for: .milliseconds(100))
        try #require(sent.count == 1)
        #expect(sent[0].0 == now + .milliseconds(300))
    }

    @Test("a QU question for a record multicast moments ago is answered by unicast")
    func unicastResponse() throws {
        var (engine, announced) = Self.announcedEngine()
        // More than a quarter of the TTL after the announcements: not multicast recently.
        let now = announced + .seconds(Int64(MDNSTiming.recordTTL) / 4 + 1)
        let question = DNSQuestion(name: engine.names.instance, type: .txt, wantsUnicastResponse: true)
        ask(&engine, .query([question]), at: now)
        let first = collect(&engine, from: now, for: .milliseconds(50))
        #expect(first.map(\.1.destination) == [.multicast]) // not multicast recently: everyone gets it
        ask(&engine, .query([question]), at: now + .milliseconds(100))
        let second = collect(&engine, from: now + .milliseconds(100), for: .milliseconds(50))
        #expect(second.map(\.1.destination) == [.unicast(address: Self.asker, port: 5353)])
    }

    @Test("a legacy query (source port not 5353) gets a unicast reply with its ID and TTLs of at most 10 s")
    func legacyUnicast() throws {
        var (engine, now) = Self.announcedEngine()
        var query = DNSMessage.query([DNSQuestion(name: service, type: .ptr)])
        query.id = 0x4242
        ask(&engine, query, at: now, port: 40_000)
        let sent = engine.advance(now: now)
        try #require(sent.count == 1)
        #expect(sent[0].destination == .unicast(address: Self.asker, port: 40_000))
        let reply = try DNSMessage(decoding: sent[0].bytes)
        #expect(reply.id == 0x4242 && reply.questions == query.questions)
        #expect(reply.answers.allSatisfy { $0.ttl <= 10 && !$0.cacheFlush })
    }

    @Test("queries for names that are not ours get no answer")
    func ignoresOthers() {
        var (engine, now) = Self.announcedEngine()
        ask(&engine, .query([DNSQuestion(name: DNSName("_http._tcp.local.")!, type: .ptr),
                             DNSQuestion(name: DNSName("bob._huddle._tcp.local.")!, type: .srv)]), at: now)
        #expect(collect(&engine, from: now, for: .seconds(1)).isEmpty)
    }

    @Test("nothing is answered while still probing")
    func silentWhileProbing() {
        var engine = MDNSEngine(configuration: DiscoveryConfiguration(nickname: "ada", peerID: SimulatedLAN.peerID(1), port: 1),
                                random: SplitMix64(seed: 7))
        let now = SimulatedLAN.epoch
        engine.setInterfaces([SimulatedLAN.interface(Self.me)], now: now)
        engine.start(now: now)
        engine.receive(DNSMessage.query([DNSQuestion(name: service, type: .ptr)]).encoded(), on: link, from: Self.asker, port: 5353, now: now)
        #expect(collect(&engine, from: now, for: .milliseconds(500)).isEmpty)
    }

    @Test("an off-link source is dropped and counted")
    func offLink() {
        var (engine, now) = Self.announcedEngine()
        engine.receive(DNSMessage.query([DNSQuestion(name: service, type: .ptr)]).encoded(), on: link, from: [192, 168, 9, 9], port: 5353, now: now)
        #expect(engine.counters.offLink == 1 && engine.counters.packetsDropped == 1)
        #expect(collect(&engine, from: now, for: .seconds(1)).isEmpty)
        // An IPv6 link-local source is always on-link; a global one outside our prefixes is not.
        let v6 = MDNSInterface(index: 2, name: "eth0", ipv4: [], ipv6: [MDNSSubnet(address: [0x20, 0x01, 0xd, 0xb8] + [UInt8](repeating: 0, count: 12), prefixLength: 64)])
        #expect(v6.isOnLink([0xFE, 0x80] + [UInt8](repeating: 1, count: 14)))
        #expect(v6.isOnLink([0x20, 0x01, 0xd, 0xb8, 0, 0, 0, 0] + [UInt8](repeating: 7, count: 8)))
        #expect(!v6.isOnLink([0x20, 0x01, 0xd, 0xb8, 0, 0, 0, 1] + [UInt8](repeating: 7, count: 8)))
    }

    @Test("malformed packets are dropped and counted, and the engine keeps working")
    func malformed() throws {
        var (engine, now) = Self.announcedEngine()
        for garbage: [UInt8] in [[], [0, 0, 0x84], [UInt8](repeating: 0xFF, count: 40), [UInt8](repeating: 0, count: 9001)] {
            engine.receive(garbage, on: link, from: Self.asker, port: 5353, now: now)
        }
        #expect(engine.counters.malformed == 4 && engine.counters.packetsDropped == 4)
        ask(&engine, .query([DNSQuestion(name: engine.names.instance, type: .srv)]), at: now)
        #expect(collect(&engine, from: now, for: .milliseconds(10)).count == 1)
    }

    @Test("our own packets coming back are recognised by content and ignored")
    func ownPackets() {
        var (engine, now) = Self.announcedEngine()
        ask(&engine, .query([DNSQuestion(name: engine.names.instance, type: .srv)]), at: now)
        let sent = engine.advance(now: now)
        #expect(sent.count == 1)
        let before = engine.counters
        // On lo the echo comes from 127.0.0.1 like everything else; only content tells.
        engine.receive(sent[0].bytes, on: link, from: Self.me, port: 5353, now: now)
        #expect(engine.counters.ownPackets == before.ownPackets + 1)
        #expect(engine.counters.conflicts == 0 && engine.peerView.isEmpty)
    }

    @Test("stop sends every record with TTL 0")
    func goodbyes() throws {
        var (engine, now) = Self.announcedEngine()
        let sent = engine.stop(now: now)
        try #require(sent.count == 1)
        let message = try DNSMessage(decoding: sent[0].bytes)
        #expect(message.answers.count == 5 && message.answers.allSatisfy { $0.ttl == 0 })
        #expect(engine.advance(now: now + .seconds(5)).isEmpty && engine.nextDeadline == nil)
    }
}
