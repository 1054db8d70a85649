import HuddleCore
import NIOCore
import Testing
@testable import HuddleNet

/// Structure-aware random traffic into an engine: well-formed packets with extreme values
/// (TTLs near 2^32, our own names, odd classes and flags) get past the decoder, so they reach
/// the logic the libFuzzer target cannot (it covers the decoder only).
@Suite("mDNS engine under hostile traffic")
struct MDNSHostileTrafficTests {
    @Test("a known answer with TTL 2^32-1 does not overflow the half-TTL check")
    func hugeKnownAnswerTTL() {
        var (engine, now) = MDNSResponderTests.announcedEngine()
        let ptr = DNSRecord(name: MDNSServiceNames.serviceType, data: .ptr(engine.names.instance), ttl: .max)
        let query = DNSMessage.query([DNSQuestion(name: MDNSServiceNames.serviceType, type: .ptr)], knownAnswers: [ptr])
        engine.receive(query.encoded(), on: SimulatedLAN.link, from: MDNSResponderTests.asker, port: 5353, now: now)
        _ = engine.advance(now: now + .seconds(1))
    }

    @Test("a record with TTL 2^32-1 is cached with a TTL of at most 75 minutes, and its refresh time does not overflow")
    func hugeRecordTTL() {
        var cache = MDNSCache()
        var random = SplitMix64(seed: 1)
        let host = DNSName("x.local.")!
        cache.insert(DNSRecord(name: host, data: .a([10, 0, 0, 1]), ttl: .max), interfaceIndex: 2, now: SimulatedLAN.epoch, random: &random)
        #expect(cache.allEntries.first?.record.ttl == MDNSLimits.maxCachedTTL)
        #expect(cache.knownAnswers(for: DNSQuestion(name: host, type: .a), interfaceIndex: 2, now: SimulatedLAN.epoch).count == 1)
    }

    @Test("ten thousand random well-formed packets never trap the engine", arguments: [UInt64(1), 2])
    func randomTraffic(seed: UInt64) {
        var (engine, now) = MDNSResponderTests.announcedEngine()
        var random = SplitMix64(seed: seed)
        let names = [engine.names.instance, engine.names.host, MDNSServiceNames.serviceType, MDNSServiceNames.servicesEnumeration,
                     DNSName(instance: "eve", service: MDNSServiceNames.serviceType)!, DNSName("eve.local.")!, DNSName.root]
        func ttl() -> UInt32 { [0, 1, 8, 4500, .max, .max / 2 + 1, UInt32.random(in: 0...UInt32.max, using: &random)].randomElement(using: &random)! }
        func name() -> DNSName { names.randomElement(using: &random)! }
        func record() -> DNSRecord {
            let data: DNSRecordData = switch Int.random(in: 0..<7, using: &random) {
            case 0: .a([10, 0, 0, UInt8.random(in: 0...255, using: &random)])
            case 1: .aaaa([0xFE, 0x80] + [UInt8](repeating: UInt8.random(in: 0...255, using: &random), count: 14))
            case 2: .ptr(name())
            case 3: .srv(priority: 0, weight: 0, port: UInt16.random(in: 0...UInt16.max, using: &random), target: name())
            case 4: .txt([Array("id=\(SimulatedLAN.peerID(UInt8.random(in: 0...3, using: &random)).description)".utf8), Array("v=9".utf8)])
            case 5: .nsec(next: name(), types: [1, 33])
            default: .other(type: UInt16.random(in: 0...UInt16.max, using: &random), bytes: [1, 2, 3])
            }
            var record = DNSRecord(name: name(), data: data, ttl: ttl(), cacheFlush: Bool.random(using: &random))
            if Int.random(in: 0..<10, using: &random) == 0 { record.recordClass = UInt16.random(in: 0...0x7FFF, using: &random) }
            return record
        }
        for _ in 0..<10_000 {
            var message = DNSMessage()
            message.flags = [0, 0x8400, 0x0200, 0x8000, UInt16.random(in: 0...UInt16.max, using: &random)].randomElement(using: &random)!
            message.questions = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                DNSQuestion(name: name(), rawType: [1, 12, 16, 28, 33, 255].randomElement(using: &random)!,
                            recordClass: [1, 255, 3].randomElement(using: &random)!, wantsUnicastResponse: Bool.random(using: &random))
            }
            message.answers = (0..<Int.random(in: 0...4, using: &random)).map { _ in record() }
            message.authorities = (0..<Int.random(in: 0...2, using: &random)).map { _ in record() }
            message.additionals = (0..<Int.random(in: 0...2, using: &random)).map { _ in record() }
            now = now + .milliseconds(Int64.random(in: 0...300, using: &random))
            let port: UInt16 = Bool.random(using: &random) ? 5353 : 40_000
            engine.receive(message.encoded(), on: SimulatedLAN.link, from: [10, 0, 0, UInt8.random(in: 2...254, using: &random)], port: port, now: now)
            for datagram in engine.advance(now: now) {
                #expect(datagram.bytes.count <= MDNSLimits.maxPacketBytes)
            }
        }
        #expect(engine.counters.packetsReceived == 10_000)
    }
}
