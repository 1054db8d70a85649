import HuddleCore
import NIOCore
import Testing
@testable import HuddleNet

@Suite("mDNS cache: TTLs, goodbyes, cache-flush, known answers, refresh")
struct MDNSCacheTests {
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000_000)
    let instance = DNSName(instance: "ada", service: MDNSServiceNames.serviceType)!
    let host = DNSName("huddle-ada.local.")!
    var random = SplitMix64(seed: 1)

    func srv(port: UInt16 = 47_000, ttl: UInt32 = 8) -> DNSRecord {
        DNSRecord(name: instance, data: .srv(priority: 0, weight: 0, port: port, target: host), ttl: ttl, cacheFlush: true)
    }

    @Test("a record expires when its TTL runs out, not before")
    mutating func expiresAtTTL() {
        var cache = MDNSCache()
        #expect(cache.insert(srv(), interfaceIndex: 2, now: t0, random: &random) == .added)
        #expect(cache.expire(now: t0 + .milliseconds(7_999)).isEmpty)
        #expect(cache.expire(now: t0 + .seconds(8)).count == 1)
        #expect(cache.allEntries.isEmpty)
    }

    @Test("a record that arrives again starts its TTL over")
    mutating func refreshRestartsTTL() {
        var cache = MDNSCache()
        cache.insert(srv(), interfaceIndex: 2, now: t0, random: &random)
        #expect(cache.insert(srv(), interfaceIndex: 2, now: t0 + .seconds(6), random: &random) == .refreshed)
        #expect(cache.expire(now: t0 + .seconds(13)).isEmpty)
        #expect(cache.expire(now: t0 + .seconds(14)).count == 1)
    }

    @Test("a goodbye (TTL 0) makes the record gone at once and removes it one second later")
    mutating func goodbye() {
        var cache = MDNSCache()
        cache.insert(srv(), interfaceIndex: 2, now: t0, random: &random)
        #expect(cache.insert(srv(ttl: 0), interfaceIndex: 2, now: t0 + .seconds(1), random: &random) == .goodbye)
        #expect(cache.records(named: instance, type: 33).isEmpty)
        #expect(cache.expire(now: t0 + .milliseconds(1_999)).isEmpty)
        #expect(cache.expire(now: t0 + .seconds(2)).count == 1)
    }

    @Test("a goodbye for an unknown record is ignored")
    mutating func goodbyeForUnknown() {
        var cache = MDNSCache()
        #expect(cache.insert(srv(ttl: 0), interfaceIndex: 2, now: t0, random: &random) == .ignored)
        #expect(cache.allEntries.isEmpty)
    }

    @Test("a cache-flush record replaces older records of its name and type (RFC 6762 §10.2)")
    mutating func cacheFlush() {
        var cache = MDNSCache()
        cache.insert(srv(port: 1), interfaceIndex: 2, now: t0, random: &random)
        cache.insert(srv(port: 2), interfaceIndex: 2, now: t0 + .seconds(2), random: &random)
        let live = cache.records(named: instance, type: 33)
        #expect(live.count == 1)
        #expect(live.first?.record.data == .srv(priority: 0, weight: 0, port: 2, target: host))
        #expect(cache.expire(now: t0 + .seconds(3)).count == 1)
    }

    @Test("records of one burst do not flush each other (received within one second)")
    mutating func cacheFlushSparesBurst() {
        var cache = MDNSCache()
        cache.insert(DNSRecord(name: host, data: .a([10, 0, 0, 1]), ttl: 8, cacheFlush: true), interfaceIndex: 2, now: t0, random: &random)
        cache.insert(DNSRecord(name: host, data: .a([10, 0, 0, 2]), ttl: 8, cacheFlush: true), interfaceIndex: 2, now: t0, random: &random)
        #expect(cache.records(named: host, type: 1).count == 2)
    }

    @Test("known answers are the records with more than half their TTL left, with the TTL left")
    mutating func knownAnswersHalfTTL() {
        var cache = MDNSCache()
        cache.insert(srv(), interfaceIndex: 2, now: t0, random: &random)
        let question = DNSQuestion(name: instance, type: .srv)
        let early = cache.knownAnswers(for: question, interfaceIndex: 2, now: t0 + .seconds(3))
        #expect(early.map(\.ttl) == [5])
        #expect(early.first?.cacheFlush == false)
        #expect(cache.knownAnswers(for: question, interfaceIndex: 2, now: t0 + .seconds(4)).isEmpty)
        #expect(cache.knownAnswers(for: question, interfaceIndex: 3, now: t0).isEmpty)
    }

    @Test("a record is asked for again at 80, 85, 90 and 95 percent of its TTL (RFC 6762 §5.2)")
    mutating func refreshSchedule() {
        var cache = MDNSCache()
        cache.insert(srv(ttl: 100), interfaceIndex: 2, now: t0, random: &random)
        var asked: [Int] = []
        var now = t0
        while now < t0 + .seconds(100) {
            if !cache.dueRefreshes(interfaceIndex: 2, now: now, random: &random, wanted: { _ in true }).isEmpty {
                asked.append(Int((now - t0).nanoseconds / 1_000_000_000))
            }
            now = now + .seconds(1)
        }
        #expect(asked.count == 4)
        for (second, percent) in zip(asked, [80, 85, 90, 95]) {
            #expect((percent...percent + 2).contains(second), "asked at \(second) s, expected \(percent)-\(percent + 2)")
        }
    }

    @Test("another host's query for the same record postpones our refresh (duplicate question suppression)")
    mutating func duplicateQuestionSuppression() {
        var cache = MDNSCache()
        cache.insert(srv(ttl: 100), interfaceIndex: 2, now: t0, random: &random)
        let question = DNSQuestion(name: instance, type: .srv)
        cache.observeQuery(question, knownAnswers: [], interfaceIndex: 2, now: t0 + .seconds(82), random: &random)
        #expect(cache.dueRefreshes(interfaceIndex: 2, now: t0 + .seconds(83), random: &random, wanted: { _ in true }).isEmpty)
        // A query that lists the record as known does not refresh it, so ours still goes.
        var other = MDNSCache()
        other.insert(srv(ttl: 100), interfaceIndex: 2, now: t0, random: &random)
        other.observeQuery(question, knownAnswers: [srv(ttl: 90)], interfaceIndex: 2, now: t0 + .seconds(82), random: &random)
        #expect(!other.dueRefreshes(interfaceIndex: 2, now: t0 + .seconds(83), random: &random, wanted: { _ in true }).isEmpty)
    }

    @Test("a full cache drops new records and says so")
    mutating func capacity() {
        var cache = MDNSCache(capacity: 2)
        for last in 1...3 {
            let result = cache.insert(DNSRecord(name: host, data: .a([10, 0, 0, UInt8(last)]), ttl: 8), interfaceIndex: 2, now: t0, random: &random)
            #expect(result == (last <= 2 ? .added : .full))
        }
        #expect(cache.allEntries.count == 2)
    }
}
