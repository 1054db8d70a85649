import HuddleCore
import Testing

/// The churn bound on connections, with the time passed in; named after the attacks.
@Suite("Connection rate")
struct ConnectionRateTests {
    @Test("a host that reconnects as fast as it can gets its burst, then its rate; another host is not slowed")
    func reconnectingAsFastAsItCan() {
        var rate = ConnectionRate(burst: 16, perSecond: 2)
        var admitted = 0
        // 1,000 attempts within one second.
        for attempt in 0..<1000 where rate.admit("10.0.0.66", at: Double(attempt) / 1000) { admitted += 1 }
        #expect(admitted == 16 + 1, "the burst, and what one second refilled (2, one used up by then)")
        let other = rate.admit("10.0.0.7", at: 1)
        #expect(other, "another host still gets in")
        // After ten quiet seconds the host has its burst back, and no more.
        var later = 0
        for attempt in 0..<100 where rate.admit("10.0.0.66", at: 11 + Double(attempt) / 1000) { later += 1 }
        #expect(later == 16)
    }

    @Test("hosts that each connect once do not grow the table past its size")
    func manyHostsOnce() {
        var rate = ConnectionRate(burst: 4, perSecond: 1, maxHosts: 100)
        var admitted = 0
        for index in 0..<1000 where rate.admit("10.1.\(index / 256).\(index % 256)", at: Double(index)) { admitted += 1 }
        #expect(admitted == 1000)
        #expect(rate.trackedHosts <= 100)
    }
}
