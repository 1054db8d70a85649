import NIOCore
import Testing
@testable import HuddleNet

/// The keep-alive rule as a value: who asks when, and when a connection is given up.
struct KeepAliveTests {
    static let timing = KeepAlive.Timing(pingAfter: .seconds(15), deadAfter: .seconds(45), handshakeTimeout: .seconds(7))
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    @Test("the dialer asks after hearing nothing for pingAfter; the answerer only after twice that")
    func dialerAsksFirst() {
        var dialer = KeepAlive(timing: Self.timing, asksFirst: true, start: Self.start)
        var answerer = KeepAlive(timing: Self.timing, asksFirst: false, start: Self.start)
        let t = Self.start + .seconds(15)
        #expect(dialer.check(now: t - .milliseconds(1), established: true).action == nil)
        #expect(dialer.check(now: t, established: true).action == .ping)
        #expect(answerer.check(now: t, established: true).action == nil)
        #expect(answerer.check(now: t + .seconds(15), established: true).action == .ping)
    }

    @Test("an idle session costs one ping per interval: the pong resets the dialer, the ping the answerer")
    func onePingPerInterval() {
        var dialer = KeepAlive(timing: Self.timing, asksFirst: true, start: Self.start)
        var answerer = KeepAlive(timing: Self.timing, asksFirst: false, start: Self.start)
        var pings = (dialer: 0, answerer: 0)
        var now = Self.start
        for _ in 0..<(10 * 60) { // ten minutes in one-second steps; ping and pong arrive at once
            now = now + .seconds(1)
            if dialer.check(now: now, established: true).action == .ping {
                pings.dialer += 1
                answerer.heard(at: now)
                dialer.heard(at: now) // the pong
            }
            if answerer.check(now: now, established: true).action == .ping { pings.answerer += 1 }
        }
        #expect(pings.dialer == 40 && pings.answerer == 0)
    }

    @Test("a quiet stretch gets one ping per interval, not one per check")
    func repeatsOncePerInterval() {
        var dialer = KeepAlive(timing: Self.timing, asksFirst: true, start: Self.start)
        var pings: [Int64] = []
        for second in 1...44 {
            let now = Self.start + .seconds(Int64(second))
            if dialer.check(now: now, established: true).action == .ping { pings.append(Int64(second)) }
        }
        #expect(pings == [15, 30])
    }

    @Test("a session that hears nothing for deadAfter is closed; anything heard resets the count")
    func silenceCloses() {
        var keepAlive = KeepAlive(timing: Self.timing, asksFirst: true, start: Self.start)
        keepAlive.heard(at: Self.start + .seconds(30))
        #expect(keepAlive.check(now: Self.start + .seconds(74), established: true).action == .ping)
        let (action, _) = keepAlive.check(now: Self.start + .seconds(75), established: true)
        #expect(action == .silent(.seconds(45)))
    }

    @Test("a handshake and Hello that take longer than the limit close the connection; no ping before the session")
    func slowHandshakeCloses() {
        var keepAlive = KeepAlive(timing: Self.timing, asksFirst: true, start: Self.start)
        let (early, next) = keepAlive.check(now: Self.start + .seconds(6), established: false)
        #expect(early == nil && next == Self.start + .seconds(7))
        #expect(keepAlive.check(now: Self.start + .seconds(7), established: false).action == .handshakeTooSlow(.seconds(7)))
    }

    @Test("the next check is when something can next be due, never later")
    func nextCheck() {
        var keepAlive = KeepAlive(timing: Self.timing, asksFirst: false, start: Self.start)
        #expect(keepAlive.check(now: Self.start, established: true).next == Self.start + .seconds(30))
        #expect(keepAlive.check(now: Self.start + .seconds(30), established: true).next == Self.start + .seconds(45))
    }
}
