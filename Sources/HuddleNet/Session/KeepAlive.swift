import NIOCore

/// When a connection pings and when it gives up, as a value with the time passed in.
///
/// Only what is heard counts: a side that hears nothing for ``Timing/pingAfter`` asks. The
/// dialer asks first; the answerer asks only after twice as long, so an idle session costs
/// one ping and one pong per interval rather than two of each, and a session whose dialer
/// only sends (and so hears nothing to reset it) is still kept alive by the answerer's ping.
/// A connection that says nothing for ``Timing/deadAfter`` is dead; one whose handshake and
/// Hello take longer than ``Timing/handshakeTimeout`` is closed before it becomes a session.
struct KeepAlive: Sendable {
    /// The three limits.
    struct Timing: Sendable {
        var pingAfter: TimeAmount
        var deadAfter: TimeAmount
        var handshakeTimeout: TimeAmount
    }

    /// What the connection should do now.
    enum Action: Equatable, Sendable {
        /// Send a ping.
        case ping
        /// Close: nothing heard for this long in the session.
        case silent(TimeAmount)
        /// Close: the handshake and Hello took longer than this.
        case handshakeTooSlow(TimeAmount)
    }

    let timing: Timing
    /// Whether this side asks first (the dialer).
    let asksFirst: Bool
    /// The last time anything was heard (the connection's start until then).
    private(set) var lastHeard: NIODeadline
    /// The last ping sent in the current quiet stretch.
    private(set) var lastPing: NIODeadline?

    init(timing: Timing, asksFirst: Bool, start: NIODeadline) {
        self.timing = timing
        self.asksFirst = asksFirst
        lastHeard = start
    }

    /// Something arrived.
    mutating func heard(at now: NIODeadline) {
        lastHeard = now
    }

    /// What is due at `now` (if anything), and when to check next.
    mutating func check(now: NIODeadline, established: Bool) -> (action: Action?, next: NIODeadline) {
        guard established else {
            let deadline = lastHeard + timing.handshakeTimeout
            return (now >= deadline ? .handshakeTooSlow(timing.handshakeTimeout) : nil, deadline)
        }
        let dead = lastHeard + timing.deadAfter
        if now >= dead { return (.silent(timing.deadAfter), dead) }
        var due = lastHeard + (asksFirst ? timing.pingAfter : timing.pingAfter * 2)
        if let lastPing, lastPing >= lastHeard { due = max(due, lastPing + timing.pingAfter) }
        guard now >= due else { return (nil, min(due, dead)) }
        lastPing = now
        return (.ping, min(now + timing.pingAfter, dead))
    }
}
